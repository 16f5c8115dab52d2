package org.odooplatform.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.Secret;
import org.odooplatform.simulator.RancherSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rancher-simulator", mixinStandardHelpOptions = true,
        description = {"Runs the Rancher 1.6 API simulator on 127.0.0.1 until killed.",
            "The secret key comes from env RANCHER_SECRET_KEY or --secret-key-file; without an access key there is no access control."})
final class RancherSimulatorCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    RancherSimulatorCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--access-key",
            description = "API access key (basic-auth user). Default: env RANCHER_ACCESS_KEY.")
    String accessKey;

    @Option(names = "--secret-key-file", description = "File holding the API secret key (else env RANCHER_SECRET_KEY).")
    Path secretKeyFile;

    @Option(names = "--state-file", description = "Persist the state as JSON here on every change, and reload it at start.")
    Path stateFile;

    @Option(names = "--transition-delay", defaultValue = "200ms", converter = DurationConverter.class,
            description = "How long each transitioning state lasts (e.g. 0, 200ms, 1s). Default: ${DEFAULT-VALUE}.")
    Duration transitionDelay;

    @Option(names = "--health-check-delay", defaultValue = "1s", converter = DurationConverter.class,
            description = "How long containers with a health check stay initializing. Default: ${DEFAULT-VALUE}.")
    Duration healthCheckDelay;

    @Option(names = "--health-update-delay", defaultValue = "200ms", converter = DurationConverter.class,
            description = "How long after a change the stored service and stack healthState is recomputed (Cattle's deferred "
                + "health update). Default: ${DEFAULT-VALUE}.")
    Duration healthUpdateDelay;

    @Option(names = "--default-registry", description = "Cattle's registry.default setting: prefixed to images without a registry host.")
    String defaultRegistry;

    @Option(names = "--host", paramLabel = "NAME[:LABEL=VALUE,...]",
            description = "A host of the environment (repeatable; replaces the default sim-host-1, sim-host-2 (application=true) "
                + "and sim-host-3 (database=true)).")
    java.util.List<String> hosts;

    @Override
    public Integer call() throws Exception {
        Duration transition = transitionDelay;
        Duration health = healthCheckDelay;
        Secret secret = secret();
        String ak = (accessKey != null ? Optional.of(accessKey) : env.get("RANCHER_ACCESS_KEY")).filter(k -> !k.isBlank()).orElse(null);
        if (ak != null && secret == null) {
            throw new BadInputException("--access-key " + ak + " needs a secret key: set env RANCHER_SECRET_KEY or give --secret-key-file FILE");
        }
        if (ak == null && secretKeyFile != null) {
            throw new BadInputException("--secret-key-file given without --access-key (or env RANCHER_ACCESS_KEY)");
        }
        if (port < 0 || port > 65535) {
            throw new BadInputException("--port must be between 0 and 65535, got " + port);
        }
        java.util.Map<String, java.util.Map<String, String>> hostMap = parseHosts();
        RancherSimulator.Builder builder = RancherSimulator.builder().port(port).transitionDelay(transition).healthCheckDelay(health)
                .healthUpdateDelay(healthUpdateDelay);
        if (hostMap != null) {
            builder.hosts(hostMap);
        }
        if (defaultRegistry != null && !defaultRegistry.isBlank()) {
            builder.defaultRegistry(defaultRegistry.strip());
        }
        if (ak != null) {
            builder.accessKey(ak).secretKey(secret.reveal());
        }
        if (stateFile != null) {
            builder.stateFile(stateFile);
        }
        RancherSimulator sim = builder.build().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "rancher-simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Rancher simulator listening on " + sim.baseUrl() + " (project " + sim.projectId() + ")");
        out.println("RANCHER_URL=" + sim.baseUrl());
        out.println(ak == null ? "access control: off (any or no key accepted)" : "access control: on, access key " + ak);
        out.println("transition delay " + transition.toMillis() + " ms, health check delay " + health.toMillis() + " ms"
                + ", health update delay " + healthUpdateDelay.toMillis() + " ms" + (stateFile == null ? "" : ", state file " + stateFile));
        out.println("hosts: " + String.join(", ", sim.hosts().stream().map(h -> h.get("name").asText() + " " + h.get("labels")).toList()));
        out.println("control API: " + sim.baseUrl() + "/_sim (request log, faults, seeding; docs/rancher-simulator.md)");
        out.println("Stop with Ctrl-C.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            // in-process callers (tests) stop the simulator by interrupting the thread running it
            Runtime.getRuntime().removeShutdownHook(hook);
            sim.close();
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code --host app-1:application=true,zone=a}: null when none given (the defaults stay). */
    private java.util.Map<String, java.util.Map<String, String>> parseHosts() {
        if (hosts == null || hosts.isEmpty()) {
            return null;
        }
        java.util.Map<String, java.util.Map<String, String>> result = new java.util.LinkedHashMap<>();
        for (String spec : hosts) {
            int colon = spec.indexOf(':');
            String name = (colon < 0 ? spec : spec.substring(0, colon)).strip();
            if (name.isEmpty() || !name.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
                throw new BadInputException("--host '" + spec + "': expected NAME[:LABEL=VALUE,...] with a name of letters, digits, '.', '-'");
            }
            java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
            if (colon >= 0 && !spec.substring(colon + 1).isBlank()) {
                for (String pair : spec.substring(colon + 1).split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new BadInputException("--host '" + spec + "': label '" + pair + "' is not LABEL=VALUE");
                    }
                    labels.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
            }
            if (result.put(name, labels) != null) {
                throw new BadInputException("--host " + name + " is given twice");
            }
        }
        return result;
    }

    private Secret secret() {
        if (secretKeyFile != null) {
            String value = org.odooplatform.common.InputFiles.read(secretKeyFile, 64 * 1024,
                    org.odooplatform.common.InputFiles.timeout()).text().strip();
            if (value.isEmpty()) {
                throw new BadInputException(secretKeyFile, 1, "the secret key file is empty");
            }
            return Secret.of(value);
        }
        String key = env.get("RANCHER_SECRET_KEY").orElse("");
        return key.isEmpty() ? null : Secret.of(key);
    }
}
