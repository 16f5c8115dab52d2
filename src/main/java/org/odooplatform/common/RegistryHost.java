package org.odooplatform.common;

import java.util.Optional;

/**
 * Whether an image name starts with a registry host, as Docker decides it: the part before the
 * first '/' is a host when it contains '.' or ':' or is {@code localhost}; otherwise the name is a
 * Docker Hub path ({@code acme/acme_odoo}). The one home of this rule: {@code image.ImageReference},
 * {@code rancher.LaunchImage}, {@code project.ProjectConfig} and {@code project.ComposeService} ask
 * here, and the Jenkins steps ask the CLI ({@code image registry-host}). It lives in {@code common}
 * because {@code project} and {@code rancher} may not import {@code image}. The Rancher simulator
 * keeps its own copy on purpose: it models cattle's {@code DockerImage.parse} (the same rule) and
 * imports nothing of ours.
 */
public final class RegistryHost {

    private RegistryHost() {
    }

    /** The host part of {@code name} as written ({@code index.docker.io} stays itself), or empty for a Docker Hub path. */
    public static Optional<String> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        int slash = name.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String first = name.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? Optional.of(first) : Optional.empty();
    }

    /** {@code name} without its host part, when it has one. */
    public static String strip(String name) {
        return of(name).map(host -> name.substring(host.length() + 1)).orElse(name);
    }
}
