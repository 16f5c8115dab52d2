package org.odooplatform.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;

/**
 * One way to reach the outside: the environment is read by {@link Environment} alone and handed
 * down from {@code cli.Main}; every other program is run by {@link ProcessRunner} alone.
 */
class OneWayOutTest {

    private static final Path SOURCES = Path.of("src/main/java");

    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Cli.useEnvironment(null);
    }

    @Test
    void onlyEnvironmentReadsTheProcessEnvironment() throws IOException {
        assertThat(uses(Pattern.compile("System\\s*\\.\\s*getenv")))
                .containsExactly("org/odooplatform/common/Environment.java");
    }

    @Test
    void noOptionDefaultReadsTheProcessEnvironmentBehindTheGivenOne() throws IOException {
        // picocli interpolates ${env:NAME} in option defaults with System.getenv: an in-process run given
        // another environment (a test, the sandbox) would still see the real one
        assertThat(uses(Pattern.compile("\\$\\{env:"))).isEmpty();
    }

    @Test
    void onlyProcessRunnerStartsAProgram() throws IOException {
        assertThat(uses(Pattern.compile("\\bProcessBuilder\\b|Runtime\\s*\\.\\s*getRuntime\\s*\\(\\s*\\)\\s*\\.\\s*exec")))
                .containsExactly("org/odooplatform/common/ProcessRunner.java");
    }

    @Test
    void aCommandReadsTheEnvironmentItIsGivenNotTheProcessOne() throws IOException {
        Path project = Projects.copySample(dir.resolve("p"));

        // ODOO_PLATFORM_FILE_TIMEOUT bounds every file the run reads (common.InputFiles)
        Cli.useEnvironment(Map.of(InputFiles.TIMEOUT_VARIABLE, "never"));
        Cli.Result bad = Cli.run("release", "check", "--project", project.toString());

        assertThat(bad.code()).as(bad.toString()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains(InputFiles.TIMEOUT_VARIABLE + " 'never': expected a number of seconds (1-3600)");

        // the next run's environment is its own: nothing of the previous one stays behind
        Cli.useEnvironment(Map.of());
        Cli.Result good = Cli.run("release", "check", "--project", project.toString());
        assertThat(good.err()).doesNotContain(InputFiles.TIMEOUT_VARIABLE);
    }

    /** The source files (relative to src/main/java) in which {@code use} occurs outside comments. */
    private static List<String> uses(Pattern use) throws IOException {
        List<String> found = new ArrayList<>();
        try (var files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = use.matcher(withoutComments(Files.readString(f)));
                if (m.find()) {
                    found.add(SOURCES.relativize(f).toString().replace('\\', '/'));
                }
            }
        }
        return found;
    }

    private static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
    }
}
