package org.odooplatform.rancher;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.RegistryHost;

/**
 * An image as a compose file writes it and as Rancher stores it in a launch config's
 * {@code imageUuid} ({@code docker:<as written>}): {@code [host[:port]/]path[:tag][@sha256:<64 hex>]}.
 * Unlike {@link org.odooplatform.image.ImageReference}, which normalises names for the registry
 * API ({@code docker.io/library/...}), it keeps the text as written, so a plan compares what
 * rancher-compose deployed with what we deploy without spurious changes.
 * A reference with a digest is immutable; one with only a tag may point at new content tomorrow.
 */
public record LaunchImage(String repository, String tag, String digest) {

    // docker/distribution reference grammar, simplified to what registries accept
    private static final Pattern REFERENCE = Pattern.compile(
            "((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)?"
                    + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
                    + "(?::([\\w][\\w.-]{0,127}))?"
                    + "(?:@(sha256:[a-f0-9]{64}))?");

    public static Optional<LaunchImage> tryParse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = REFERENCE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LaunchImage(m.group(1), m.group(2), m.group(3)));
    }

    /** The repository names a registry host ({@code host.tld/...}, {@code host:port/...}, {@code localhost/...}). */
    public boolean hasRegistryHost() {
        return RegistryHost.of(repository).isPresent();
    }

    public boolean isPinned() {
        return digest != null;
    }

    public boolean hasTagOrDigest() {
        return tag != null || digest != null;
    }

    /** {@code repo@sha256:...} when pinned (the tag then only documents), else {@code repo:tag}. */
    public String pinned() {
        if (digest != null) {
            return repository + "@" + digest;
        }
        return repository + (tag == null ? "" : ":" + tag);
    }

    @Override
    public String toString() {
        return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
