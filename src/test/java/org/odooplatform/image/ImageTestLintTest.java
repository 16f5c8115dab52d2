package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.TestService;

/**
 * The lint phase of {@code image test} when the agent has no flake8: it runs in the built image
 * (the fake odoo-project base of scripts/test-services.sh exists with flake8,
 * {@code $TEST_BASE_IMAGE_FLAKE8}, and without, {@code $TEST_BASE_IMAGE}). The CLI runs as its own
 * process with a PATH that has docker but no flake8, as on an agent without it.
 */
@NeedsServices({TestService.DOCKERD, TestService.REGISTRY, TestService.BUILDAH})
class ImageTestLintTest {

    static final String FLAKE8_BASE = System.getenv("TEST_BASE_IMAGE_FLAKE8");
    static Path work;
    static Path noFlake8Path;
    static String withFlake8;
    static String withoutFlake8;
    static Path lintError;
    static String lintErrorImage;

    @BeforeAll
    static void buildImagesWithAndWithoutFlake8(@TempDir Path dir) throws IOException {
        assertThat(FLAKE8_BASE).as("TEST_BASE_IMAGE_FLAKE8 is not set: run scripts/test-services.sh start").isNotBlank();
        assertThat(ImageTestCommandTest.PG_IMAGE).as("TEST_PG_IMAGE is not set: run scripts/test-services.sh start").isNotBlank();
        work = dir;
        // docker only: the agent has no flake8
        noFlake8Path = Files.createDirectories(dir.resolve("bin"));
        Path docker = Stream.of(System.getenv("PATH").split(":")).map(d -> Path.of(d, "docker")).filter(Files::isExecutable)
                .findFirst().orElseThrow();
        Files.createSymbolicLink(noFlake8Path.resolve("docker"), docker);
        withFlake8 = build(Projects.copySample(dir.resolve("green")), "lint-green", FLAKE8_BASE);
        withoutFlake8 = build(Projects.SAMPLE, "lint-none", TestRegistry.BASE_IMAGE);
        lintError = Projects.copySample(dir.resolve("lint-error"));
        Path song = lintError.resolve("odoo/songs/upgrade/v10_1_1.py");
        Files.writeString(song, Files.readString(song).replace("# -*- coding: utf-8 -*-\n", "# -*- coding: utf-8 -*-\nimport os\n"));
        lintErrorImage = build(lintError, "lint-error", FLAKE8_BASE);
    }

    @Test
    void anAgentWithoutFlake8LintsInTheImageAndALintErrorStopsTheRunBeforeTheTestsWithFileAndLine() throws IOException {
        Path reports = work.resolve("reports-error");

        Cli.Result r = cli(lintError, lintErrorImage, reports);

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("lint: flake8 is not on this agent: running it in " + lintErrorImage,
                "lint| odoo/songs/upgrade/v10_1_1.py:2:1: F401 'os' imported but unused",
                "error: lint failed: flake8 found 1 problem(s):\n  odoo/songs/upgrade/v10_1_1.py:2:1: F401 'os' imported but unused",
                "nothing was published").doesNotContain("database: starting", "tests: runtests");
        assertThat(Files.readString(reports.resolve("odoo-platform-lint.xml")))
                .contains("failures=\"1\"", "name=\"odoo/songs/upgrade/v10_1_1.py\"", "F401");
        assertThat(reports.resolve("lint.log")).content().contains("odoo/songs/upgrade/v10_1_1.py:2:1: F401");
        ImageTestCommandTest.assertNothingLeft(ImageTestCommandTest.matchRun(r.err()));
    }

    @Test
    void aCleanProjectPassesTheLintInTheImageWithTheProjectsOwnFiles() throws IOException {
        Path reports = work.resolve("reports-green");

        Cli.Result r = cli(Projects.SAMPLE, withFlake8, reports, "--no-tests", "--no-scenario");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("lint: flake8 is not on this agent: running it in " + withFlake8,
                "lint: flake8 odoo/local-src odoo/songs in the image (timeout 5m)", "lint: passed (odoo/local-src, odoo/songs)");
        assertThat(r.out()).isEqualTo("image test passed: lint\n");
        assertThat(Files.readString(reports.resolve("odoo-platform-lint.xml"))).contains("failures=\"0\"");
        ImageTestCommandTest.assertNothingLeft(ImageTestCommandTest.matchRun(r.err()));
    }

    @Test
    void theProjectsFlake8ConfigurationIsUsedInTheImage() throws IOException {
        Path project = Projects.copySample(work.resolve("configured"));
        Files.copy(lintError.resolve("odoo/songs/upgrade/v10_1_1.py"), project.resolve("odoo/songs/upgrade/v10_1_1.py"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(project.resolve("setup.cfg"), "[flake8]\nextend-ignore = F401\n");

        Cli.Result r = cli(project, lintErrorImage, work.resolve("reports-configured"), "--no-tests", "--no-scenario");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("lint: passed (odoo/local-src, odoo/songs)");
    }

    @Test
    void lintInImageIsChosenExplicitlyAndAnImageWithoutFlake8IsAPrecondition() {
        Cli.Result ok = ImageTestCommandTest.test(lintError, lintErrorImage, work.resolve("reports-explicit"), "--lint-in", "image");
        assertThat(ok.code()).as(ok.toString()).isEqualTo(1);
        assertThat(ok.err()).contains("lint: flake8 odoo/local-src odoo/songs in the image",
                "odoo/songs/upgrade/v10_1_1.py:2:1: F401 'os' imported but unused").doesNotContain("flake8 is not on this agent");

        Cli.Result none = ImageTestCommandTest.test(Projects.SAMPLE, withoutFlake8, work.resolve("reports-none"), "--lint-in", "image");
        assertThat(none.code()).as(none.toString()).isEqualTo(3);
        assertThat(none.err()).contains("error: flake8 is not in the image " + withoutFlake8, "--lint-in agent", "--no-lint")
                .doesNotContain("database: starting");
    }

    @Test
    void neitherTheAgentNorTheImageHavingFlake8IsAPreconditionNamingBoth() {
        Cli.Result r = cli(Projects.SAMPLE, withoutFlake8, work.resolve("reports-neither"));

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("error: flake8 is neither on this agent (not found in PATH) nor in the image " + withoutFlake8,
                "--no-lint").doesNotContain("database: starting");
        ImageTestCommandTest.assertNothingLeft(ImageTestCommandTest.matchRun(r.err()));

        Cli.Result agent = cli(Projects.SAMPLE, withFlake8, work.resolve("reports-agent"), "--lint-in", "agent");
        assertThat(agent.code()).as(agent.toString()).isEqualTo(3);
        assertThat(agent.err()).contains("error: flake8 is not on this agent (not found in PATH)", "--lint-in image");
    }

    @Test
    void anEngineThatDoesNotWorkIsNamedWithItsOwnFailure() {
        // this agent (PATH = docker only) has no podman: the error says what running it gave
        Cli.Result podman = cli(Projects.SAMPLE, withFlake8, work.resolve("reports-podman"), "--runtime", "podman");
        assertThat(podman.code()).as(podman.toString()).isEqualTo(3);
        assertThat(podman.err()).contains("error: podman does not work here (cannot run 'podman': ", "No such file or directory",
                "check that podman is installed");
    }

    // ---- helpers

    /** The CLI in its own JVM, with PATH = docker only. */
    static Cli.Result cli(Path project, String image, Path reports, String... more) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.odooplatform.cli.Main", "image", "test", "--project",
                project.toString(), "--image", image, "--db-image", ImageTestCommandTest.PG_IMAGE, "--junit", reports.toString()));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PATH", noFlake8Path.toString());
        try {
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            return new Cli.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String build(Path project, String name, String base) {
        String repo = TestRegistry.HOST + "/acme/odoo-imagetest";
        String tag = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = TestRegistry.config(work.resolve("auth"));
        Cli.Result built = Cli.run("image", "build", "--project", project.toString(), "--repository", repo, "--tag", tag,
                "--builder", "docker", "--registry-config", config.toString(), "--build-arg", "BASE_IMAGE=" + base);
        assertThat(built.code()).as(built.toString()).isZero();
        return repo + ":" + tag;
    }
}
