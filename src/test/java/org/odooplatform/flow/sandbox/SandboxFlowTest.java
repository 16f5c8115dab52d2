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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.simulator.RancherSimulator;
import org.odooplatform.testsupport.Projects;

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
        try (RancherSimulator sim = RancherSimulator.builder().accessKey("ak").secretKey(SECRET_KEY)
                .transitionDelay(Duration.ofMillis(20)).healthCheckDelay(Duration.ofMillis(50)).build().start()) {
            int code = SandboxFlow.run(new SandboxFlow.Options(Projects.SAMPLE, work,
                    Map.of("RANCHER_URL", sim.baseUrl(), "RANCHER_ACCESS_KEY", "ak", "RANCHER_SECRET_KEY", SECRET_KEY),
                    Map.of("AWS_HOST", "sos.example.com", "AWS_ACCESS_KEY_ID", "EXO0001", "AWS_SECRET_ACCESS_KEY", AWS_SECRET,
                            "LETSENCRYPT_AWS_ACCESS_KEY", "LE0001", "LETSENCRYPT_AWS_SECRET_KEY", AWS_SECRET)),
                    recording, out);

            String text = console.toString(StandardCharsets.UTF_8);
            assertThat(code).as(text).isZero();
            assertThat(commands).extracting(c -> c.get(0)).containsSubsequence(
                    "init-settings", "check", "deploy", "release", "release", "deploy", "diff", "deploy", "status");
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

    private static String image(RancherSimulator sim, String stack) {
        return sim.service(stack, "odoo").orElseThrow().at("/launchConfig/imageUuid").asText();
    }
}
