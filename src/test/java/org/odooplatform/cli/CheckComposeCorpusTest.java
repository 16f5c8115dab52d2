package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odooplatform.flow.DeployFixtures;
import org.odooplatform.flow.SimulatorHarness;
import org.odooplatform.testsupport.Cli;

/**
 * The bad-input corpus of compose files ({@code src/test/resources/compose-corpus/<case>/}): each
 * case replaces the integration instance's docker-compose.yml and/or rancher-compose.yml (the
 * corpus's {@code base-*.yml} otherwise) and lists in {@code expected.txt} the exit code and the
 * lines {@code check}, {@code deploy} and {@code diff} must all print, so the three judge the
 * files the same way. On exit 2 the simulator must have received no request at all; on exit 0 the
 * {@code sent SERVICE label K=V} / {@code sent SERVICE environment K=V} / {@code sent SERVICE FIELD}
 * lines say what the deploy must have sent (a duplicate's last value). A case marked
 * {@code check-only} is not deployed (keys the deploy engine converts, tested there).
 */
class CheckComposeCorpusTest {

    static final Path CORPUS = Paths.get("src/test/resources/compose-corpus").toAbsolutePath();

    @TempDir
    Path tmp;

    SimulatorHarness h;
    final List<Cli.Result> results = new ArrayList<>();

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            return dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @AfterEach
    void stop() {
        Cli.useEnvironment(null);
        if (h != null) {
            h.close();
        }
        for (Cli.Result r : results) {
            for (String canary : DeployFixtures.CANARIES) {
                assertThat(r.all()).as("secret canary in the output of a command").doesNotContain(canary);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checkDeployAndDiffJudgeTheFilesAlike(String name) throws IOException {
        Path dir = CORPUS.resolve(name);
        List<String> expected = Files.readAllLines(dir.resolve("expected.txt")).stream().filter(l -> !l.isBlank()).toList();
        int exit = Integer.parseInt(expected.get(0).replace("exit ", "").strip());
        List<String> lines = expected.stream().skip(1).filter(l -> !l.startsWith("sent ") && !l.startsWith("check-only")).toList();
        List<String> sent = expected.stream().filter(l -> l.startsWith("sent ")).toList();
        boolean checkOnly = expected.stream().anyMatch(l -> l.startsWith("check-only"));

        Path project = DeployFixtures.project(tmp);
        Path compose = project.resolve("rancher/integration");
        for (String file : List.of("docker-compose.yml", "rancher-compose.yml")) {
            Path source = Files.exists(dir.resolve(file)) ? dir.resolve(file) : CORPUS.resolve("base-" + file);
            Files.copy(source, compose.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        Cli.Result check = run("check", project, null);
        assertThat(check.code()).as(check.toString()).isEqualTo(exit);
        assertPrints(check, check.out(), lines);
        if (checkOnly) {
            return;
        }

        h = new SimulatorHarness();
        Cli.useEnvironment(h.env());
        Cli.Result deploy = run("deploy", project, DeployFixtures.IMAGE_A);
        assertThat(deploy.code()).as(deploy.toString()).isEqualTo(exit);
        assertPrints(deploy, deploy.all(), lines);
        if (exit == 2) {
            assertThat(h.sim.requests()).as("bad input: not a single request").isEmpty();
        }
        for (String line : sent) {
            String[] words = line.split(" ", 4);
            JsonNode lc = h.sim.service("acme-odoo-integration", words[1]).orElseThrow().path("launchConfig");
            switch (words[2]) {
                case "label", "environment" -> {
                    String key = words[3].substring(0, words[3].indexOf('='));
                    assertThat(lc.path(words[2].equals("label") ? "labels" : "environment").path(key).asText()).as(line)
                            .isEqualTo(words[3].substring(words[3].indexOf('=') + 1));
                }
                default -> assertThat(lc.has(words[2])).as(line + " in " + lc).isTrue();
            }
        }

        h.sim.clearRequests();
        Cli.Result diff = run("diff", project, DeployFixtures.IMAGE_A);
        assertThat(diff.code()).as(diff.toString()).isEqualTo(exit);
        assertPrints(diff, diff.all(), lines);
        assertThat(h.sim.mutations()).isEmpty();
        if (exit == 2) {
            assertThat(h.sim.requests()).isEmpty();
        }
    }

    private static void assertPrints(Cli.Result result, String printed, List<String> lines) {
        for (String line : lines) {
            assertThat(printed).as(result.toString()).contains(line);
        }
    }

    private Cli.Result run(String command, Path project, String image) {
        List<String> args = new ArrayList<>(List.of(command, "--project", project.toString(), "--instance", "integration",
                "--public-env-file", DeployFixtures.publicEnv(project, "integration").toString(),
                "--env-file", DeployFixtures.secretEnv(project, "integration").toString()));
        if (image != null) {
            args.addAll(List.of("--image", image, "--timeout", "60s"));
        }
        Cli.Result result = Cli.run(args.toArray(String[]::new));
        results.add(result);
        return result;
    }
}
