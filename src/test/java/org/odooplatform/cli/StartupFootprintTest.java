package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.simulator.RancherSimulator;

/**
 * What the common pipeline commands load at start-up, read off the JVM's own class-loading log (a fresh JVM
 * per command, -verbose:class): the subsystems a command does not need must stay unloaded, because their
 * set-up is what the start of a short command is made of (bench/cli-start-bench.sh has the figures). A
 * count of classes, not a time: the same on a loaded machine. Each assertion names what would come back
 * with the change that broke it.
 */
class StartupFootprintTest {

    private static final String SECRET = "footprint-secret-key";

    @TempDir
    static Path dir;

    private static RancherSimulator simulator;
    private static Path envFile;

    @BeforeAll
    static void startSimulator() {
        simulator = RancherSimulator.builder().accessKey("footprint").secretKey(SECRET)
                .transitionDelay(Duration.ZERO).healthCheckDelay(Duration.ZERO).build().start();
        envFile = dir.resolve("test.env");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(Main.run(quiet, quiet, "init-settings", "--client", "acme", "--instance", "test",
                "--domain", "test.acme.example.com", "--out", envFile.toString())).isZero();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @Test
    void versionLoadsNoJsonNoYamlAndNoHttpClient() throws Exception {
        List<String> classes = loadedBy(0, "--version");

        assertThat(classes).as("picocli's model is built for --version").anyMatch(c -> c.startsWith("picocli."));
        assertThat(classes).noneMatch(c -> c.startsWith("com.fasterxml.jackson."))
                .noneMatch(c -> c.startsWith("org.yaml.snakeyaml."))
                .noneMatch(c -> c.startsWith("java.net.http.") || c.startsWith("jdk.internal.net.http."));
        // only the root command's model: the subcommands are registered when named (OdooPlatformCommand.needed)
        assertThat(classes).noneMatch(c -> c.startsWith("org.odooplatform.cli.DeployOptions"));
    }

    @Test
    void diffReadsTreesWithoutAnObjectMapperAndYamlWithoutAConstructor() throws Exception {
        List<String> classes = loadedBy(4, "diff", "--project", Path.of("examples/sample-project").toAbsolutePath().toString(),
                "--instance", "test", "--env-file", envFile.toString(), "--image", "camptocamp/acme_odoo:1");

        assertThat(classes).as("diff talked to Rancher").contains("org.odooplatform.rancher.RancherClient")
                .contains("org.odooplatform.project.YamlNode");
        // ObjectMapper's static set-up builds a SimpleDateFormat: the JDK's calendar and locale data (JsonTrees)
        assertThat(classes).doesNotContain("com.fasterxml.jackson.databind.ObjectMapper", "java.text.SimpleDateFormat");
        // Yaml's Constructor brings type descriptions and a java.util.logging logger (YamlNode.compose)
        assertThat(classes).doesNotContain("org.yaml.snakeyaml.constructor.Constructor", "org.yaml.snakeyaml.Yaml");
        // a plain-http Rancher needs no TLS provider nor CA store (LazyTls)
        assertThat(classes).doesNotContain("sun.security.ssl.SSLContextImpl", "sun.security.provider.certpath.PKIXValidator");
    }

    @Test
    void checkOfAProjectOpensNoConnection() throws Exception {
        List<String> classes = loadedBy(0, "check", "--project", Path.of("examples/sample-project").toAbsolutePath().toString(),
                "--instance", "test", "--env-file", envFile.toString());

        assertThat(classes).contains("org.odooplatform.project.YamlNode")
                .noneMatch(c -> c.startsWith("jdk.internal.net.http."))
                .doesNotContain("com.fasterxml.jackson.databind.ObjectMapper", "org.yaml.snakeyaml.constructor.Constructor");
    }

    /** The classes a fresh JVM loads to run the CLI with {@code args}; asserts the exit code. */
    private static List<String> loadedBy(int expectedExit, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-verbose:class", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("RANCHER_URL", simulator.baseUrl());
        env.put("RANCHER_ACCESS_KEY", "footprint");
        env.put("RANCHER_SECRET_KEY", SECRET);
        Process child = builder.start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the CLI ended").isTrue();
        String log = Files.readString(dir.resolve("child.log"));
        assertThat(child.exitValue()).as(log.lines().filter(l -> !l.startsWith("[")).reduce("", (a, b) -> a + b + "\n"))
                .isEqualTo(expectedExit);
        List<String> classes = new ArrayList<>();
        // -verbose:class lines: "[0.012s][info][class,load] java.lang.Object source: shared objects file"
        log.lines().filter(l -> l.contains("[class,load] ")).forEach(l -> {
            String rest = l.substring(l.indexOf("[class,load] ") + "[class,load] ".length());
            classes.add(rest.substring(0, rest.indexOf(' ')));
        });
        assertThat(classes).as("the JVM logged its class loading").hasSizeGreaterThan(400);
        return classes;
    }
}
