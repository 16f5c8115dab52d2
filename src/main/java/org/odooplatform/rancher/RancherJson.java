package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.odooplatform.common.JsonTrees;

/**
 * The JSON forms of the engine's typed requests (docs/rancher-api.md §2.4, §3): launch configs,
 * service creation, the in-service upgrade input, service links, pull tasks. Used by
 * {@link RancherClient} only, so the flows never build a request body.
 */
final class RancherJson {

    static final String DOCKER_PREFIX = "docker:";
    static final String NO_IMAGE = "rancher/none";
    /** Launch config fields held typed by {@link LaunchConfig} (or set by the server: version). */
    static final Set<String> TYPED_FIELDS = Set.of("imageUuid", "environment", "labels", "name", "version");

    private RancherJson() {
    }

    static ObjectNode launchConfig(LaunchConfig lc) {
        ObjectNode json = JsonTrees.object();
        if (lc.name() != null) {
            json.put("name", lc.name());
        }
        json.put("imageUuid", imageUuid(lc));
        if (lc.isRemoved()) {
            return json;
        }
        ObjectNode env = json.putObject("environment");
        lc.environment().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> env.put(e.getKey(), e.getValue()));
        ObjectNode labels = json.putObject("labels");
        lc.labels().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> labels.put(e.getKey(), e.getValue()));
        lc.fields().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> json.set(e.getKey(), e.getValue().deepCopy()));
        return json;
    }

    static String imageUuid(LaunchConfig lc) {
        return lc.isRemoved() ? NO_IMAGE : DOCKER_PREFIX + lc.image();
    }

    /** The image of a launch config as the API returns it ({@code docker:} stripped); empty for none. */
    static Optional<LaunchImage> image(JsonNode launchConfig) {
        String uuid = launchConfig.path("imageUuid").textValue();
        if (uuid == null || NO_IMAGE.equalsIgnoreCase(uuid)) {
            return Optional.empty();
        }
        return LaunchImage.tryParse(uuid.startsWith(DOCKER_PREFIX) ? uuid.substring(DOCKER_PREFIX.length()) : uuid);
    }

    static ObjectNode createService(String stackId, String name, int scale, LaunchConfig primary, List<LaunchConfig> sidekicks) {
        ObjectNode body = JsonTrees.object();
        body.put("name", name);
        body.put("stackId", stackId);
        body.put("scale", scale);
        body.put("startOnCreate", true);
        body.set("launchConfig", launchConfig(primary));
        ArrayNode secondaries = body.putArray("secondaryLaunchConfigs");
        sidekicks.forEach(lc -> secondaries.add(launchConfig(lc)));
        return body;
    }

    static ObjectNode upgrade(InServiceUpgrade upgrade) {
        ObjectNode strategy = JsonTrees.object();
        strategy.put("batchSize", upgrade.batchSize());
        strategy.put("intervalMillis", upgrade.intervalMillis());
        strategy.put("startFirst", upgrade.startFirst());
        if (upgrade.primary() != null) {
            strategy.set("launchConfig", launchConfig(upgrade.primary()));
        }
        if (!upgrade.sidekicks().isEmpty()) {
            ArrayNode secondaries = strategy.putArray("secondaryLaunchConfigs");
            upgrade.sidekicks().forEach(lc -> secondaries.add(launchConfig(lc)));
        }
        ObjectNode body = JsonTrees.object();
        body.set("inServiceStrategy", strategy);
        return body;
    }

    static ObjectNode serviceLinks(Map<String, String> aliasToServiceId) {
        ObjectNode input = JsonTrees.object();
        ArrayNode links = input.putArray("serviceLinks");
        aliasToServiceId.forEach((alias, id) -> links.addObject().put("name", alias).put("serviceId", id));
        return input;
    }

    static ObjectNode pullTask(LaunchImage image, Map<String, String> labels) {
        ObjectNode body = JsonTrees.object().put("mode", "all").put("image", DOCKER_PREFIX + image);
        ObjectNode l = body.putObject("labels");
        labels.forEach(l::put);
        return body;
    }
}
