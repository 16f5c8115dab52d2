package org.odooplatform.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;

/**
 * Golden cases under src/test/resources/release/&lt;case&gt;: {@code before/} is a project, {@code args}
 * the bump options, {@code after/} every file byte for byte afterwards, {@code output.txt} what
 * the command prints. feature, patch, seed-worked-example (the worked example of docs/platform.md
 * §release.bump exactly) and latest-compose-untouched are what the old task produced (checked by
 * running its algorithm); the others are where it misbehaved.
 */
class ReleaseBumpGoldenTest {

    static final Path CASES = Paths.get("src/test/resources/release");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> dirs = Files.list(CASES)) {
            return dirs.filter(d -> Files.isDirectory(d.resolve("before"))).map(d -> d.getFileName().toString())
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bumpProducesTheGoldenFilesByteForByte(String name, @TempDir Path tmp) throws IOException {
        Path caseDir = CASES.resolve(name);
        Path project = Projects.copy(caseDir.resolve("before"), tmp.resolve("project"));
        List<String> args = new ArrayList<>(List.of("release", "bump", "--project", project.toString()));
        args.addAll(List.of(Files.readString(caseDir.resolve("args")).trim().split("\\s+")));

        Cli.Result result = Cli.run(args.toArray(String[]::new));

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo(Files.readString(caseDir.resolve("output.txt")));
        Map<String, String> expected = tree(caseDir.resolve("after"));
        Map<String, String> actual = tree(project);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((file, content) -> assertThat(actual.get(file)).as(file).isEqualTo(content));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aDryRunPrintsTheDiffAndWritesNothing(String name, @TempDir Path tmp) throws IOException {
        Path caseDir = CASES.resolve(name);
        Path project = Projects.copy(caseDir.resolve("before"), tmp.resolve("project"));
        List<String> args = new ArrayList<>(List.of("release", "bump", "--dry-run", "--project", project.toString()));
        args.addAll(List.of(Files.readString(caseDir.resolve("args")).trim().split("\\s+")));

        Cli.Result result = Cli.run(args.toArray(String[]::new));

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(tree(project)).isEqualTo(tree(caseDir.resolve("before")));
        String newVersion = Files.readString(caseDir.resolve("after/odoo/VERSION")).strip();
        assertThat(result.out()).contains("--- a/odoo/VERSION", "+++ b/odoo/VERSION", "+" + newVersion,
                "--- a/HISTORY.rst", "version would change to " + newVersion, "dry run: nothing was written.");
    }

    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(root.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }
}
