package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.simulator.SimClient.Reply;

class RancherSimulatorFaultsTest {

    private final SimClient.ManualClock clock = new SimClient.ManualClock();
    private RancherSimulator sim;
    private SimClient api;

    @BeforeEach
    void start() {
        sim = RancherSimulator.builder().accessKey("ak").secretKey("sk-canary-7f3").transitionDelay(Duration.ofSeconds(1))
                .healthCheckDelay(Duration.ofSeconds(5)).clock(clock).build().start();
        api = new SimClient(sim.baseUrl(), "ak", "sk-canary-7f3");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void theNextNResponsesFailWithTheGivenStatusAndChangeNothing() {
        sim.faults().failNext(2, 503);
        Reply first = api.post("/v2-beta/stacks", "{\"name\":\"shop\"}");
        Reply second = api.get("/v2-beta/stacks");
        Reply third = api.get("/v2-beta/stacks");
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.body().get("type").asText()).isEqualTo("error");
        assertThat(second.status()).isEqualTo(503);
        assertThat(third.status()).isEqualTo(200);
        assertThat(third.body().get("data")).isEmpty();
    }

    @Test
    void failuresCanTargetOneMethodAndOneAction() {
        JsonNode svc = sim.seedService("shop", "web", "nginx:1", Map.of());
        String self = svc.at("/links/self").asText();
        sim.faults().failNext(1, 503, "POST", "action=restart");
        assertThat(api.get(self).status()).isEqualTo(200);
        assertThat(api.post(self + "/?action=deactivate", "").status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(1));
        assertThat(api.post(self + "/?action=activate", "").status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(1));
        assertThat(api.post(self + "/?action=restart", "").status()).isEqualTo(503);
        assertThat(api.get(self).text("state")).isEqualTo("active");
        assertThat(api.post(self + "/?action=restart", "").status()).isEqualTo(202);
    }

    @Test
    void aDroppedConnectionGivesNoResponseAndNoEffect() {
        sim.faults().dropNextConnections(1);
        assertThatThrownBy(() -> api.sendOrThrow("POST", "/v2-beta/stacks", "{\"name\":\"shop\"}")).isInstanceOf(IOException.class);
        assertThat(sim.stack("shop")).isEmpty();
        assertThat(sim.requests()).singleElement().satisfies(r -> assertThat(r.status()).isZero());
        assertThat(api.post("/v2-beta/stacks", "{\"name\":\"shop\"}").status()).isEqualTo(201);
    }

    @Test
    void aDroppedResponseStillHasItsEffect() {
        sim.faults().dropNextResponses(1, "POST", "/stacks");
        assertThatThrownBy(() -> api.sendOrThrow("POST", "/v2-beta/stacks", "{\"name\":\"shop\"}")).isInstanceOf(IOException.class);
        assertThat(sim.stack("shop")).isPresent();
    }

    @Test
    void aDelayedResponseTimesTheClientOutAfterTheEffectHappened() {
        sim.faults().delayNext(1, Duration.ofSeconds(3), "POST", "/stacks");
        java.net.http.HttpClient impatient = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + "/v2-beta/stacks"))
                .timeout(Duration.ofMillis(200)).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("ak:sk-canary-7f3".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"shop\"}")).build();
        assertThatThrownBy(() -> impatient.send(req, java.net.http.HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        assertThat(sim.stack("shop")).isPresent();
    }

    @Test
    void injectedStatusesCarryCattlesCodeForThem() {
        sim.faults().failNext(1, 409).failNext(1, 500);
        Reply conflict = api.get("/v2-beta/stacks");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body().get("code").asText()).isEqualTo("Conflict");
        assertThat(api.get("/v2-beta/stacks").body().get("code").asText()).isEqualTo("ServerError");
    }

    @Test
    void newContainersThatTurnUnhealthyKeepTheServiceUpgradingForever() {
        // UpgradeManagerImpl.waitForHealthyState waits on the new-version instances without a deadline
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", Map.of("healthCheck", Map.of("port", 8069)));
        sim.faults().unhealthyAfterUpgrade("shop", "odoo");
        String self = svc.at("/links/self").asText();
        api.post(self + "/?action=upgrade", "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:odoo:1.1\",\"healthCheck\":{\"port\":8069}}}}");
        clock.advance(Duration.ofHours(1));
        JsonNode stuck = api.get(self).body();
        assertThat(stuck.get("state").asText()).isEqualTo("upgrading");
        assertThat(stuck.get("transitioning").asText()).isEqualTo("yes");
        assertThat(stuck.get("healthState").asText()).isEqualTo("unhealthy");
        assertThat(stuck.get("actions").has("rollback")).isTrue();
        assertThat(stuck.get("actions").has("upgrade")).isFalse();
        api.post(self + "/?action=rollback", "");
        clock.advance(Duration.ofSeconds(6));
        JsonNode back = api.get(self).body();
        assertThat(back.get("state").asText()).isEqualTo("active");
        assertThat(back.get("healthState").asText()).isEqualTo("healthy");
        assertThat(back.at("/launchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1.0");
    }

    @Test
    void aNewServiceWhoseContainersTurnUnhealthyIsActiveButNeverHealthy() {
        JsonNode stack = sim.seedStack("shop");
        sim.faults().unhealthyOnStart("shop", "odoo");
        Reply created = api.post("/v2-beta/projects/1a5/services", "{\"name\":\"odoo\",\"stackId\":\"" + stack.get("id").asText()
                + "\",\"startOnCreate\":true,\"launchConfig\":{\"imageUuid\":\"docker:odoo:1\",\"healthCheck\":{\"port\":8069}}}");
        clock.advance(Duration.ofHours(1));
        JsonNode svc = api.get(created.body().at("/links/self").asText()).body();
        assertThat(svc.get("state").asText()).isEqualTo("active");
        assertThat(svc.get("healthState").asText()).isEqualTo("unhealthy");
        assertThat(api.get(stack.at("/links/self").asText()).text("healthState")).isEqualTo("unhealthy");
    }

    @Test
    void aFailedPullIsWrittenIntoTheTaskStatusAndTheTaskStillEnds() {
        // cattle PullTaskCreate: an EventExecutionException of one host's pull goes into status[host]
        // (setStatus); the process itself ends normally
        sim.faults().failPullOn("sim-host-2", "odoo:9.9");
        Reply task = api.post("/v2-beta/pulltasks", "{\"mode\":\"all\",\"image\":\"docker:registry/odoo:9.9\",\"labels\":{}}");
        assertThat(task.body().at("/status/sim-host-1").asText()).isEqualTo("Pulling");
        clock.advance(Duration.ofSeconds(1));
        JsonNode done = api.get(task.body().at("/links/self").asText()).body();
        assertThat(done.get("state").asText()).isEqualTo("active");
        assertThat(done.get("transitioning").asText()).isEqualTo("no");
        assertThat(done.at("/status/sim-host-1").asText()).isEqualTo("Done");
        assertThat(done.at("/status/sim-host-3").asText()).isEqualTo("Done");
        assertThat(done.at("/status/sim-host-2").asText()).startsWith("Error").contains("odoo:9.9");
    }

    @Test
    void thePulledHostsAreChosenByTheSchedulingLabelsSent() {
        // cattle PullTaskCreate -> AllocationHelperImpl.getHostsSatisfyingHostAffinity(labels)
        Reply task = api.post("/v2-beta/pulltasks", "{\"mode\":\"all\",\"image\":\"docker:registry/odoo:1.0\","
                + "\"labels\":{\"io.rancher.scheduler.affinity:host_label\":\"application=true\",\"other\":\"x\"}}");
        clock.advance(Duration.ofSeconds(1));
        JsonNode done = api.get(task.body().at("/links/self").asText()).body();
        assertThat(done.get("status").fieldNames()).toIterable().containsExactly("sim-host-1", "sim-host-2");
        assertThat(done.get("hostIds")).hasSize(2);
        Reply notApp = api.post("/v2-beta/pulltasks", "{\"image\":\"docker:registry/odoo:1.0\","
                + "\"labels\":{\"io.rancher.scheduler.affinity:host_label_ne\":\"application=true\"}}");
        assertThat(notApp.body().get("status").fieldNames()).toIterable().containsExactly("sim-host-3");
    }

    @Test
    void aContainerStartThatCannotPullIsATransitioningErrorThatCattleRetries() {
        // cattle DefaultProcessInstanceImpl: a handler exception leaves the process with transitioning
        // error and its message; ProcessReplayTask runs it again, so it ends once the cause is gone
        sim.faults().failPull("odoo:9.9");
        JsonNode svc = sim.seedService("shop", "odoo", "registry/odoo:1.0", Map.of());
        String self = svc.at("/links/self").asText();
        api.post(self + "/?action=upgrade", "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:registry/odoo:9.9\"}}}");
        clock.advance(Duration.ofSeconds(2)); // stopped at 1 s, start at 2 s fails
        JsonNode failing = api.get(self).body();
        assertThat(failing.get("state").asText()).isEqualTo("upgrading");
        assertThat(failing.get("transitioning").asText()).isEqualTo("error");
        assertThat(failing.get("transitioningMessage").asText()).contains("odoo:9.9");
        clock.advance(Duration.ofSeconds(5));
        assertThat(api.get(self).text("transitioning")).isEqualTo("error"); // retried, still failing
        sim.faults().clear();
        clock.advance(Duration.ofSeconds(1));
        api.get(self);
        clock.advance(Duration.ofSeconds(1));
        JsonNode done = api.get(self).body();
        assertThat(done.get("state").asText()).isEqualTo("upgraded");
        assertThat(done.get("transitioning").asText()).isEqualTo("no");
    }

    @Test
    void frozenTransitionsDoNotAdvanceUntilThawed() {
        Reply created = api.post("/v2-beta/stacks", "{\"name\":\"shop\"}");
        sim.faults().freezeTransitions(true);
        clock.advance(Duration.ofHours(1));
        assertThat(api.get(created.body().at("/links/self").asText()).text("state")).isEqualTo("activating");
        sim.faults().freezeTransitions(false);
        assertThat(api.get(created.body().at("/links/self").asText()).text("state")).isEqualTo("active");
    }

    @Test
    void everyRequestIsRecordedWithoutTheAuthorizationHeader() {
        api.get("/v2-beta");
        Reply created = api.post("/v2-beta/projects/1a5/stacks", "{\"name\":\"shop\"}");
        api.get("/v2-beta/projects/1a5/stacks?name=shop&removed_null=1");
        api.post(created.body().at("/links/self").asText() + "/?action=finishupgrade", "");
        assertThat(sim.requests()).extracting(RecordedRequest::toString).containsExactly(
                "GET /v2-beta -> 200",
                "POST /v2-beta/projects/1a5/stacks -> 201",
                "GET /v2-beta/projects/1a5/stacks?name=shop&removed_null=1 -> 200",
                "POST /v2-beta/projects/1a5/stacks/" + created.text("id") + "/?action=finishupgrade -> 422");
        assertThat(sim.requests().get(1).body()).isEqualTo("{\"name\":\"shop\"}");
        assertThat(sim.requests().get(3).action()).isEqualTo("finishupgrade");
        assertThat(sim.requests()).allSatisfy(r -> assertThat(r.accessKey()).isEqualTo("ak"));
        assertThat(sim.requests().toString()).doesNotContain("sk-canary-7f3");
        assertThat(sim.readCount()).isEqualTo(2);
        assertThat(sim.mutationCount()).isEqualTo(2);
        sim.clearRequests();
        assertThat(sim.requests()).isEmpty();
    }
}
