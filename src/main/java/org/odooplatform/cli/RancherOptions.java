package org.odooplatform.cli;

import java.io.PrintStream;
import org.odooplatform.common.Environment;
import org.odooplatform.flow.Clients;
import org.odooplatform.rancher.RancherEndpoint;
import picocli.CommandLine.Option;

/** {@code --insecure-rancher}: how the Rancher commands reach RANCHER_URL (the counterpart of --insecure-registry). */
final class RancherOptions {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    RancherOptions(Environment env) {
        this.env = env;
    }

    @Option(names = "--insecure-rancher",
            description = "Allow a plain-HTTP RANCHER_URL on another machine (the API key then crosses the network"
                    + " unencrypted). Plain HTTP to 127.0.0.1 or localhost is always allowed.")
    boolean insecure;

    Clients clients(PrintStream out) {
        return Clients.fromEnvironment(env.asMap(), out, insecure);
    }

    /** The endpoint from the environment, checked now: bad RANCHER_* variables are bad input before anything runs. */
    RancherEndpoint endpoint() {
        return RancherEndpoint.fromEnvironment(env.asMap()).requireSecureTransport(insecure);
    }
}
