package org.odooplatform.cli;

import java.nio.file.Path;
import org.odooplatform.common.Environment;
import org.odooplatform.image.ImageReference;
import org.odooplatform.image.RegistryClient;
import org.odooplatform.image.RegistryCredentials;
import picocli.CommandLine.Option;

/** {@code --registry-config}, {@code --insecure-registry}: how the image commands reach the registry. */
public final class RegistryOptions {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    public RegistryOptions(Environment env) {
        this.env = env;
    }

    @Option(names = "--registry-config", paramLabel = "FILE",
            description = "A docker config.json whose auths.<host>.auth holds the registry credentials."
                    + " REGISTRY_USERNAME/REGISTRY_PASSWORD in the environment take precedence.")
    Path config;

    @Option(names = "--insecure-registry",
            description = "Talk plain HTTP to the registry (always done for 127.0.0.1 and localhost).")
    boolean insecure;

    /** The credential sources, checked (both env variables or neither, config file readable). */
    RegistryCredentials credentials() {
        return new RegistryCredentials(env.asMap(), config).validate();
    }

    RegistryClient client(ImageReference ref, RegistryCredentials credentials, RegistryTimeout timeout) {
        return RegistryClient.forReference(ref, credentials, insecure).withRequestTimeout(timeout.timeout)
                .withProgress(timeout.progress());
    }

    boolean insecureFor(ImageReference ref) {
        return insecure || RegistryClient.isLoopback(ref.apiHost());
    }
}
