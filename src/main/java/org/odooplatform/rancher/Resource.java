package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * One Rancher resource (stack, service, pull task) as the server returned it. The accessors read
 * the fields of docs/rancher-api.md §2; links and actions are the URLs the server gave, which the
 * client follows instead of building paths.
 */
public record Resource(JsonNode json) {

    public String id() {
        return text("id");
    }

    public String type() {
        return text("type");
    }

    public String name() {
        return text("name");
    }

    public String state() {
        return text("state");
    }

    /** {@code yes}, {@code no} or {@code error}. */
    public String transitioning() {
        String t = text("transitioning");
        return t == null ? "no" : t;
    }

    public boolean isTransitioning() {
        return "yes".equals(transitioning());
    }

    public boolean isInError() {
        return "error".equals(transitioning());
    }

    public String transitioningMessage() {
        return text("transitioningMessage");
    }

    public String healthState() {
        return text("healthState");
    }

    public boolean isRemoved() {
        String state = state();
        return "removed".equals(state) || "removing".equals(state) || "purging".equals(state)
                || "purged".equals(state) || json.hasNonNull("removed");
    }

    /** Removed for good: no longer counts for name uniqueness (a "removing" resource still does). */
    public boolean isGone() {
        String state = state();
        return "removed".equals(state) || "purging".equals(state) || "purged".equals(state) || json.hasNonNull("removed");
    }

    public Optional<String> link(String name) {
        return Optional.ofNullable(json.path("links").path(name).textValue());
    }

    public Optional<String> actionUrl(String name) {
        return Optional.ofNullable(json.path("actions").path(name).textValue());
    }

    public boolean hasAction(String name) {
        return actionUrl(name).isPresent();
    }

    public String selfUrl() {
        return link("self").orElseThrow(() -> new IllegalStateException("resource " + id() + " has no self link"));
    }

    public JsonNode get(String field) {
        JsonNode node = json.get(field);
        return node == null ? MissingNode.getInstance() : node;
    }

    public String text(String field) {
        JsonNode node = json.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    public int intValue(String field, int otherwise) {
        JsonNode node = json.get(field);
        return node == null || !node.canConvertToInt() ? otherwise : node.asInt();
    }

    /** The primary launch config's image, without the {@code docker:} prefix. */
    public String image() {
        return imageOf(json.path("launchConfig"));
    }

    /** A launch config's image without the {@code docker:} prefix. */
    public static String imageOf(JsonNode launchConfig) {
        String uuid = launchConfig.path("imageUuid").textValue();
        if (uuid == null) {
            return null;
        }
        return uuid.startsWith("docker:") ? uuid.substring("docker:".length()) : uuid;
    }

    @Override
    public String toString() {
        return type() + " " + name() + " (" + id() + ", " + state() + ")";
    }
}
