package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.simulator.SimClient.Reply;

/** Behaviours read from Cattle v0.183.83 (Rancher 1.6); each test names the class it follows. */
class RancherSimulatorCattleTest {

    private static final String P = "/v2-beta/projects/1a5";
    private static final Map<String, Object> HEALTH_CHECK = Map.of("healthCheck", Map.of("port", 8069));

    private final SimClient.ManualClock clock = new SimClient.ManualClock();
    private RancherSimulator sim;
    private SimClient api;

    private void start(RancherSimulator.Builder builder) {
        sim = builder.clock(clock).build().start();
        api = new SimClient(sim.baseUrl(), null, null);
    }

    private void start() {
        start(RancherSimulator.builder().transitionDelay(Duration.ofSeconds(1)).healthCheckDelay(Duration.ofSeconds(5))
                .healthUpdateDelay(Duration.ofMillis(100)));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private static String self(JsonNode resource) {
        return resource.at("/links/self").asText();
    }

    private Reply upgrade(JsonNode svc, String image, int batchSize, boolean startFirst, String extraLaunchConfig) {
        return api.post(self(svc) + "/?action=upgrade", "{\"inServiceStrategy\":{\"batchSize\":" + batchSize
                + ",\"intervalMillis\":2000,\"startFirst\":" + startFirst + ",\"launchConfig\":{\"imageUuid\":\"docker:" + image
                + "\",\"healthCheck\":{\"port\":8069}" + extraLaunchConfig + "}}}");
    }

    private String at(JsonNode svc, Duration advance, List<String> seen) {
        clock.advance(advance);
        JsonNode now = api.get(self(svc)).body();
        String h = now.get("state").asText() + "/" + now.get("healthState").asText();
        seen.add(h);
        return h;
    }

    @Test
    void aScaleOneStopFirstUpgradeReadsUnhealthyThenInitializingThenHealthy() {
        // cattle UpgradeManagerImpl.upgradeDeploymentUnits (startFirst false): markForUpgrade (managed
        // false), stopInstances, then activate starts the new ones; ServiceDiscoveryServiceImpl
        // .calculateServiceHealthState counts listServiceManagedInstances only
        start();
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", HEALTH_CHECK);
        assertThat(upgrade(svc, "odoo:1.1", 1, false, "").text("healthState")).isEqualTo("healthy");
        List<String> seen = new ArrayList<>();
        assertThat(at(svc, Duration.ofMillis(1200), seen)).isEqualTo("upgrading/unhealthy");
        assertThat(api.get(self(svc)).body().get("currentScale").asInt()).isZero(); // the old one is set for upgrade
        assertThat(sim.stack("shop").orElseThrow().get("healthState").asText()).isEqualTo("unhealthy");
        assertThat(at(svc, Duration.ofSeconds(1), seen)).isEqualTo("upgrading/initializing");
        assertThat(at(svc, Duration.ofSeconds(5), seen)).isEqualTo("upgraded/healthy");
        assertThat(sim.stack("shop").orElseThrow().get("healthState").asText()).isEqualTo("healthy");
    }

    @Test
    void aStartFirstUpgradeHasNoUnhealthyWindow() {
        // cattle UpgradeManagerImpl.upgradeDeploymentUnits (startFirst true): activate first, wait for
        // health, then stop the marked instances
        start();
        JsonNode svc = sim.seedService("shop", "odoo", "odoo:1.0", HEALTH_CHECK);
        upgrade(svc, "odoo:1.1", 1, true, "");
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            at(svc, Duration.ofMillis(500), seen);
        }
        assertThat(seen).noneMatch(s -> s.endsWith("unhealthy")).contains("upgrading/initializing").endsWith("upgraded/healthy");
        assertThat(sim.containers("shop", "odoo")).extracting(c -> c.get("imageUuid").asText() + " " + c.get("state").asText())
                .containsExactly("docker:odoo:1.0 stopped", "docker:odoo:1.1 running");
    }

    @Test
    void aGlobalServiceRunsOneContainerPerMatchingHostAndIsUnhealthyWhileAStopFirstBatchReplacesThem() {
        // cattle GlobalServiceDeploymentPlanner: one unit per host of
        // AllocationHelperImpl.getHostsSatisfyingHostAffinity(labels); a global service is healthy when
        // all its managed instances on active hosts are, and there is at least one
        start();
        JsonNode stack = sim.seedStack("shop");
        String labels = "\"labels\":{\"io.rancher.scheduler.global\":\"true\",\"io.rancher.scheduler.affinity:host_label\":\"application=true\"}";
        Reply created = api.post(P + "/services", "{\"name\":\"odoo\",\"stackId\":\"" + stack.get("id").asText()
                + "\",\"scale\":1,\"startOnCreate\":true,\"launchConfig\":{\"imageUuid\":\"docker:odoo:1.0\",\"healthCheck\":{\"port\":8069},"
                + labels + "}}");
        clock.advance(Duration.ofSeconds(8));
        JsonNode svc = api.get(self(created.body())).body();
        assertThat(svc.get("state").asText()).isEqualTo("active");
        assertThat(svc.get("healthState").asText()).isEqualTo("healthy");
        assertThat(sim.containers("shop", "odoo")).extracting(c -> c.get("hostId").asText()).containsExactly("1h1", "1h2");

        upgrade(svc, "odoo:1.1", 2, false, "," + labels);
        List<String> seen = new ArrayList<>();
        assertThat(at(svc, Duration.ofMillis(1200), seen)).isEqualTo("upgrading/unhealthy");
        assertThat(at(svc, Duration.ofSeconds(1), seen)).isEqualTo("upgrading/initializing");
        assertThat(at(svc, Duration.ofSeconds(5), seen)).isEqualTo("upgraded/healthy");
        assertThat(sim.containers("shop", "odoo")).filteredOn(c -> c.get("state").asText().equals("running"))
                .extracting(c -> c.get("hostId").asText() + " " + c.get("imageUuid").asText())
                .containsExactly("1h1 docker:odoo:1.1", "1h2 docker:odoo:1.1");
    }

    @Test
    void hostsAreSeedableAndListed() {
        Map<String, Map<String, String>> hosts = new LinkedHashMap<>();
        hosts.put("app-a", Map.of("application", "true"));
        hosts.put("app-b", Map.of("application", "true"));
        start(RancherSimulator.builder().hosts(hosts));
        sim.seedHost("app-c", Map.of("application", "true"));
        JsonNode listed = api.get(P + "/hosts").body();
        assertThat(listed.get("data")).extracting(h -> h.get("name").asText()).containsExactly("app-a", "app-b", "app-c");
        assertThat(listed.at("/data/0/labels/application").asText()).isEqualTo("true");
        sim.seedService("shop", "web", "nginx:1", Map.of("labels", Map.of("io.rancher.scheduler.global", "true")));
        assertThat(sim.containers("shop", "web")).hasSize(3);
    }

    @Test
    void rightAfterAServiceBecomesActiveAReadMayStillShowTheHealthFromCreation() {
        // cattle StackHealthStateUpdateTrigger: a deferred config update recomputes the stored health
        // after the process; service.json's default healthState is healthy
        start(RancherSimulator.builder().transitionDelay(Duration.ofMillis(100)).healthCheckDelay(Duration.ofSeconds(5))
                .healthUpdateDelay(Duration.ofMillis(500)));
        JsonNode stack = sim.seedStack("shop");
        Reply created = api.post(P + "/services", "{\"name\":\"odoo\",\"stackId\":\"" + stack.get("id").asText()
                + "\",\"startOnCreate\":true,\"launchConfig\":{\"imageUuid\":\"docker:odoo:1\",\"healthCheck\":{\"port\":8069}}}");
        assertThat(created.text("healthState")).isEqualTo("healthy");
        clock.advance(Duration.ofMillis(250));
        Reply active = api.get(self(created.body()));
        assertThat(active.text("state")).isEqualTo("active");
        assertThat(active.text("healthState")).isEqualTo("healthy"); // stale: its container is initializing
        assertThat(sim.containers("shop", "odoo")).singleElement()
                .satisfies(c -> assertThat(c.get("healthState").asText()).isEqualTo("initializing"));
        clock.advance(Duration.ofMillis(300));
        assertThat(api.get(self(created.body())).text("healthState")).isEqualTo("initializing");
        clock.advance(Duration.ofSeconds(5)); // container healthy at 5.1 s, stored at 5.6 s
        assertThat(api.get(self(created.body())).text("healthState")).isEqualTo("initializing");
        clock.advance(Duration.ofMillis(100));
        assertThat(api.get(self(created.body())).text("healthState")).isEqualTo("healthy");
    }

    @Test
    void launchConfigTypesAreCheckedAtCreateAndUpgrade() {
        // gdapi ValidationHandler.convert against container.json: memory is int (InvalidFormat),
        // logConfig a logConfig type, dataVolumesFrom array[reference[container]] (InvalidReference)
        start();
        JsonNode db = sim.seedService("shop", "db", "postgres:9.6", Map.of());
        String stackId = db.get("stackId").asText();
        String base = "{\"name\":\"odoo\",\"stackId\":\"" + stackId + "\",\"launchConfig\":{\"imageUuid\":\"docker:odoo:1\",";
        Reply mem = api.post(P + "/services", base + "\"memory\":\"512m\"}}");
        assertThat(mem.status()).isEqualTo(422);
        assertThat(mem.text("code")).isEqualTo("InvalidFormat");
        assertThat(mem.text("fieldName")).isEqualTo("memory");
        Reply log = api.post(P + "/services", base + "\"logConfig\":\"json-file\"}}");
        assertThat(log.status()).isEqualTo(422);
        assertThat(log.text("code")).isEqualTo("InvalidFormat");
        Reply byName = api.post(P + "/services", base + "\"dataVolumesFrom\":[\"db\"]}}");
        assertThat(byName.status()).isEqualTo(422);
        assertThat(byName.text("code")).isEqualTo("InvalidReference");
        assertThat(byName.text("fieldName")).isEqualTo("dataVolumesFrom");
        assertThat(api.get(P + "/services?name=odoo").body().get("data")).isEmpty();

        String dbContainer = sim.containers("shop", "db").get(0).get("id").asText();
        Reply ok = api.post(P + "/services", base + "\"memory\":536870912,\"logConfig\":{\"driver\":\"json-file\",\"config\":{\"max-size\":\"10m\"}},"
                + "\"dataVolumesFrom\":[\"" + dbContainer + "\"]}}");
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.body().at("/launchConfig/memory").asLong()).isEqualTo(536870912L);

        JsonNode web = sim.seedService("shop", "web", "nginx:1", Map.of());
        Reply badUpgrade = upgrade(web, "nginx:2", 1, false, ",\"memory\":\"1g\"");
        assertThat(badUpgrade.status()).isEqualTo(422);
        assertThat(badUpgrade.text("fieldName")).isEqualTo("memory");
        JsonNode unchanged = api.get(self(web)).body();
        assertThat(unchanged.get("state").asText()).isEqualTo("active");
        assertThat(unchanged.at("/launchConfig/imageUuid").asText()).isEqualTo("docker:nginx:1");
        Reply sidekickByName = upgrade(web, "nginx:2", 1, false, ",\"dataVolumesFrom\":[\"db\"]");
        assertThat(sidekickByName.text("code")).isEqualTo("InvalidReference");
    }

    @Test
    void setservicelinksRejectsARepeatedTargetAndNameAndUnknownServices() {
        // cattle ServiceSetServiceLinksValidationFilter.validateServices
        start();
        JsonNode odoo = sim.seedService("shop", "odoo", "odoo:1", Map.of());
        JsonNode db = sim.seedService("shop", "db", "postgres:9.6", Map.of());
        String url = self(odoo) + "/?action=setservicelinks";
        String link = "{\"serviceId\":\"" + db.get("id").asText() + "\",\"name\":\"db\"}";
        Reply twice = api.post(url, "{\"serviceLinks\":[" + link + "," + link + "]}");
        assertThat(twice.status()).isEqualTo(422);
        assertThat(twice.text("code")).isEqualTo("NotUnique");
        Reply unknown = api.post(url, "{\"serviceLinks\":[{\"serviceId\":\"1s999\",\"name\":\"db\"}]}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.text("code")).isEqualTo("InvalidReference");
        assertThat(unknown.text("fieldName")).isEqualTo("serviceId");
        assertThat(api.get(self(odoo)).body().get("linkedServices").size()).isZero();
        Reply ok = api.post(url, "{\"serviceLinks\":[" + link + ",{\"serviceId\":\"" + db.get("id").asText() + "\",\"name\":\"postgres\"}]}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(api.get(self(odoo)).body().get("linkedServices").size()).isEqualTo(2);
    }

    @Test
    void removingAServiceKeepsItsNamedVolumesWhichTheApiListsAndDeletes() {
        // cattle InstanceRemove.deleteVolumes: cleanup strategy "unnamed" by default deletes only
        // anonymous (64-character) volumes; volume.remove does not start from active (405)
        start();
        JsonNode svc = sim.seedService("shop", "db", "postgres:9.6",
                Map.of("dataVolumes", List.of("shop-db-data:/var/lib/postgresql/data", "/scratch")));
        JsonNode volumes = api.get(P + "/volumes").body().get("data");
        assertThat(volumes).hasSize(2);
        JsonNode named = api.get(P + "/volumes?name=shop-db-data").body().at("/data/0");
        assertThat(named.get("state").asText()).isEqualTo("active");
        assertThat(api.delete(self(named)).status()).isEqualTo(405);

        api.delete(self(svc));
        clock.advance(Duration.ofSeconds(1));
        assertThat(api.get(self(svc)).text("state")).isEqualTo("removed");
        JsonNode after = api.get(P + "/volumes").body().get("data");
        assertThat(after).extracting(v -> v.get("name").asText().length() == 64 ? "anonymous " + v.get("state").asText()
                : v.get("name").asText() + " " + v.get("state").asText())
                .containsExactlyInAnyOrder("shop-db-data detached", "anonymous removed");

        Reply removing = api.delete(self(named));
        assertThat(removing.status()).isEqualTo(200);
        assertThat(removing.text("state")).isEqualTo("removing");
        clock.advance(Duration.ofSeconds(1));
        assertThat(api.get(self(named)).text("state")).isEqualTo("removed");
        // a new service with that name starts from an empty volume
        sim.seedService("shop", "db2", "postgres:9.6", Map.of("dataVolumes", List.of("shop-db-data:/var/lib/postgresql/data")));
        assertThat(api.get(P + "/volumes?name=shop-db-data&removed_null=1").body().get("data")).singleElement()
                .satisfies(v -> assertThat(v.get("id").asText()).isNotEqualTo(named.get("id").asText()));
    }

    @Test
    void upgradeIsOfferedOnlyFromItsStartStates() {
        // cattle spring-process-context.xml service.upgrade start="active,activating,inactive,updating-active";
        // AbstractObjectResourceManager.addActions offers an action only in its process's start states
        start();
        assertThat(Lifecycle.serviceActions("active")).contains("upgrade");
        assertThat(Lifecycle.serviceActions("inactive")).contains("upgrade");
        for (String state : List.of("upgrading", "upgraded", "canceled-upgrade", "rolling-back", "finishing-upgrade", "removed",
                "deactivating", "registering")) {
            assertThat(Lifecycle.serviceActions(state)).as(state).doesNotContain("upgrade");
        }
        JsonNode upgraded = sim.seedUpgradedService("shop", "odoo", "odoo:1", "odoo:2");
        assertThat(upgraded.get("actions").has("upgrade")).isFalse();
        assertThat(api.post(self(upgraded) + "/?action=upgrade", "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:x\"}}}")
                .text("code")).isEqualTo("ActionNotAvailable");
    }

    @Test
    void theDefaultRegistrySettingIsPrefixedToImagesWithoutARegistryHost() {
        // cattle ExternalTemplateInstanceFilter.getImageUuid with DockerImage.parse, used by
        // ServiceValidationFilter (create) and ServiceUpgradeValidationFilter (upgrade)
        start(RancherSimulator.builder().transitionDelay(Duration.ofSeconds(1)).defaultRegistry("registry.example:5000"));
        JsonNode stack = sim.seedStack("shop");
        Reply plain = api.post(P + "/services", "{\"name\":\"odoo\",\"stackId\":\"" + stack.get("id").asText()
                + "\",\"launchConfig\":{\"imageUuid\":\"docker:acme/odoo:1\"},\"secondaryLaunchConfigs\":[{\"name\":\"cron\",\"imageUuid\":\"docker:busybox\"}]}");
        assertThat(plain.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:registry.example:5000/acme/odoo:1");
        assertThat(plain.body().at("/secondaryLaunchConfigs/0/imageUuid").asText()).isEqualTo("docker:registry.example:5000/busybox");
        Reply hosted = api.post(P + "/services", "{\"name\":\"web\",\"stackId\":\"" + stack.get("id").asText()
                + "\",\"launchConfig\":{\"imageUuid\":\"docker:other.example/acme/web:1\"}}");
        assertThat(hosted.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:other.example/acme/web:1");
        clock.advance(Duration.ofSeconds(1));
        Reply up = api.post(self(plain.body()) + "/?action=upgrade", "{\"inServiceStrategy\":{\"launchConfig\":{\"imageUuid\":\"docker:acme/odoo:2\"}}}");
        assertThat(up.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:registry.example:5000/acme/odoo:2");
        assertThat(api.get(P + "/settings/registry.default").text("value")).isEqualTo("registry.example:5000");
    }
}
