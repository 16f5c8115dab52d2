package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RancherSimulatorStateFileTest {

    @Test
    void aRestartedSimulatorReloadsItsStateIncludingARunningTransition(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("state/rancher.json");
        SimClient.ManualClock clock = new SimClient.ManualClock();
        String serviceId;
        try (RancherSimulator first = RancherSimulator.builder().stateFile(file).clock(clock)
                .transitionDelay(Duration.ofSeconds(1)).build().start()) {
            JsonNode svc = first.seedService("shop", "odoo", "odoo:1.0", Map.of());
            serviceId = svc.get("id").asText();
            SimClient api = new SimClient(first.baseUrl(), null, null);
            api.post(svc.at("/links/self").asText() + "/?action=upgrade",
                    "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:odoo:1.1\"}}}");
        }
        assertThat(Files.readString(file)).contains("docker:odoo:1.1").doesNotContain("Authorization");
        // issue 13: launch configs carry the environment (secrets): owner-only
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        try (RancherSimulator second = RancherSimulator.builder().stateFile(file).clock(clock)
                .transitionDelay(Duration.ofSeconds(1)).build().start()) {
            JsonNode svc = second.service("shop", "odoo").orElseThrow();
            assertThat(svc.get("id").asText()).isEqualTo(serviceId);
            assertThat(svc.get("state").asText()).isEqualTo("upgrading");
            clock.advance(Duration.ofSeconds(2)); // old stopped at 1 s, new started at 2 s
            assertThat(second.service("shop", "odoo").orElseThrow().get("state").asText()).isEqualTo("upgraded");
            // ids keep counting from where the first run stopped
            JsonNode other = second.seedStack("blog");
            assertThat(other.get("id").asText()).isNotIn(svc.get("stackId").asText(), serviceId);
        }
    }
}
