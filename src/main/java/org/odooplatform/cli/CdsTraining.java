package org.odooplatform.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.odooplatform.common.Environment;
import org.odooplatform.simulator.RancherSimulator;

/**
 * The training run of the class-data sharing archive the Maven build writes beside the jar
 * ({@code java -XX:ArchiveClassesAtExit=target/odoo-platform.jsa -cp target/odoo-platform.jar
 * org.odooplatform.cli.CdsTraining examples/sample-project}, in the {@code package} phase): it runs the
 * common pipeline commands in one JVM, so the archive holds the classes they load (picocli's model,
 * the settings and compose parsers, jackson, the JDK's HTTP client). Not a user command.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path sample = Path.of(args.length > 0 ? args[0] : "examples/sample-project").toAbsolutePath();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        Path work = Files.createTempDirectory("odoo-platform-cds");
        try (RancherSimulator sim = RancherSimulator.builder().accessKey("cds").secretKey("cds-training-secret")
                .transitionDelay(Duration.ZERO).healthCheckDelay(Duration.ZERO).build().start()) {
            Path env = work.resolve("test.env");
            Main.run(quiet, quiet, "--version");
            Main.run(quiet, quiet, "--help");
            Main.run(quiet, quiet, "image", "resolve", "--help");
            // a registry-less resolve still parses the reference and builds the registry client
            Main.run(quiet, quiet, "image", "resolve", "127.0.0.1:1/cds/training:1");
            Main.run(quiet, quiet, "init-settings", "--client", "acme", "--instance", "test",
                    "--domain", "test.acme.example.com", "--out", env.toString());
            Main.run(quiet, quiet, "check", "--project", sample.toString(), "--instance", "test",
                    "--env-file", env.toString());
            // diff and status read RANCHER_* from the environment: this JVM's stand-in for it (an empty environment)
            Environment rancher = Environment.of(java.util.Map.of("RANCHER_URL", sim.baseUrl(),
                    "RANCHER_ACCESS_KEY", "cds", "RANCHER_SECRET_KEY", "cds-training-secret"));
            Main.run(rancher, quiet, quiet, "diff", "--project", sample.toString(), "--instance", "test",
                    "--env-file", env.toString(), "--image", "camptocamp/acme_odoo:1");
            Main.run(rancher, quiet, quiet, "status", "--project", sample.toString(), "--instance", "test");
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
