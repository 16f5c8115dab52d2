package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.odooplatform.simulator.RancherSimulator;
import org.odooplatform.testsupport.Cli;

/**
 * The set-up shared by the tests that run the CLI in-process against the simulator: a fresh simulator and a copy of
 * the sample project per test, the process environment pointed at the simulator, and after each test every recorded
 * output (and the harness's unmasked output) scanned for the secret canaries. Use it as
 * {@code @RegisterExtension final CliOnSimulator cli = new CliOnSimulator();}.
 */
final class CliOnSimulator implements BeforeEachCallback, AfterEachCallback {

    private final List<Consumer<String>> checks = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private SimulatorHarness h;
    private Path dir;
    private Path project;

    /** Also run {@code check} on everything each command printed, after the test. */
    CliOnSimulator alsoCheck(Consumer<String> check) {
        checks.add(check);
        return this;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        h = new SimulatorHarness();
        dir = Files.createTempDirectory("cli-on-simulator");
        project = DeployFixtures.project(dir);
        Cli.useEnvironment(h.env());
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        Cli.useEnvironment(null);
        h.close();
        delete(dir);
        for (String out : outputs) {
            for (String canary : DeployFixtures.CANARIES) {
                assertThat(out).as("secret canary in the output of a command").doesNotContain(canary);
            }
            checks.forEach(check -> check.accept(out));
        }
        // the harness prints unmasked: the engine itself must never print a secret
        for (String canary : DeployFixtures.CANARIES) {
            assertThat(h.output()).as("secret canary in the engine's output").doesNotContain(canary);
        }
    }

    SimulatorHarness harness() {
        return h;
    }

    RancherSimulator sim() {
        return h.sim;
    }

    Map<String, String> env() {
        return h.env();
    }

    Path project() {
        return project;
    }

    /** Replaces the simulator by {@code next} (the process environment follows); the old one's output is scanned too. */
    void replaceSimulator(SimulatorHarness next) {
        h.close();
        outputs.add(h.output());
        h = next;
        Cli.useEnvironment(h.env());
    }

    /** {@code command} on {@code instance} of the project with its settings files, {@code image} and a 60 s timeout. */
    Cli.Result run(String command, String instance, String image, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--project", project.toString(), "--instance", instance,
                "--public-env-file", DeployFixtures.publicEnv(project, instance).toString(),
                "--env-file", DeployFixtures.secretEnv(project, instance).toString(), "--image", image, "--timeout", "60s"));
        args.addAll(List.of(more));
        return main(args.toArray(String[]::new));
    }

    /** The CLI with exactly these arguments; its output is scanned after the test. */
    Cli.Result main(String... args) {
        Cli.Result result = Cli.run(args);
        outputs.add(result.all());
        return result;
    }

    /** Output printed some other way (a CLI run on its own streams), scanned after the test like a command's. */
    void record(String printed) {
        outputs.add(printed);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
