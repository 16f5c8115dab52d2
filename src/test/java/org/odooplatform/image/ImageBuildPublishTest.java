package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;
import org.odooplatform.testsupport.Projects;

/** build and publish of examples/sample-project with the real builders and registry. */
@NeedsServices({TestService.BUILDAH, TestService.REGISTRY})
class ImageBuildPublishTest {

    private static final String BUILDAH_ROOT = System.getenv("TEST_BUILDAH_ROOT");

    @TempDir
    Path tmp;

    private Path project;
    private Path config;
    private String repo;
    private String password;

    @BeforeEach
    void setUp() {
        project = Projects.copySample(tmp.resolve("project"));
        config = TestRegistry.config(tmp.resolve("conf"));
        repo = TestRegistry.uniqueRepo("acme");
        password = TestRegistry.password();
    }

    /** Local images of this test go away (the shared buildah vfs storage keeps a full copy of each). */
    @org.junit.jupiter.api.AfterEach
    void removeLocalImages() throws Exception {
        for (String tag : List.of("abc123", "def456")) {
            new ProcessBuilder("buildah", "--root", BUILDAH_ROOT + "/storage", "--runroot", BUILDAH_ROOT + "/run",
                    "--storage-driver", "vfs", "rmi", "-f", repo + ":" + tag).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            if (System.getenv("DOCKER_HOST") != null) {
                new ProcessBuilder("docker", "rmi", "-f", repo + ":" + tag).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            }
        }
    }

    private Cli.Result build(String builder, String tag, String... extra) {
        List<String> args = new ArrayList<>(List.of("image", "build", "--project", project.toString(), "--repository", repo,
                "--tag", tag, "--builder", builder, "--buildah-root", BUILDAH_ROOT, "--registry-config", config.toString(),
                "--build-arg", "BASE_IMAGE=" + TestRegistry.BASE_IMAGE));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private Cli.Result publish(String builder, String image, String... extra) {
        List<String> args = new ArrayList<>(List.of("image", "publish", "--image", image, "--builder", builder,
                "--buildah-root", BUILDAH_ROOT, "--registry-config", config.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void itBuildsWithBuildahAndPublishesEveryTagToOneDigestWithoutAnyPasswordOnACommandLine() throws Exception {
        git("init", "-q");
        git("-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "--allow-empty", "-m", "sample");
        git("add", "-A");
        git("-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "-m", "sample");
        String head = git("rev-parse", "HEAD");
        Set<Path> authDirsBefore = authDirs();
        Cli.Result built;
        Cli.Result published;
        try (CommandLineSampler sampler = new CommandLineSampler(secretForms())) {
            built = build("buildah", "abc123");
            published = publish("buildah", repo + ":abc123", "--also-tag", "latest,master");
            sampler.close();
            assertThat(sampler.programs()).as("the sampler saw the builder run").contains("buildah");
            assertThat(sampler.leaks()).as("command lines holding the registry password").isEmpty();
        }

        assertThat(built.code()).as(built.toString()).isZero();
        assertThat(lastLine(built.out())).isEqualTo(repo + ":abc123");
        assertThat(built.err()).contains("STEP 1/").contains("COMMIT");
        assertThat(labels("buildah", repo + ":abc123")).contains("\"org.opencontainers.image.version\":\"10.1.2\"")
                .contains("\"org.opencontainers.image.revision\":\"" + head + "\"")
                .contains("\"org.opencontainers.image.title\":\"acme\"").contains("org.opencontainers.image.created");

        assertThat(published.code()).as(published.toString()).isZero();
        String pinned = lastLine(published.out());
        assertThat(pinned).matches(java.util.regex.Pattern.quote(repo) + "@sha256:[a-f0-9]{64}");
        String digest = pinned.substring(pinned.indexOf('@') + 1);
        for (String tag : List.of("abc123", "latest", "master")) {
            Cli.Result resolved = Cli.run("image", "resolve", repo + ":" + tag, "--registry-config", config.toString());
            assertThat(resolved.out().strip()).as(tag).isEqualTo(pinned);
        }
        assertThat(published.err()).contains("verified: abc123, latest, master -> " + digest);

        Cli.Result promoted = Cli.run("image", "promote", "--from", pinned, "--to", "10.1.2", "--registry-config", config.toString());
        assertThat(promoted.out().strip()).as("promotion keeps the digest").isEqualTo(pinned);

        for (Cli.Result r : List.of(built, published, promoted)) {
            assertThat(r.all()).doesNotContain(password).doesNotContain("****");
        }
        assertThat(authDirs()).as("temporary logins deleted").isEqualTo(authDirsBefore);
    }

    @Test
    @NeedsServices(TestService.DOCKERD)
    void itBuildsAndPublishesWithDocker() throws Exception {
        Cli.Result built;
        Cli.Result published;
        try (CommandLineSampler sampler = new CommandLineSampler(secretForms())) {
            built = build("docker", "def456", "--commit", "0123456789abcdef", "--label", "com.example.team=odoo");
            published = publish("docker", repo + ":def456");
            sampler.close();
            assertThat(sampler.programs()).contains("docker");
            assertThat(sampler.leaks()).isEmpty();
        }

        assertThat(built.code()).as(built.toString()).isZero();
        assertThat(lastLine(built.out())).isEqualTo(repo + ":def456");
        assertThat(labels("docker", repo + ":def456")).contains("\"org.opencontainers.image.revision\":\"0123456789abcdef\"")
                .contains("\"com.example.team\":\"odoo\"");
        assertThat(published.code()).as(published.toString()).isZero();
        Cli.Result resolved = Cli.run("image", "resolve", repo + ":def456", "--registry-config", config.toString());
        assertThat(lastLine(published.out())).isEqualTo(resolved.out().strip()).startsWith(repo + "@sha256:");
        assertThat(built.all() + published.all()).doesNotContain(password).doesNotContain("****");
    }

    @Test
    void aFailingBuildIsExit1WithTheBuildersLastLines() throws Exception {
        // a short Dockerfile: the vfs driver copies the whole root file system for every step
        Files.writeString(project.resolve("odoo/Dockerfile"), "ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n"
                + "RUN echo marker-of-the-failure && exit 7\n");

        Cli.Result r = build("buildah", "broken");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        String error = r.err().substring(r.err().indexOf("error: buildah build failed"));
        assertThat(error).contains("its last lines").contains("marker-of-the-failure");
    }

    @Test
    void badBuildInputIsExit2BeforeTheBuilderRuns() throws Exception {
        Files.delete(project.resolve("odoo/Dockerfile"));

        Cli.Result r = build("buildah", "x", "--build-arg", "NOEQUALS");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--build-arg 'NOEQUALS': expected KEY=VALUE").contains("odoo/Dockerfile: error: not found")
                .doesNotContain("STEP");
    }

    @Test
    void aWrongRegistryPasswordStopsTheBuildAtLoginWithExit2() {
        String canary = "canary-build-pw-" + System.nanoTime();
        config = TestRegistry.config(tmp.resolve("wrong"), TestRegistry.HOST, TestRegistry.USER, canary);

        Cli.Result r = build("buildah", "wrongpw");

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("buildah login to " + TestRegistry.HOST + " as '" + TestRegistry.USER + "' was rejected")
                .doesNotContain("STEP 1/");
        assertThat(r.all()).doesNotContain(canary);
    }

    @Test
    void publishingAnImageThatWasNotBuiltIsExit3() {
        Cli.Result r = publish("buildah", repo + ":never-built");

        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.err()).contains("is not in buildah's local storage");
    }

    private List<String> secretForms() {
        String basic = Base64.getEncoder().encodeToString((TestRegistry.USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        return List.of(password, basic);
    }

    private String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", project.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    private static String labels(String builder, String image) throws Exception {
        List<String> cmd = builder.equals("buildah")
                ? List.of("buildah", "--root", BUILDAH_ROOT + "/storage", "--runroot", BUILDAH_ROOT + "/run", "--storage-driver", "vfs",
                        "inspect", "--type", "image", image)
                : List.of("docker", "image", "inspect", image);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
        com.fasterxml.jackson.databind.JsonNode labels = builder.equals("buildah")
                ? json.path("OCIv1").path("config").path("Labels") : json.path(0).path("Config").path("Labels");
        return labels.toString();
    }

    private static Set<Path> authDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("odoo-platform-auth-")).collect(Collectors.toSet());
        }
    }

    private static String lastLine(String out) {
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }
}
