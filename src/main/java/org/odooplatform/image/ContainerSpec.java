package org.odooplatform.image;

import java.util.List;
import java.util.Map;
import org.odooplatform.common.Secret;

/**
 * A container to run. {@code secretEnv} values reach the container through the CLI's own
 * environment ({@code -e NAME} on the command line, the value never), {@code env} values are
 * plain. {@code volumes} maps a named volume to its path in the container. {@code entrypoint}
 * replaces the image's (null: the image's), {@code workdir} is where the command starts (null: the image's).
 */
public record ContainerSpec(String name, String image, String network, List<String> aliases, Map<String, String> env,
                            Map<String, Secret> secretEnv, Map<String, String> labels, Map<String, String> volumes,
                            List<String> command, String entrypoint, String workdir) {

    /** With the image's entrypoint and working directory. */
    public ContainerSpec(String name, String image, String network, List<String> aliases, Map<String, String> env,
                         Map<String, Secret> secretEnv, Map<String, String> labels, Map<String, String> volumes,
                         List<String> command) {
        this(name, image, network, aliases, env, secretEnv, labels, volumes, command, null, null);
    }

    public ContainerSpec {
        aliases = List.copyOf(aliases);
        env = Map.copyOf(env);
        secretEnv = Map.copyOf(secretEnv);
        labels = Map.copyOf(labels);
        volumes = Map.copyOf(volumes);
        command = List.copyOf(command);
    }
}
