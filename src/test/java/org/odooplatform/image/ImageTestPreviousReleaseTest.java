package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.TestService;

/**
 * {@code image test --upgrade-from previous-release}, what a tag build runs: the previous release
 * is read from HISTORY.rst below odoo/VERSION, its image resolved by digest in the real test
 * registry, then migrated by the new image in the real dockerd.
 */
@NeedsServices({TestService.DOCKERD, TestService.REGISTRY, TestService.BUILDAH})
class ImageTestPreviousReleaseTest {

    static Path work;
    static Path auth;
    static String repo;
    static String current;

    @BeforeAll
    static void publishThePreviousReleaseAndBuildTheNewOne(@TempDir Path dir) throws IOException {
        work = dir;
        auth = TestRegistry.config(dir.resolve("auth"));
        repo = TestRegistry.uniqueRepo("prevrel");
        // 10.1.1: the sample before its 10.1.2 step, built and published as the release tag 10.1.1
        Path previous = Projects.copySample(dir.resolve("previous"));
        String yml = Files.readString(previous.resolve("odoo/migration.yml"));
        Files.writeString(previous.resolve("odoo/migration.yml"), yml.substring(0, yml.indexOf("    - version: 10.1.2")));
        Files.writeString(previous.resolve("odoo/VERSION"), "10.1.1\n");
        build(previous, repo, "10.1.1");
        Cli.Result published = Cli.run("image", "publish", "--image", repo + ":10.1.1", "--builder", "docker",
                "--registry-config", auth.toString());
        assertThat(published.code()).as(published.toString()).isZero();
        current = build(Projects.SAMPLE, repo, "c" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Test
    void aReleaseIsTestedUpgradingFromTheHighestEarlierReleaseOfItsHistoryResolvedByDigest() {
        String digest = TestRegistry.client().headManifest(repo.substring(repo.indexOf('/') + 1), "10.1.1").orElseThrow();

        Cli.Result r = test(Projects.SAMPLE, current, "--upgrade-from", "previous-release");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("upgrade: 10.1.2 upgrades from the previous release 10.1.1 (HISTORY.rst:43): "
                + repo + "@" + digest, "upgrade: no cached database for " + repo + "@" + digest,
                "upgrade| marabunta: |> version 10.1.2: done", "upgrade: passed from " + repo + "@" + digest);
        assertThat(r.out()).isEqualTo("image test passed: upgrade from " + repo + "@" + digest + "\n");
        ImageTestCommandTest.assertNothingLeft(ImageTestCommandTest.matchRun(r.err()));
    }

    @Test
    void aTagBuildPullsTheImageAMasterBuildPublishedAndThePreviousReleaseWithTheCommandsOwnLogin() {
        String published = build(Projects.SAMPLE, repo, "p" + UUID.randomUUID().toString().substring(0, 8));
        Cli.Result pushed = Cli.run("image", "publish", "--image", published, "--builder", "docker", "--registry-config", auth.toString());
        assertThat(pushed.code()).as(pushed.toString()).isZero();
        // neither image is on this agent any more: both come from the registry, which needs a login
        assertThat(ImageTestCommandTest.docker("rmi", published, repo + ":10.1.1").code()).isZero();
        String digest = TestRegistry.client().headManifest(repo.substring(repo.indexOf('/') + 1), "10.1.1").orElseThrow();

        Cli.Result without = test(Projects.SAMPLE, published, "--upgrade-from", "previous-release");
        assertThat(without.code()).as(without.toString()).isEqualTo(3);
        assertThat(without.err()).contains("image " + published + " is not in docker's local storage", "--pull");

        Cli.Result r = test(Projects.SAMPLE, published, "--upgrade-from", "previous-release", "--pull");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).contains("pulling " + published + " (not in docker's local storage)", "upgrade: pulling " + repo + "@" + digest,
                "upgrade: passed from " + repo + "@" + digest);
        ImageTestCommandTest.assertNothingLeft(ImageTestCommandTest.matchRun(r.err()));
    }

    @Test
    void theFirstReleaseSaysSoInOneLineAndSkipsTheUpgrade() throws IOException {
        Path first = Projects.copySample(work.resolve("first"));
        String history = Files.readString(first.resolve("HISTORY.rst"));
        Files.writeString(first.resolve("HISTORY.rst"), history.substring(0, history.indexOf("10.1.2 (2017-03-28)")));
        Files.writeString(first.resolve("odoo/VERSION"), "10.0.0\n");

        Cli.Result r = test(first, current, "--upgrade-from", "previous-release");

        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).containsOnlyOnce("upgrade: ")
                .contains("upgrade: 10.0.0 is the first release (HISTORY.rst has none before it): no upgrade to test")
                .doesNotContain("database: starting");
        assertThat(r.out()).isEqualTo("image test passed: no upgrade (first release)\n");
    }

    @Test
    void aPreviousReleaseWithoutItsImageInTheRegistryIsAPreconditionWithNothingCreated() {
        String elsewhere = TestRegistry.uniqueRepo("prevrel-missing") + ":c1";

        Cli.Result r = test(Projects.SAMPLE, elsewhere, work.resolve("r-missing"), "--upgrade-from", "previous-release");

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("error: the previous release 10.1.1 (HISTORY.rst:43) has no image: tag '10.1.1' does not exist"
                + " in repository " + elsewhere.substring(0, elsewhere.lastIndexOf(':')), "--upgrade-from REF")
                .doesNotContain("image test odoo-test-");
        assertThat(work.resolve("r-missing")).doesNotExist();
    }

    @Test
    void aHistoryThatCannotBeReadIsBadInputWithItsLine() throws IOException {
        Path broken = Projects.copySample(work.resolve("broken-history"));
        Path history = broken.resolve("HISTORY.rst");
        Files.writeString(history, Files.readString(history).replace("10.1.1 (2017-03-14)", "10.1.1 (2017-14-03)"));

        Cli.Result r = test(broken, current, "--upgrade-from", "previous-release");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains(history + ":43", "date '2017-14-03' is not a date", "nothing was changed");
    }

    static Cli.Result test(Path project, String image, String... more) {
        return test(project, image, work.resolve("reports-" + UUID.randomUUID()), more);
    }

    static Cli.Result test(Path project, String image, Path reports, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("image", "test", "--project", project.toString(),
                "--image", image, "--db-image", ImageTestCommandTest.PG_IMAGE, "--no-lint", "--no-tests", "--no-scenario",
                "--registry-config", auth.toString(), "--db-cache", work.resolve("db-cache-" + UUID.randomUUID()).toString(),
                "--junit", reports.toString()));
        args.addAll(java.util.List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    static String build(Path project, String repository, String tag) {
        Cli.Result built = Cli.run("image", "build", "--project", project.toString(), "--repository", repository, "--tag", tag,
                "--builder", "docker", "--registry-config", auth.toString(), "--build-arg", "BASE_IMAGE=" + TestRegistry.BASE_IMAGE);
        assertThat(built.code()).as(built.toString()).isZero();
        return repository + ":" + tag;
    }
}
