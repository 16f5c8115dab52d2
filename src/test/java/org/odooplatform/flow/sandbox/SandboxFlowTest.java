package org.odooplatform.flow.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.simulator.RancherSimulator;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.TestService;

class SandboxFlowTest {

    private static final String SECRET_KEY = "Canary-Sandbox-Rancher-Sk-4417";
    private static final String AWS_SECRET = "Canary-Sandbox-Aws-Secret-9902";

    @TempDir
    Path work;

    @Test
    void itRunsMasterTagAndPromoteThroughTheRealCliAndLeavesTheStacksAsReleased() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        List<List<String>> commands = new ArrayList<>();
        JavaProcessRunner real = new JavaProcessRunner(out, work);
        CommandRunner recording = (args, env) -> {
            commands.add(args);
            assertThat(args).as("credentials travel in the environment only").noneMatch(a -> a.contains(SECRET_KEY));
            return real.run(args, env);
        };
        try (RancherSimulator sim = simulator()) {
            CommonStacks.seed(sim);
            int code = SandboxFlow.run(new SandboxFlow.Options(Projects.SAMPLE, work, rancherEnv(sim), PLATFORM_ENV),
                    recording, out);

            String text = console.toString(StandardCharsets.UTF_8);
            assertThat(code).as(text).isZero();
            assertThat(commands).extracting(c -> c.get(0)).containsSubsequence(
                    "init-settings", "check", "deploy", "release", "release", "deploy", "diff", "deploy", "status")
                    .doesNotContain("image");
            assertThat(commands.get(commands.size() - 1)).as("it ends with the fleet status").containsExactly("status", "--all");
            assertThat(text).as("one line says what to install to see the image part")
                    .contains("(image build and publish skipped: no registry or builder here: install docker-registry and"
                            + " buildah (or docker) to see that part)");
            assertLinksResolve(sim, text);
            assertThat(image(sim, "acme-odoo-test")).matches("docker:camptocamp/acme_odoo:[0-9a-f]{12}");
            assertThat(image(sim, "acme-odoo-integration")).isEqualTo("docker:camptocamp/acme_odoo:10.2.0");
            assertThat(image(sim, "acme-odoo-prod")).isEqualTo("docker:camptocamp/acme_odoo:10.2.0");
            assertThat(sim.service("acme-odoo-prod", "odoo").orElseThrow().get("state").asText()).isEqualTo("active");
            assertThat(text).contains("approved by sandbox-operator").doesNotContain(SECRET_KEY, AWS_SECRET);
        }
        assertThat(Files.readString(work.resolve("project/odoo/VERSION")).strip()).isEqualTo("10.2.0");
        assertThat(Files.readString(Projects.SAMPLE.resolve("odoo/VERSION")).strip())
                .as("the sample project itself is never changed").isEqualTo("10.1.2");
    }

    /**
     * The image part against a registry of the sandbox's own (docker-registry on 127.0.0.1, no auth) and the
     * machine's builder: the busybox base and the commit's image built and published, the release tag made by
     * digest through the registry API, and integration and prod deployed by that digest.
     */
    @Test
    @NeedsServices({TestService.REGISTRY, TestService.BUILDAH})
    void withARegistryAndABuilderItBuildsPublishesPromotesByDigestAndDeploysTheDigest() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        List<List<String>> commands = new ArrayList<>();
        JavaProcessRunner real = new JavaProcessRunner(out, work);
        CommandRunner recording = (args, env) -> {
            commands.add(args);
            return real.run(args, env);
        };
        Path registryBinary = Path.of("/usr/bin/docker-registry");
        try (PrivateRegistry registry = PrivateRegistry.start(registryBinary, work.resolve("registry"));
                RancherSimulator sim = simulator()) {
            CommonStacks.seed(sim);
            // buildah, named: with the test services' dockerd up, auto would pick docker
            SandboxFlow.Images images = new SandboxFlow.Images(registry.address(), null, null, "buildah",
                    Map.of("ODOO_PLATFORM_BUILDAH_ROOT", work.resolve("buildah").toString()));
            int code = SandboxFlow.run(new SandboxFlow.Options(Projects.SAMPLE, work, rancherEnv(sim), PLATFORM_ENV,
                    images, null), recording, out);

            String text = console.toString(StandardCharsets.UTF_8);
            assertThat(code).as(text).isZero();
            assertThat(commands).extracting(c -> c.get(0) + " " + c.get(1)).containsSubsequence(
                    "image build", "image publish", "image build", "image publish", "deploy --project",
                    "image promote", "image resolve", "deploy --project", "deploy --project");
            String repository = registry.address() + "/camptocamp/acme_odoo";
            // the registry itself: the release tag and the commit's tag are one manifest (promoted, not rebuilt)
            String commitTag = image(sim, "acme-odoo-test").replaceFirst("^docker:" + java.util.regex.Pattern.quote(repository) + ":", "");
            assertThat(commitTag).matches("[0-9a-f]{12}");
            String digest = digest(registry.address(), "camptocamp/acme_odoo", commitTag);
            assertThat(digest(registry.address(), "camptocamp/acme_odoo", "10.2.0")).isEqualTo(digest);
            assertThat(digest(registry.address(), "camptocamp/acme_odoo", "latest")).isEqualTo(digest);
            assertThat(image(sim, "acme-odoo-integration")).isEqualTo("docker:" + repository + "@" + digest);
            assertThat(image(sim, "acme-odoo-prod")).isEqualTo("docker:" + repository + "@" + digest);
            assertThat(text).contains("pip (sandbox stand-in, no package index): install -r requirements.txt")
                    .doesNotContain("skipped", SECRET_KEY, AWS_SECRET);
            assertLinksResolve(sim, text);
        }
    }

    private static final Map<String, String> PLATFORM_ENV = Map.of("AWS_HOST", "sos.example.com", "AWS_ACCESS_KEY_ID",
            "EXO0001", "AWS_SECRET_ACCESS_KEY", AWS_SECRET, "LETSENCRYPT_AWS_ACCESS_KEY", "LE0001",
            "LETSENCRYPT_AWS_SECRET_KEY", AWS_SECRET);

    private static RancherSimulator simulator() {
        return RancherSimulator.builder().accessKey("ak").secretKey(SECRET_KEY)
                .transitionDelay(Duration.ofMillis(20)).healthCheckDelay(Duration.ofMillis(50)).build().start();
    }

    private static Map<String, String> rancherEnv(RancherSimulator sim) {
        return Map.of("RANCHER_URL", sim.baseUrl(), "RANCHER_ACCESS_KEY", "ak", "RANCHER_SECRET_KEY", SECRET_KEY);
    }

    /** The compose files' external_links reach the common stacks' services (linkedServices of the odoo service). */
    private static void assertLinksResolve(RancherSimulator sim, String text) {
        String redis = sim.service("redis", "redis").orElseThrow().get("id").asText();
        String clusterLb = sim.service("postgres-cluster", "lb").orElseThrow().get("id").asText();
        for (String stack : List.of("acme-odoo-integration", "acme-odoo-prod")) {
            JsonNode links = sim.service(stack, "odoo").orElseThrow().get("linkedServices");
            assertThat(links.path("redis").asText()).as(stack + " " + links).isEqualTo(redis);
            assertThat(links.path("db").asText()).as(stack + " " + links).isEqualTo(clusterLb);
        }
        assertThat(sim.service("acme-odoo-test", "odoo").orElseThrow().get("linkedServices").path("redis").asText())
                .isEqualTo(redis);
        assertThat(text).doesNotContain("not found, link skipped");
    }

    private static String digest(String registry, String repository, String tag) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + registry + "/v2/" + repository + "/manifests/" + tag))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json")
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(response.statusCode()).as(repository + ":" + tag).isEqualTo(200);
        return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
    }

    private static String image(RancherSimulator sim, String stack) {
        return sim.service(stack, "odoo").orElseThrow().at("/launchConfig/imageUuid").asText();
    }
}
