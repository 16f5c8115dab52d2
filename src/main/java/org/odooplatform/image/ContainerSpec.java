package org.odooplatform.image;

import java.util.List;
import java.util.Map;
import org.odooplatform.common.Secret;

/**
 * A container to run. {@code secretEnv} values reach the container through the CLI's own
 * environment ({@code -e NAME} on the command line, the value never), {@code env} values are
 * plain. {@code volumes} maps a named volume to its path in the container.
 */
public record ContainerSpec(String name, String image, String network, List<String> aliases, Map<String, String> env,
                            Map<String, Secret> secretEnv, Map<String, String> labels, Map<String, String> volumes,
                            List<String> command) {

    public ContainerSpec {
        aliases = List.copyOf(aliases);
        env = Map.copyOf(env);
        secretEnv = Map.copyOf(secretEnv);
        labels = Map.copyOf(labels);
        volumes = Map.copyOf(volumes);
        command = List.copyOf(command);
    }
}
