package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.simulator.SimClient.Reply;

/** The control API under /_sim: what the Java API offers, over HTTP, for curl and scripts. */
class RancherSimulatorControlApiTest {

    private RancherSimulator sim;
    private SimClient api;

    @BeforeEach
    void start() {
        sim = RancherSimulator.builder().accessKey("ak").secretKey("sk").transitionDelay(Duration.ZERO).build().start();
        api = new SimClient(sim.baseUrl(), "ak", "sk");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void itNeedsTheKeysOfTheRancherApi() {
        assertThat(new SimClient(sim.baseUrl(), "ak", "wrong").get("/_sim/requests").status()).isEqualTo(401);
        assertThat(api.get("/_sim").body().get("endpoints").toString()).contains("POST /_sim/faults");
    }

    @Test
    void theRequestLogListsRancherRequestsOnlyAndCanBeCleared() {
        api.get("/v2-beta/projects/1a5/stacks");
        api.post("/v2-beta/projects/1a5/stacks", "{\"name\":\"shop\"}");
        JsonNode log = api.get("/_sim/requests").body();
        assertThat(log.get("data")).extracting(r -> r.get("method").asText() + " " + r.get("path").asText() + " " + r.get("status").asInt())
                .containsExactly("GET /v2-beta/projects/1a5/stacks 200", "POST /v2-beta/projects/1a5/stacks 201");
        assertThat(log.get("mutations").asInt()).isEqualTo(1);
        assertThat(log.toString()).doesNotContain("sk");
        assertThat(api.delete("/_sim/requests").status()).isEqualTo(200);
        assertThat(api.get("/_sim/requests").body().get("data")).isEmpty();
    }

    @Test
    void faultsAreInjectedAndCleared() {
        Reply added = api.post("/_sim/faults", "{\"type\":\"failNext\",\"count\":1,\"status\":503,\"method\":\"GET\",\"path\":\"/stacks\"}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(api.get("/v2-beta/projects/1a5/stacks").status()).isEqualTo(503);
        assertThat(api.get("/v2-beta/projects/1a5/stacks").status()).isEqualTo(200);

        api.post("/_sim/faults", "{\"type\":\"failPull\",\"image\":\"odoo:9.9\",\"host\":\"sim-host-2\"}");
        Reply task = api.post("/v2-beta/projects/1a5/pulltasks", "{\"image\":\"docker:odoo:9.9\"}");
        JsonNode done = api.get(task.body().at("/links/self").asText()).body();
        assertThat(done.at("/status/sim-host-2").asText()).startsWith("Error");
        assertThat(done.at("/status/sim-host-1").asText()).isEqualTo("Done");

        api.post("/_sim/faults", "{\"type\":\"freeze\",\"frozen\":true}");
        assertThat(sim.faults().frozen()).isTrue();
        assertThat(api.delete("/_sim/faults").status()).isEqualTo(200);
        assertThat(sim.faults().frozen()).isFalse();
        Reply unknown = api.post("/_sim/faults", "{\"type\":\"explode\"}");
        assertThat(unknown.status()).isEqualTo(422);
    }

    @Test
    void stacksServicesHostsAndSettingsAreSeeded() {
        Reply svc = api.post("/_sim/seed/service", "{\"stack\":\"shop\",\"name\":\"odoo\",\"image\":\"odoo:1.0\",\"scale\":2,"
                + "\"launchConfig\":{\"healthCheck\":{\"port\":8069}}}");
        assertThat(svc.status()).isEqualTo(201);
        assertThat(svc.text("state")).isEqualTo("active");
        assertThat(svc.text("healthState")).isEqualTo("healthy");
        assertThat(sim.containers("shop", "odoo")).hasSize(2);
        Reply up = api.post("/_sim/seed/upgraded-service", "{\"stack\":\"shop\",\"name\":\"web\",\"oldImage\":\"nginx:1\",\"newImage\":\"nginx:2\"}");
        assertThat(up.text("state")).isEqualTo("upgraded");
        Reply host = api.post("/_sim/seed/host", "{\"name\":\"app-3\",\"labels\":{\"application\":\"true\"}}");
        assertThat(host.text("id")).startsWith("1h");
        assertThat(api.get("/v2-beta/projects/1a5/hosts").body().get("data")).hasSize(4);
        api.put("/_sim/settings/registry.default", "{\"value\":\"registry.example\"}");
        assertThat(api.get("/v2-beta/settings/registry.default").text("value")).isEqualTo("registry.example");
        Reply missing = api.post("/_sim/seed/service", "{\"stack\":\"shop\"}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.text("fieldName")).isEqualTo("name");
        // seeding is not a Rancher request
        assertThat(sim.requests()).noneMatch(r -> r.path().startsWith("/_sim"));
    }
}
