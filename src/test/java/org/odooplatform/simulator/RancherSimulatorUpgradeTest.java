package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.simulator.SimClient.Reply;

class RancherSimulatorUpgradeTest {

    private static final Map<String, Object> HEALTH_CHECK = Map.of("healthCheck", Map.of("port", 8069, "requestLine", "GET /web/health HTTP/1.0"));

    private final SimClient.ManualClock clock = new SimClient.ManualClock();
    private RancherSimulator sim;
    private SimClient api;

    @BeforeEach
    void start() {
        sim = RancherSimulator.builder().transitionDelay(Duration.ofSeconds(1)).healthCheckDelay(Duration.ofSeconds(5))
                .clock(clock).build().start();
        api = new SimClient(sim.baseUrl(), null, null);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String self(JsonNode resource) {
        return resource.at("/links/self").asText();
    }

    private java.util.List<String> states(JsonNode service) {
        return sim.containers("shop", service.get("name").asText()).stream().map(c -> c.get("state").asText()).toList();
    }

    private Reply upgrade(JsonNode service, String image) {
        String body = "{\"inServiceStrategy\":{\"batchSize\":1,\"intervalMillis\":2000,\"startFirst\":false,"
                + "\"launchConfig\":{\"imageUuid\":\"docker:" + image + "\",\"healthCheck\":{\"port\":8069}}}}";
        return api.post(service.at("/actions/upgrade").asText(), body);
    }

    @Test
    void aServiceWithAHealthCheckGoesInitializingThenHealthy() {
        JsonNode stack = sim.seedStack("acme-odoo-test");
        Reply created = api.post("/v2-beta/projects/1a5/services", "{\"name\":\"odoo\",\"stackId\":\"" + stack.get("id").asText()
                + "\",\"startOnCreate\":true,\"launchConfig\":{\"imageUuid\":\"docker:odoo:1\",\"healthCheck\":{\"port\":8069}}}");
        clock.advance(Duration.ofSeconds(2));
        Reply active = api.get(self(created.body()));
        assertThat(active.text("state")).isEqualTo("active");
        assertThat(active.text("healthState")).isEqualTo("initializing");
        assertThat(api.get(self(stack)).text("healthState")).isEqualTo("initializing");
        clock.advance(Duration.ofSeconds(5));
        assertThat(api.get(self(created.body())).text("healthState")).isEqualTo("healthy");
        assertThat(api.get(self(stack)).text("healthState")).isEqualTo("healthy");
    }

    @Test
    void anInactiveServiceDegradesTheStack() {
        sim.seedService("shop", "web", "nginx:1", Map.of());
        JsonNode stack = sim.stack("shop").orElseThrow();
        api.post("/v2-beta/projects/1a5/services", "{\"name\":\"worker\",\"stackId\":\"" + stack.get("id").asText() + "\"}");
        clock.advance(Duration.ofSeconds(1));
        assertThat(api.get(self(stack)).text("healthState")).isEqualTo("degraded");
    }

    @Test
    void upgradeThenFinishupgradeEndsActiveOnTheNewImage() {
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", HEALTH_CHECK, 2);
        String oldVersion = svc.at("/launchConfig/version").asText();
        Reply started = upgrade(svc, "odoo:1.1");
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.text("state")).isEqualTo("upgrading");
        assertThat(started.text("transitioning")).isEqualTo("yes");
        assertThat(started.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1.1");
        assertThat(started.body().at("/launchConfig/version").asText()).isNotEqualTo(oldVersion).isNotEqualTo("0");
        assertThat(started.body().at("/upgrade/inServiceStrategy/previousLaunchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1.0");
        assertThat(started.body().get("actions").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("cancelupgrade", "rollback", "update", "remove", "setservicelinks", "addservicelink", "removeservicelink");

        // cattle UpgradeManagerImpl.upgradeDeploymentUnits, stop-first, batchSize 1, intervalMillis 2000:
        // t=1 batch 1 marked unmanaged and stopped, t=2 its new container starts (health check 5 s),
        // t=7 healthy, sleep 2 s, t=9 batch 2 stopped, t=10 started, t=15 healthy -> upgraded.
        clock.advance(Duration.ofMillis(1500));
        assertThat(states(svc)).containsExactly("stopped", "running");
        Reply window = api.get(self(svc));
        assertThat(window.text("state")).isEqualTo("upgrading");
        // ServiceDiscoveryServiceImpl: one managed healthy instance of the expected two
        assertThat(window.text("healthState")).isEqualTo("degraded");
        clock.advance(Duration.ofSeconds(1)); // t=2.5
        assertThat(states(svc)).containsExactly("stopped", "running", "running");
        assertThat(api.get(self(svc)).text("healthState")).isEqualTo("initializing");
        clock.advance(Duration.ofSeconds(5)); // t=7.5: batch 1 healthy, sleeping before batch 2
        Reply between = api.get(self(svc));
        assertThat(between.text("state")).isEqualTo("upgrading");
        assertThat(between.text("healthState")).isEqualTo("healthy");
        assertThat(states(svc)).containsExactly("stopped", "running", "running");
        clock.advance(Duration.ofSeconds(2)); // t=9.5: batch 2 stopped
        assertThat(states(svc)).containsExactly("stopped", "stopped", "running");
        clock.advance(Duration.ofSeconds(5)); // t=14.5: new container of batch 2 initializing
        assertThat(api.get(self(svc)).text("state")).isEqualTo("upgrading");
        clock.advance(Duration.ofMillis(600)); // t=15.1
        Reply upgraded = api.get(self(svc));
        assertThat(upgraded.text("state")).isEqualTo("upgraded");
        assertThat(upgraded.text("transitioning")).isEqualTo("no");
        assertThat(upgraded.text("healthState")).isEqualTo("healthy");
        assertThat(upgraded.body().get("instanceIds")).hasSize(4); // old ones stopped, still there
        assertThat(upgraded.body().get("actions").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("finishupgrade", "rollback", "remove", "setservicelinks", "addservicelink", "removeservicelink");

        // UpgradeManagerImpl.finishUpgrade: cleanupUpgradedInstances removes the instances set for upgrade
        Reply finishing = api.post(upgraded.body().at("/actions/finishupgrade").asText(), null);
        assertThat(finishing.status()).isEqualTo(202);
        assertThat(finishing.text("state")).isEqualTo("finishing-upgrade");
        clock.advance(Duration.ofSeconds(1));
        Reply active = api.get(self(svc));
        assertThat(active.text("state")).isEqualTo("active");
        assertThat(active.body().get("instanceIds")).hasSize(2);
        assertThat(active.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1.1");
        assertThat(sim.containers("shop", "odoo")).allSatisfy(c -> assertThat(c.get("imageUuid").asText()).isEqualTo("docker:odoo:1.1"));
    }

    @Test
    void rollbackRestoresThePreviousLaunchConfigAndContainers() {
        // UpgradeManagerImpl.rollback -> doInServiceUpgrade(isUpgrade false): markForRollback makes the
        // old instances managed again, the new ones go, reconcile restarts the old ones
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", HEALTH_CHECK);
        upgrade(svc, "odoo:1.1");
        clock.advance(Duration.ofSeconds(8)); // stop at 1 s, new container at 2 s, healthy at 7 s
        Reply upgraded = api.get(self(svc));
        assertThat(upgraded.text("state")).isEqualTo("upgraded");
        Reply rolling = api.post(upgraded.body().at("/actions/rollback").asText(), "");
        assertThat(rolling.status()).isEqualTo(202);
        assertThat(rolling.text("state")).isEqualTo("rolling-back");
        clock.advance(Duration.ofSeconds(6));
        Reply back = api.get(self(svc));
        assertThat(back.text("state")).isEqualTo("active");
        assertThat(back.text("healthState")).isEqualTo("healthy");
        assertThat(back.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1.0");
        assertThat(back.body().at("/launchConfig/version").asText()).isEqualTo("0");
        assertThat(sim.containers("shop", "odoo")).singleElement()
                .satisfies(c -> assertThat(c.get("imageUuid").asText()).isEqualTo("docker:odoo:1.0"))
                .satisfies(c -> assertThat(c.get("state").asText()).isEqualTo("running"));
    }

    @Test
    void anActionInTheWrongStateIs422ActionNotAvailableWithCattlesExactBody() {
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", Map.of());
        Reply r = api.post(self(svc) + "/?action=finishupgrade", "");
        assertThat(r.status()).isEqualTo(422);
        JsonNode body = r.body();
        assertThat(body.get("id").asText()).isNotEmpty();
        assertThat(body.fieldNames()).toIterable()
                .containsExactly("id", "type", "baseType", "links", "actions", "status", "code", "message", "detail", "fieldName");
        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("baseType").asText()).isEqualTo("error");
        assertThat(body.get("links").size()).isZero();
        assertThat(body.get("actions").size()).isZero();
        assertThat(body.get("status").asInt()).isEqualTo(422);
        assertThat(body.get("code").asText()).isEqualTo("ActionNotAvailable");
        assertThat(body.get("message").isNull()).isTrue();
        assertThat(body.get("detail").isNull()).isTrue();
        assertThat(body.get("fieldName").asText()).isEqualTo("action");
        // and nothing changed
        assertThat(api.get(self(svc)).text("state")).isEqualTo("active");
    }

    @Test
    void anUpgradedServiceAcceptsNoSecondUpgrade() {
        JsonNode svc = sim.seedUpgradedService("shop", "odoo", "odoo:1.0", "odoo:1.1");
        assertThat(svc.get("state").asText()).isEqualTo("upgraded");
        assertThat(svc.at("/launchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1.1");
        assertThat(svc.at("/upgrade/inServiceStrategy/previousLaunchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1.0");
        assertThat(svc.get("healthState").asText()).isEqualTo("healthy");
        Reply r = api.post(self(svc) + "/?action=upgrade", "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:odoo:1.2\"}}}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("code").asText()).isEqualTo("ActionNotAvailable");
        // the leftover can be rolled back to the old image
        api.post(self(svc) + "/?action=rollback", "");
        clock.advance(Duration.ofSeconds(1));
        assertThat(api.get(self(svc)).body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1.0");
    }

    @Test
    void upgradeInputIsValidatedLikeCattle() {
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", Map.of());
        String url = self(svc) + "/?action=upgrade";
        Reply none = api.post(url, "{}");
        assertThat(none.body().get("code").asText()).isEqualTo("MissingRequired");
        Reply empty = api.post(url, "{\"inServiceStrategy\":{}}");
        assertThat(empty.body().get("code").asText()).isEqualTo("InvalidOption");
        Reply tooFast = api.post(url, "{\"inServiceStrategy\":{\"intervalMillis\":50,\"launchConfig\":{\"imageUuid\":\"docker:x\"}}}");
        assertThat(tooFast.body().get("code").asText()).isEqualTo("MinLimitExceeded");
        assertThat(tooFast.body().get("fieldName").asText()).isEqualTo("intervalMillis");
        assertThat(api.get(self(svc)).text("state")).isEqualTo("active");
        Reply defaults = api.post(url, "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:x\"}}}");
        assertThat(defaults.body().at("/upgrade/inServiceStrategy/batchSize").asInt()).isEqualTo(1);
        assertThat(defaults.body().at("/upgrade/inServiceStrategy/intervalMillis").asInt()).isEqualTo(2000);
        assertThat(defaults.body().at("/upgrade/inServiceStrategy/startFirst").asBoolean()).isFalse();
    }

    @Test
    void anUpgradeWithAnUnchangedLaunchConfigStillGetsANewVersion() {
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", Map.of());
        Reply r = api.post(self(svc) + "/?action=upgrade", "{\"inServiceStrategy\":{\"launchConfig\":"
                + svc.get("launchConfig").toString() + "}}");
        assertThat(r.body().at("/launchConfig/version").asText()).isNotEqualTo(svc.at("/launchConfig/version").asText());
    }

    @Test
    void aSidekickUpgradedByNameKeepsTheOthersAndRancherNoneRemovesOne() {
        JsonNode stack = sim.seedStack("shop");
        Reply created = api.post("/v2-beta/projects/1a5/services", "{\"name\":\"odoo\",\"stackId\":\"" + stack.get("id").asText()
                + "\",\"startOnCreate\":true,\"launchConfig\":{\"imageUuid\":\"docker:odoo:1\"},\"secondaryLaunchConfigs\":["
                + "{\"name\":\"cron\",\"imageUuid\":\"docker:cron:1\"},{\"name\":\"mail\",\"imageUuid\":\"docker:mail:1\"}]}");
        clock.advance(Duration.ofSeconds(2));
        JsonNode svc = api.get(self(created.body())).body();
        assertThat(svc.get("instanceIds")).hasSize(3);
        Reply up = api.post(self(svc) + "/?action=upgrade", "{\"inServiceStrategy\":{\"secondaryLaunchConfigs\":["
                + "{\"name\":\"cron\",\"imageUuid\":\"docker:cron:2\"},{\"name\":\"mail\",\"imageUuid\":\"rancher/none\"}]}}");
        assertThat(up.status()).isEqualTo(202);
        assertThat(up.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:odoo:1");
        assertThat(up.body().get("secondaryLaunchConfigs")).hasSize(1);
        assertThat(up.body().at("/secondaryLaunchConfigs/0/imageUuid").asText()).isEqualTo("docker:cron:2");
        clock.advance(Duration.ofSeconds(2)); // stopped at 1 s, new containers at 2 s (no health check)
        assertThat(api.post(self(svc) + "/?action=finishupgrade", "").status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(1));
        JsonNode done = api.get(self(svc)).body();
        assertThat(done.get("state").asText()).isEqualTo("active");
        assertThat(sim.containers("shop", "odoo")).extracting(c -> c.get("imageUuid").asText())
                .containsExactlyInAnyOrder("docker:odoo:1", "docker:cron:2");
    }

    @Test
    void anUpgradeFromInactiveStartsTheService() {
        JsonNode stack = sim.seedStack("shop");
        Reply created = api.post("/v2-beta/projects/1a5/services", "{\"name\":\"web\",\"stackId\":\"" + stack.get("id").asText()
                + "\",\"launchConfig\":{\"imageUuid\":\"docker:nginx:1\"}}");
        clock.advance(Duration.ofSeconds(1));
        api.post(self(created.body()) + "/?action=upgrade", "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:nginx:2\"}}}");
        clock.advance(Duration.ofSeconds(2));
        JsonNode svc = api.get(self(created.body())).body();
        assertThat(svc.get("state").asText()).isEqualTo("upgraded");
        assertThat(svc.get("currentScale").asInt()).isEqualTo(1);
    }

    @Test
    void cancelupgradeThenContinueupgrade() {
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", HEALTH_CHECK);
        upgrade(svc, "odoo:1.1");
        assertThat(api.post(self(svc) + "/?action=cancelupgrade", "").text("state")).isEqualTo("canceling-upgrade");
        clock.advance(Duration.ofSeconds(1));
        JsonNode canceled = api.get(self(svc)).body();
        assertThat(canceled.get("state").asText()).isEqualTo("canceled-upgrade");
        assertThat(canceled.get("actions").fieldNames()).toIterable().contains("continueupgrade", "rollback").doesNotContain("finishupgrade");
        assertThat(api.post(self(svc) + "/?action=continueupgrade", "").text("state")).isEqualTo("upgrading");
        clock.advance(Duration.ofSeconds(8)); // the replayed upgrade: stop at +1 s, start at +2 s, healthy at +7 s
        assertThat(api.get(self(svc)).text("state")).isEqualTo("upgraded");
    }

    @Test
    void deactivateStopsTheContainersAndRemoveEndsRemoved() {
        JsonNode svc = sim.seedService("shop", "web", "nginx:1", Map.of());
        assertThat(api.post(self(svc) + "/?action=deactivate", "").text("state")).isEqualTo("deactivating");
        clock.advance(Duration.ofSeconds(1));
        JsonNode inactive = api.get(self(svc)).body();
        assertThat(inactive.get("state").asText()).isEqualTo("inactive");
        // ServiceExposeMapDaoImpl.getCurrentScale counts every instance not removed or in error, stopped ones too
        assertThat(inactive.get("currentScale").asInt()).isEqualTo(1);
        assertThat(sim.containers("shop", "web")).allSatisfy(c -> assertThat(c.get("state").asText()).isEqualTo("stopped"));
        assertThat(api.delete(self(svc)).text("state")).isEqualTo("removing");
        clock.advance(Duration.ofSeconds(1));
        JsonNode removed = api.get(self(svc)).body();
        assertThat(removed.get("state").asText()).isEqualTo("removed");
        assertThat(removed.get("removed").isNull()).isFalse();
        assertThat(removed.get("instanceIds")).isEmpty();
        assertThat(api.delete(self(svc)).status()).isEqualTo(405);
    }

    @Test
    void aScaleChangeWhileUpgradedIs409AfterTheScaleWasSaved() {
        // cattle AbstractObjectResourceManager.updateInternal: setFields first, then service.update is
        // scheduled; "upgraded" is not a start state of service.update (spring-process-context.xml), the
        // ProcessCancelException becomes 409 (AbstractJooqResourceManager.handleException)
        JsonNode svc = sim.seedUpgradedService("shop", "odoo", "odoo:1.0", "odoo:1.1");
        Reply r = api.put(self(svc), "{\"scale\":3}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body().get("code").asText()).isEqualTo("Conflict");
        JsonNode after = api.get(self(svc)).body();
        assertThat(after.get("scale").asInt()).isEqualTo(3);
        assertThat(after.get("state").asText()).isEqualTo("upgraded");
        assertThat(sim.containers("shop", "odoo")).hasSize(2);
        assertThat(api.put(self(svc), "{\"metadata\":{\"a\":\"b\"}}").status()).isEqualTo(200);
        // finishupgrade reconciles (UpgradeManagerImpl.finishUpgrade -> deploymentMgr.activate): the saved scale applies
        api.post(self(svc) + "/?action=finishupgrade", "");
        clock.advance(Duration.ofSeconds(1));
        assertThat(sim.containers("shop", "odoo")).hasSize(3)
                .allSatisfy(c -> assertThat(c.get("imageUuid").asText()).isEqualTo("docker:odoo:1.1"));
    }
}
