package org.odooplatform.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.Secret;
import org.odooplatform.flow.sandbox.CommonStacks;
import org.odooplatform.flow.sandbox.JavaProcessRunner;
import org.odooplatform.flow.sandbox.PrivateRegistry;
import org.odooplatform.flow.sandbox.SandboxFlow;
import org.odooplatform.simulator.RancherSimulator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Runs the master -> tag -> promote cycle of a project against an embedded Rancher 1.6 simulator:",
            "generates and checks the settings, recreates the test stack, bumps and releases a version to",
            "integration, promotes it to prod, and prints the status of the three stacks. With docker-registry,",
            "buildah (or docker) and busybox-static it also builds, publishes and promotes the image by digest",
            "through a registry of its own on 127.0.0.1; without them it says what to install.",
            "Nothing outside a temporary directory is changed; the project itself is copied."})
final class SandboxCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    SandboxCommand(Environment env) {
        this.env = env;
    }

    @Option(names = "--project", paramLabel = "DIR",
            description = "The Odoo project to run. Default: examples/sample-project of this installation.")
    Path project;

    @Option(names = "--workdir", paramLabel = "DIR",
            description = "Where the project copy and settings go. Default: a temporary directory, deleted at the end.")
    Path workdir;

    @Option(names = "--transition-delay", paramLabel = "DURATION", defaultValue = "150ms",
            converter = DurationConverter.class,
            description = "How long each simulated Rancher transition lasts (e.g. 150ms, 1s). Default: ${DEFAULT-VALUE}.")
    Duration transitionDelay;

    @Option(names = "--health-check-delay", paramLabel = "DURATION", defaultValue = "400ms",
            converter = DurationConverter.class,
            description = "How long new containers stay 'initializing' before 'healthy'. Default: ${DEFAULT-VALUE}.")
    Duration healthCheckDelay;

    @Override
    public Integer call() throws IOException {
        Path source = project != null ? project : defaultProject();
        if (!Files.isDirectory(source.resolve("odoo")) || !Files.isDirectory(source.resolve("rancher"))) {
            throw new BadInputException(source, 0, "not an Odoo project: expected odoo/ and rancher/ directories");
        }
        boolean temporary = workdir == null;
        Path work = temporary
                ? Files.createTempDirectory("odoo-platform-sandbox",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                : Files.createDirectories(workdir);
        String secretKey = Secret.of(random()).reveal();
        Optional<Path> registryBinary = onPath("docker-registry");
        boolean builder = onPath("buildah").isPresent() || onPath("docker").isPresent();
        PrivateRegistry registry = null;
        try (RancherSimulator simulator = RancherSimulator.builder().accessKey("sandbox-access-key")
                .secretKey(secretKey).transitionDelay(transitionDelay).healthCheckDelay(healthCheckDelay).build().start()) {
            System.out.println("Rancher 1.6 simulator on " + simulator.baseUrl() + " (environment "
                    + simulator.projectId() + "); working directory " + work);
            CommonStacks.seed(simulator);
            System.out.println("The platform's common stacks: " + CommonStacks.SERVICES.stream()
                    .map(s -> s.stack() + "/" + s.name()).collect(Collectors.joining(", ")));
            SandboxFlow.Images images = null;
            String missing = null;
            if (registryBinary.isPresent() && builder && Files.isExecutable(Path.of(SandboxFlow.BUSYBOX))) {
                registry = PrivateRegistry.start(registryBinary.get(), work.resolve("registry"));
                System.out.println("Docker registry on " + registry.address() + " (the sandbox's own, stopped at the end)");
                Map<String, String> builderEnv = new LinkedHashMap<>();
                // buildah's storage in the working directory unless the caller chose one
                builderEnv.put("ODOO_PLATFORM_BUILDAH_ROOT", env.get("ODOO_PLATFORM_BUILDAH_ROOT")
                        .orElse(work.resolve("buildah").toString()));
                images = new SandboxFlow.Images(registry.address(), null, null, "auto", builderEnv);
            } else {
                List<String> needed = new ArrayList<>();
                if (registryBinary.isEmpty()) {
                    needed.add("docker-registry");
                }
                if (!builder) {
                    needed.add("buildah (or docker)");
                }
                if (!Files.isExecutable(Path.of(SandboxFlow.BUSYBOX))) {
                    needed.add("busybox-static");
                }
                missing = "install " + String.join(" and ", needed) + " to see it";
                System.out.println("No image part (build, publish, promote by digest): " + missing + ".");
            }
            Map<String, String> rancherEnv = Map.of("RANCHER_URL", simulator.baseUrl(),
                    "RANCHER_ACCESS_KEY", "sandbox-access-key", "RANCHER_SECRET_KEY", secretKey);
            // platform-wide credentials init-settings copies into each instance's settings
            Map<String, String> platformEnv = Map.of(
                    "AWS_HOST", "sos.sandbox.example.com",
                    "AWS_ACCESS_KEY_ID", "SANDBOXACCESSKEY0001",
                    "AWS_SECRET_ACCESS_KEY", Secret.of(random()).reveal(),
                    "LETSENCRYPT_AWS_ACCESS_KEY", "SANDBOXLETSENCRYPT01",
                    "LETSENCRYPT_AWS_SECRET_KEY", Secret.of(random()).reveal());
            return SandboxFlow.run(new SandboxFlow.Options(source.toAbsolutePath().normalize(), work, rancherEnv,
                    platformEnv, images, missing), new JavaProcessRunner(System.out, work), System.out);
        } finally {
            if (registry != null) {
                registry.close();
            }
            if (temporary) {
                deleteTree(work);
            }
        }
    }

    private Optional<Path> onPath(String program) {
        for (String dir : env.get("PATH").orElse("").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static Path defaultProject() {
        try {
            Path codeSource = Paths.get(SandboxCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/odoo-platform.jar or target/classes → the installation root
            Path root = codeSource.getParent().getParent();
            Path sample = root.resolve("examples/sample-project");
            if (Files.isDirectory(sample)) {
                return sample;
            }
        } catch (Exception e) {
            // fall through to the message below
        }
        throw new BadInputException("no --project given and examples/sample-project was not found beside the engine:"
                + " expected --project DIR");
    }

    private static String random() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
