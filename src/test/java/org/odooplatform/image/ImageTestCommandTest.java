package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.flow.ImageTestFlow;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.RawCli;
import org.odooplatform.testsupport.TestService;

/**
 * {@code image test} against the real dockerd, PostgreSQL image and odoo-project base image of
 * scripts/test-services.sh. The base image's runtests / odoo / runmigration / marabunta follow
 * camptocamp/docker-odoo-project's bin/runtests, bin/runmigration, bin/migrate and
 * bin/docker-entrypoint.sh, and marabunta's run rules; they really connect to and write to the
 * database. Without dockerd these tests fail: they do not skip.
 */
@NeedsServices({TestService.DOCKERD, TestService.REGISTRY, TestService.BUILDAH})
class ImageTestCommandTest {

    static final String PG_IMAGE = System.getenv("TEST_PG_IMAGE");
    static final Pattern RUN = Pattern.compile("image test (odoo-test-[0-9a-f]{10})");
    static Path work;
    static String green;

    @BeforeAll
    static void requireDockerAndBuildTheSample(@TempDir Path dir) {
        String docker = System.getenv("DOCKER_HOST");
        assertThat(docker).as("DOCKER_HOST is not set: start dockerd and the test images with scripts/test-services.sh start,"
                + " then . /tmp/odoo-platform-test/services.env").isNotBlank();
        assertThat(PG_IMAGE).as("TEST_PG_IMAGE is not set: run scripts/test-services.sh start (it builds the PostgreSQL image)").isNotBlank();
        assertThat(docker("version", "--format", "{{.Server.Version}}").code())
                .as("dockerd does not answer at " + docker + ": run scripts/test-services.sh start").isZero();
        work = dir;
        green = build(Projects.copySample(dir.resolve("green")), "green");
    }

    @Test
    void aGreenProjectPassesInTwoParallelRunsThatDoNotCollideAndNeitherLeakTheirPasswords() throws Exception {
        Set<String> commandLines = ConcurrentHashMap.newKeySet();
        Set<String> containerArgs = ConcurrentHashMap.newKeySet();
        Set<String> passwords = ConcurrentHashMap.newKeySet();
        Path reportsA = work.resolve("reports-a");
        Path reportsB = work.resolve("reports-b");
        Sampler sampler = new Sampler(commandLines, containerArgs, passwords);
        CompletableFuture<Cli.Result> a = CompletableFuture.supplyAsync(() -> test(Projects.SAMPLE, green, reportsA));
        CompletableFuture<Cli.Result> b = CompletableFuture.supplyAsync(() -> test(Projects.SAMPLE, green, reportsB));
        Cli.Result ra = a.get(5, TimeUnit.MINUTES);
        Cli.Result rb = b.get(5, TimeUnit.MINUTES);
        sampler.close();

        assertThat(ra.code()).as(ra.toString()).isZero();
        assertThat(rb.code()).as(rb.toString()).isZero();
        assertThat(ra.out()).isEqualTo("image test passed: lint, tests (1), scenario\n");
        String runA = run(ra);
        String runB = run(rb);
        assertThat(runA).isNotEqualTo(runB);
        assertThat(ra.err()).contains("lint: flake8 odoo/local-src odoo/songs", "database: accepting connections",
                "tests: runtests in " + green, "tests| Removing database 'odoo_test'",
                "test_main_company_is_acme (odoo.addons.acme_base.tests.test_main_company.TestMainCompany) ... ok",
                "scenario: odoo --stop-after-init", "scenario| marabunta: |> version setup: execute anthem songs.install.pre::main",
                "scenario| marabunta: |> version 10.1.2: done", "tests: passed (1 test", "image test " + runA
                        + ": containers, network and volume removed");
        assertThat(Files.readString(reportsA.resolve("runtests/runtests.xml")))
                .contains("tests=\"1\" failures=\"0\"", "name=\"test_main_company_is_acme\"");
        assertThat(Files.readString(reportsA.resolve("odoo-platform-lint.xml"))).contains("failures=\"0\"");
        assertThat(Files.readString(reportsA.resolve("odoo-platform-scenario.xml"))).contains("tests=\"1\" failures=\"0\"");
        assertThat(reportsA.resolve("scenario.log")).content().contains("marabunta: |> version setup: upgrade addon acme_base");
        assertNothingLeft(runA);
        assertNothingLeft(runB);
        // the generated passwords (read from the containers' environment while they ran) are nowhere else
        assertThat(passwords).as("the sampler saw the runs' containers").hasSize(2);
        assertThat(commandLines).as("the sampler saw the docker CLI calls").anyMatch(c -> c.contains("docker start --attach"))
                .anyMatch(c -> c.startsWith("docker create ") && c.contains(" --env DB_PASSWORD "));
        for (String password : passwords) {
            assertThat(password).hasSize(24);
            assertThat(commandLines).noneMatch(c -> c.contains(password));
            assertThat(containerArgs).noneMatch(c -> c.contains(password));
            assertThat(ra.all() + rb.all()).doesNotContain(password);
            for (Path reports : List.of(reportsA, reportsB)) {
                try (Stream<Path> files = Files.walk(reports)) {
                    files.filter(Files::isRegularFile).forEach(f -> assertThat(read(f)).as(f.toString()).doesNotContain(password));
                }
            }
        }
    }

    @Test
    void aFailingTestStopsTheRunWithTheTestNamedAndItsReport() throws IOException {
        Path project = Projects.copySample(work.resolve("failing-test"));
        Files.writeString(project.resolve("odoo/local-src/acme_base/tests/test_failing.py"), """
                # -*- coding: utf-8 -*-
                from odoo.tests import common


                class TestFailing(common.TransactionCase):

                    def test_sale_total(self):
                        self.fail('total is 0.0, expected 42.0')
                """);
        String image = build(project, "failing-test");
        Path reports = work.resolve("reports-failing-test");

        Cli.Result r = test(project, image, reports);

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: tests failed: runtests in " + image + ": 1 failing test(s): test_sale_total"
                + " (odoo.addons.acme_base.tests.test_failing.TestFailing)", "nothing was published",
                "tests| ", "AssertionError: total is 0.0, expected 42.0").doesNotContain("scenario: odoo");
        assertThat(Files.readString(reports.resolve("runtests/runtests.xml")))
                .contains("tests=\"2\" failures=\"1\"", "<failure message=\"FAIL: total is 0.0, expected 42.0\"/>");
        assertNothingLeft(run(r));
    }

    @Test
    void aLintErrorStopsTheRunWithFileAndLineBeforeAnyContainer() throws IOException {
        Path project = Projects.copySample(work.resolve("lint"));
        Path song = project.resolve("odoo/songs/upgrade/v10_1_1.py");
        Files.writeString(song, Files.readString(song).replace("# -*- coding: utf-8 -*-\n", "# -*- coding: utf-8 -*-\nimport os\n"));
        Path reports = work.resolve("reports-lint");

        Cli.Result r = test(project, green, reports);

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: lint failed: flake8 found 1 problem(s):\n  odoo/songs/upgrade/v10_1_1.py:2:1: F401 'os' imported but unused",
                "nothing was published").doesNotContain("database: starting");
        assertThat(Files.readString(reports.resolve("odoo-platform-lint.xml")))
                .contains("failures=\"1\"", "name=\"odoo/songs/upgrade/v10_1_1.py\"", "F401");
        assertNothingLeft(run(r));
    }

    @Test
    void aFailingInstallScenarioStopsTheRun() throws IOException {
        Path project = Projects.copySample(work.resolve("scenario"));
        Files.writeString(project.resolve("odoo/songs/install/data_demo.py"), """
                # -*- coding: utf-8 -*-
                import anthem


                @anthem.log
                def main(ctx):
                    raise ValueError('no demo partner category')
                """);
        String image = build(project, "scenario");

        Cli.Result r = test(project, image, work.resolve("reports-scenario"), "--no-tests");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("error: install scenario failed: odoo --stop-after-init (MARABUNTA_MODE=demo) in " + image
                + ": exit code 1", "ValueError('no demo partner category')", "nothing was published");
        assertThat(Files.readString(work.resolve("reports-scenario/odoo-platform-scenario.xml"))).contains("failures=\"1\"");
        assertNothingLeft(run(r));
    }

    @Test
    void theUpgradePathMigratesThePreviousReleasesCachedDatabaseAndAFailingStepStopsTheRelease() throws IOException {
        Path previousProject = Projects.copySample(work.resolve("previous"));
        Path migration = previousProject.resolve("odoo/migration.yml");
        String yml = Files.readString(migration);
        Files.writeString(migration, yml.substring(0, yml.indexOf("    - version: 10.1.2")));
        Files.writeString(previousProject.resolve("odoo/VERSION"), "10.1.1\n");
        String previous = build(previousProject, "previous");
        Path cache = work.resolve("db-cache");

        Cli.Result good = test(Projects.SAMPLE, green, work.resolve("reports-upgrade"), "--no-lint", "--no-tests", "--no-scenario",
                "--upgrade-from", previous, "--db-cache", cache.toString());

        assertThat(good.code()).as(good.toString()).isZero();
        assertThat(good.err()).contains("upgrade: no cached database for " + previous, "upgrade: cached the database of " + previous,
                "upgrade| DB cache load disabled.", "upgrade| marabunta: |> version 10.1.2: done");
        assertThat(good.err()).doesNotContain("upgrade| marabunta: |> version 10.1.1: start");
        try (Stream<Path> dumps = Files.list(cache)) {
            assertThat(dumps.map(p -> p.getFileName().toString()).toList()).singleElement().asString().matches("[0-9a-f]{64}-demo\\.pgdump");
        }
        assertNothingLeft(run(good));

        Path broken = Projects.copySample(work.resolve("broken-upgrade"));
        Files.writeString(broken.resolve("odoo/migration.yml"), Files.readString(broken.resolve("odoo/migration.yml"))
                + "      operations:\n        post:\n          - anthem songs.upgrade.v10_1_2::main\n");
        Files.writeString(broken.resolve("odoo/songs/upgrade/v10_1_2.py"),
                "# -*- coding: utf-8 -*-\n\n\ndef main(ctx):\n    raise KeyError('sale.order.line has no column margin_rate')\n");
        String brokenImage = build(broken, "broken-upgrade");

        Cli.Result bad = test(broken, brokenImage, work.resolve("reports-broken-upgrade"), "--no-lint", "--no-tests", "--no-scenario",
                "--upgrade-from", previous, "--db-cache", cache.toString());

        assertThat(bad.code()).as(bad.toString()).isEqualTo(1);
        assertThat(bad.err()).contains("upgrade: restoring the database of " + previous + " from " + cache,
                "error: upgrade failed: runmigration of " + brokenImage + " on the database of " + previous + ": exit code 1",
                "KeyError('sale.order.line has no column margin_rate')", "nothing was published");
        assertNothingLeft(run(bad));
    }

    @Test
    void termDuringTheTestsRemovesContainersNetworkAndVolume() throws Exception {
        Path project = Projects.copySample(work.resolve("slow"));
        Files.writeString(project.resolve("odoo/local-src/acme_base/tests/test_slow.py"), """
                # -*- coding: utf-8 -*-
                import time

                from odoo.tests import common


                class TestSlow(common.TransactionCase):

                    def test_slow(self):
                        time.sleep(120)
                """);
        String image = build(project, "slow");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.odooplatform.cli.Main", "image", "test", "--project",
                project.toString(), "--image", image, "--db-image", PG_IMAGE, "--junit", work.resolve("reports-term").toString(),
                "--no-lint"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!snapshot(output).contains("odoo.addons.acme_base.tests.test_slow running tests.") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String run = matchRun(snapshot(output));
        assertThat(docker("ps", "--filter", "label=" + ImageTestFlow.RUN_LABEL + "=" + run, "--format", "{{.Names}}").out())
                .as(snapshot(output)).contains(run + "-db", run + "-runtests");

        process.toHandle().destroy();   // SIGTERM, what Jenkins sends to abort a build (Process.destroy would close our pipe)

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(snapshot(output)).isTrue();
        reader.get(10, TimeUnit.SECONDS);
        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(snapshot(output)).contains("image test " + run + ": stopped by a signal: removing its containers, network and volume",
                "image test " + run + ": containers, network and volume removed");
        assertNothingLeft(run);
    }

    @Test
    void aPhaseThatOutlivesItsTimeoutFailsAndIsRemoved() throws IOException {
        Path project = Projects.copySample(work.resolve("timeout"));
        Files.writeString(project.resolve("odoo/local-src/acme_base/tests/test_slow.py"),
                "from odoo.tests import common\n\n\nclass TestSlow(common.TransactionCase):\n\n    def test_slow(self):\n        time.sleep(60)\n");
        String image = build(project, "timeout");

        Cli.Result r = test(project, image, work.resolve("reports-timeout"), "--no-lint", "--tests-timeout", "8s");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("tests: runtests in " + image + " (timeout 8s)", "error: tests failed: runtests in " + image
                + ": timed out after 8s");
        assertNothingLeft(run(r));
    }

    @Test
    void badInputExits2AndAMissingEngineOrImageExits3WithNothingCreated() {
        Cli.Result noTag = Cli.run("image", "test", "--project", Projects.SAMPLE.toString(), "--image", "127.0.0.1:5000/acme/odoo");
        assertThat(noTag.code()).as(noTag.toString()).isEqualTo(2);
        assertThat(noTag.err()).contains("--image 127.0.0.1:5000/acme/odoo: give a tag or a digest", "nothing was changed.");

        Cli.Result nothing = Cli.run("image", "test", "--project", Projects.SAMPLE.toString(), "--image", green,
                "--no-lint", "--no-tests", "--no-scenario");
        assertThat(nothing.code()).isEqualTo(2);
        assertThat(nothing.err()).contains("every phase is turned off");

        Cli.Result podman = Cli.run("image", "test", "--project", Projects.SAMPLE.toString(), "--image", green, "--db-image", PG_IMAGE,
                "--runtime", "podman");
        assertThat(podman.code()).as(podman.toString()).isEqualTo(3);
        boolean hasPodman = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, "podman")));
        assertThat(podman.err()).contains(hasPodman ? "is not in podman's local storage"
                : "error: podman does not work here (cannot run 'podman': ");

        Cli.Result absent = Cli.run("image", "test", "--project", Projects.SAMPLE.toString(), "--image",
                "127.0.0.1:5000/acme/never-built:" + UUID.randomUUID(), "--db-image", PG_IMAGE, "--junit", work.resolve("r-absent").toString());
        assertThat(absent.code()).as(absent.toString()).isEqualTo(3);
        assertThat(absent.err()).contains("is not in docker's local storage: build it first on this agent");
        assertThat(work.resolve("r-absent")).doesNotExist();
    }

    @Test
    void theDatabaseImageDefaultsToTheTestComposeDbService() {
        Cli.Result r = Cli.run("image", "test", "--project", Projects.SAMPLE.toString(), "--image",
                "127.0.0.1:5000/acme/never-built:x", "--no-lint");
        // validation passed (camptocamp/postgresql:pg9.5-latest from rancher/test/docker-compose.yml); the image is absent
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
    }

    // ---- helpers

    static Cli.Result test(Path project, String image, Path reports, String... more) {
        List<String> args = new ArrayList<>(List.of("image", "test", "--project", project.toString(), "--image", image,
                "--db-image", PG_IMAGE, "--junit", reports.toString()));
        args.addAll(List.of(more));
        return RawCli.run(args.toArray(String[]::new));
    }

    static String build(Path project, String name) {
        String repo = TestRegistry.HOST + "/acme/odoo-imagetest";
        String tag = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path config = TestRegistry.config(work.resolve("auth"));
        Cli.Result built = Cli.run("image", "build", "--project", project.toString(), "--repository", repo, "--tag", tag,
                "--builder", "docker", "--registry-config", config.toString(), "--build-arg", "BASE_IMAGE=" + TestRegistry.BASE_IMAGE);
        assertThat(built.code()).as(built.toString()).isZero();
        return repo + ":" + tag;
    }

    static String run(Cli.Result r) {
        return matchRun(r.err());
    }

    static String matchRun(String text) {
        Matcher m = RUN.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    static void assertNothingLeft(String run) {
        String label = "label=" + ImageTestFlow.RUN_LABEL + "=" + run;
        assertThat(docker("ps", "--all", "--filter", label, "--format", "{{.Names}}").out()).isBlank();
        assertThat(docker("network", "ls", "--filter", label, "--format", "{{.Name}}").out()).isBlank();
        assertThat(docker("volume", "ls", "--filter", label, "--format", "{{.Name}}").out()).isBlank();
        // by name too: a leftover without its label would escape the filters above
        assertThat(docker("ps", "--all", "--format", "{{.Names}}").out()).doesNotContain(run);
        assertThat(docker("network", "ls", "--format", "{{.Name}}").out()).doesNotContain(run);
        assertThat(docker("volume", "ls", "--format", "{{.Name}}").out()).doesNotContain(run);
    }

    record Run(int code, String out) {
    }

    static Run docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String snapshot(StringBuilder output) {
        synchronized (output) {
            return output.toString();
        }
    }

    static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * While the runs go: every process's command line on this machine, and for each container of
     * an image test its entrypoint/command/args (docker inspect) and its DB password (from its env).
     */
    static final class Sampler implements AutoCloseable {
        private volatile boolean running = true;
        private final List<Thread> threads;

        Sampler(Set<String> commandLines, Set<String> containerArgs, Set<String> passwords) {
            // a thread of its own for /proc: the docker calls that carry the secret's name live milliseconds
            Thread proc = new Thread(() -> {
                while (running) {
                    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
                        for (Path dir : procs) {
                            try {
                                commandLines.add(new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' '));
                            } catch (IOException e) {
                                // the process ended
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, "cmdline-sampler");
            Thread containers = new Thread(() -> {
                while (running) {
                    for (String name : docker("ps", "--filter", "label=" + ImageTestFlow.RUN_LABEL, "--format", "{{.Names}}").out().split("\\s+")) {
                        if (name.isBlank()) {
                            continue;
                        }
                        containerArgs.add(docker("inspect", "--format", "{{.Path}} {{json .Args}} {{json .Config.Cmd}} {{json .Config.Entrypoint}}",
                                name).out());
                        for (String e : docker("inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", name).out().split("\n")) {
                            if (e.startsWith("DB_PASSWORD=") || e.startsWith("POSTGRES_PASSWORD=")) {
                                passwords.add(e.substring(e.indexOf('=') + 1));
                            }
                        }
                    }
                }
            }, "container-sampler");
            threads = List.of(proc, containers);
            threads.forEach(t -> {
                t.setDaemon(true);
                t.start();
            });
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }
}
