package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.simulator.SimClient.Reply;

class RancherSimulatorApiTest {

    private final SimClient.ManualClock clock = new SimClient.ManualClock();
    private RancherSimulator sim;
    private SimClient api;
    private String p;

    @BeforeEach
    void start() {
        sim = RancherSimulator.builder().accessKey("ak").secretKey("sk-canary").transitionDelay(Duration.ofSeconds(1))
                .healthCheckDelay(Duration.ofSeconds(5)).clock(clock).build().start();
        api = new SimClient(sim.baseUrl(), "ak", "sk-canary");
        p = "/v2-beta/projects/" + sim.projectId();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private void settle() {
        clock.advance(Duration.ofMinutes(1));
    }

    private String createStack(String name) {
        Reply r = api.post(p + "/stacks", "{\"name\":\"" + name + "\"}");
        assertThat(r.status()).isEqualTo(201);
        return r.text("id");
    }

    private String createService(String stackId, String name, String extra) {
        Reply r = api.post(p + "/services", "{\"name\":\"" + name + "\",\"stackId\":\"" + stackId + "\",\"launchConfig\":{\"imageUuid\":\"docker:nginx:1.13\"}" + extra + "}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.text("id");
    }

    @Test
    void theRootCarriesTheSchemasHeaderAndTheSchemasDeclareStackCreation() {
        Reply root = api.get("/v2-beta");
        assertThat(root.status()).isEqualTo(200);
        String schemasUrl = root.headers().firstValue("X-API-Schemas").orElseThrow();
        assertThat(schemasUrl).isEqualTo(sim.baseUrl() + "/v2-beta/schemas");

        JsonNode schemas = api.get(schemasUrl).body();
        JsonNode stack = null;
        for (JsonNode s : schemas.get("data")) {
            if (s.get("id").asText().equals("stack")) {
                stack = s;
            }
        }
        assertThat(stack).isNotNull();
        assertThat(stack.get("collectionMethods").toString()).contains("POST");
        assertThat(stack.at("/links/collection").asText()).isEqualTo(sim.baseUrl() + "/v2-beta/stacks");
        assertThat(stack.at("/resourceFields/outputs/update").asBoolean()).isTrue();
    }

    @Test
    void aProjectScopedBaseUrlBootstrapsToProjectScopedCollections() {
        Reply project = api.get(p);
        assertThat(project.text("id")).isEqualTo("1a5");
        String schemasUrl = project.headers().firstValue("X-API-Schemas").orElseThrow();
        assertThat(schemasUrl).isEqualTo(sim.projectUrl() + "/schemas");
        JsonNode service = api.get(schemasUrl + "/service").body();
        assertThat(service.at("/links/collection").asText()).isEqualTo(sim.projectUrl() + "/services");
        assertThat(api.get("/v2-beta/projects").body().at("/data/0/id").asText()).isEqualTo("1a5");
        assertThat(api.get("/v2-beta/projects/1a999").status()).isEqualTo(404);
    }

    @Test
    void aWrongOrMissingKeyGets401WithCattlesErrorBody() {
        for (SimClient client : List.of(new SimClient(sim.baseUrl(), "ak", "wrong"), new SimClient(sim.baseUrl(), null, null))) {
            Reply r = client.get("/v2-beta");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.body().get("type").asText()).isEqualTo("error");
            assertThat(r.body().get("status").asInt()).isEqualTo(401);
            assertThat(r.body().get("code").asText()).isEqualTo("Unauthorized");
            assertThat(r.body().get("message").asText()).isEqualTo("Unauthorized");
            assertThat(r.body().get("detail").isNull()).isTrue();
        }
        assertThat(sim.requests()).extracting(RecordedRequest::status).containsExactly(401, 401);
    }

    @Test
    void withoutKeysConfiguredAnyRequestIsAccepted() {
        try (RancherSimulator open = RancherSimulator.builder().build().start()) {
            assertThat(new SimClient(open.baseUrl(), null, null).get("/v2-beta/stacks").status()).isEqualTo(200);
            assertThat(new SimClient(open.baseUrl(), "any", "thing").get("/v2-beta/stacks").status()).isEqualTo(200);
        }
    }

    @Test
    void aNewStackIsCreatedActivatingAndSettlesActive() {
        Reply created = api.post(p + "/stacks", "{\"name\":\"shop\",\"bogusField\":1}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("state")).isEqualTo("activating");
        assertThat(created.text("transitioning")).isEqualTo("yes");
        assertThat(created.body().has("bogusField")).isFalse();
        clock.advance(Duration.ofMillis(999));
        assertThat(api.get(created.body().at("/links/self").asText()).text("state")).isEqualTo("activating");
        clock.advance(Duration.ofMillis(1));
        Reply now = api.get(created.body().at("/links/self").asText());
        assertThat(now.text("state")).isEqualTo("active");
        assertThat(now.text("transitioning")).isEqualTo("no");
        assertThat(now.text("healthState")).isEqualTo("healthy");
        assertThat(now.body().get("actions").fieldNames()).toIterable()
                .containsExactly("update", "remove", "upgrade", "activateservices", "deactivateservices", "exportconfig", "addoutputs");
    }

    @Test
    void theSingularAliasAndTheUnscopedPathCreateStacksToo() {
        assertThat(api.post(p + "/stack", "{\"name\":\"one\"}").status()).isEqualTo(201);
        Reply unscoped = api.post("/v2-beta/stacks", "{\"name\":\"two\"}");
        assertThat(unscoped.status()).isEqualTo(201);
        assertThat(unscoped.body().at("/links/self").asText()).startsWith(sim.baseUrl() + "/v2-beta/stacks/");
        assertThat(sim.stack("two")).isPresent();
    }

    @Test
    void aDuplicateStackNameIs422NotUnique() {
        createStack("shop");
        Reply r = api.post(p + "/stacks", "{\"name\":\"SHOP\"}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("code").asText()).isEqualTo("NotUnique");
        assertThat(r.body().get("fieldName").asText()).isEqualTo("name");
        assertThat(r.body().get("message").isNull()).isTrue();
    }

    @Test
    void invalidStackInputGetsTheValidationCodes() {
        Reply missing = api.post(p + "/stacks", "{}");
        assertThat(missing.body().get("code").asText()).isEqualTo("MissingRequired");
        assertThat(missing.body().get("fieldName").asText()).isEqualTo("name");
        Reply dash = api.post(p + "/stacks", "{\"name\":\"-shop\"}");
        assertThat(dash.status()).isEqualTo(422);
        assertThat(dash.body().get("code").asText()).isEqualTo("InvalidCharacters");
        assertThat(api.get(p + "/stacks").body().get("data")).isEmpty();
    }

    @Test
    void aServiceWithStartOnCreateGoesRegisteringInactiveActivatingActive() {
        String stack = createStack("shop");
        String id = createService(stack, "web", ",\"scale\":2,\"startOnCreate\":true");
        List<String> states = new ArrayList<>();
        states.add(api.get(p + "/services/" + id).text("state"));
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(1));
            states.add(api.get(p + "/services/" + id).text("state"));
        }
        assertThat(states).containsExactly("registering", "activating", "active");
        Reply active = api.get(p + "/services/" + id);
        assertThat(active.text("healthState")).isEqualTo("healthy");
        assertThat(active.body().get("currentScale").asInt()).isEqualTo(2);
        assertThat(active.body().get("instanceIds")).hasSize(2);
        assertThat(active.body().at("/launchConfig/version").asText()).isEqualTo("0");
        assertThat(api.get(p + "/stacks/" + stack).body().get("serviceIds").toString()).contains(id);
    }

    @Test
    void aServiceWithoutStartOnCreateStaysInactive() {
        String id = createService(createStack("shop"), "web", "");
        settle();
        Reply r = api.get(p + "/services/" + id);
        assertThat(r.text("state")).isEqualTo("inactive");
        assertThat(r.body().get("actions").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("activate", "remove", "upgrade", "update", "setservicelinks", "addservicelink", "removeservicelink");
        assertThat(api.post(r.body().at("/actions/activate").asText(), "").status()).isEqualTo(202);
        settle();
        assertThat(api.get(p + "/services/" + id).text("state")).isEqualTo("active");
    }

    @Test
    void aSidekickMayShareThePrimaryServicesNetworkButNotAnUnknownOnes() {
        String stack = createStack("shop");
        // what rancher-compose sends for nginx with net: "container:odoo" (the primary launch config)
        Reply ok = api.post(p + "/services", "{\"name\":\"odoo\",\"stackId\":\"" + stack + "\","
                + "\"launchConfig\":{\"imageUuid\":\"docker:odoo:1\"},\"secondaryLaunchConfigs\":[{\"name\":\"nginx\","
                + "\"imageUuid\":\"docker:nginx\",\"networkMode\":\"container\",\"networkLaunchConfig\":\"odoo\"}]}");
        assertThat(ok.status()).isEqualTo(201);
        Reply unknown = api.post(p + "/services", "{\"name\":\"web\",\"stackId\":\"" + stack + "\","
                + "\"secondaryLaunchConfigs\":[{\"name\":\"proxy\",\"imageUuid\":\"docker:nginx\","
                + "\"networkLaunchConfig\":\"nowhere\"}]}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.body().get("code").asText()).isEqualTo("InvalidReference");
    }

    @Test
    void duplicateServiceAndSidekickNamesAre422NotUnique() {
        String stack = createStack("shop");
        createService(stack, "web", ",\"secondaryLaunchConfigs\":[{\"name\":\"cron\",\"imageUuid\":\"docker:busybox\"}]");
        for (String name : List.of("Web", "cron")) {
            Reply r = api.post(p + "/services", "{\"name\":\"" + name + "\",\"stackId\":\"" + stack + "\"}");
            assertThat(r.status()).isEqualTo(422);
            assertThat(r.body().get("code").asText()).isEqualTo("NotUnique");
        }
        Reply noStack = api.post(p + "/services", "{\"name\":\"x\"}");
        assertThat(noStack.body().get("code").asText()).isEqualTo("MissingRequired");
        assertThat(noStack.body().get("fieldName").asText()).isEqualTo("stackId");
    }

    @Test
    void filtersSelectByNameAndStackAndIgnoreUnknownFilterNames() {
        String shop = createStack("shop");
        String blog = createStack("blog");
        createService(shop, "web", "");
        createService(blog, "web", "");
        createService(blog, "db", "");
        settle();
        assertThat(names(api.get(p + "/stacks?name=shop&removed_null=%3Cnil%3E"))).containsExactly("shop");
        assertThat(names(api.get(p + "/services?stackId=" + blog))).containsExactlyInAnyOrder("web", "db");
        assertThat(names(api.get(p + "/services?stackId=" + blog + "&name=web&removed_null=1"))).containsExactly("web");
        assertThat(names(api.get(p + "/stacks/" + blog + "/services"))).containsExactlyInAnyOrder("web", "db");
        assertThat(names(api.get(p + "/services?stackId=nonsense"))).isEmpty();
        // a typo'd filter is silently ignored: the whole collection comes back
        Reply typo = api.get(p + "/stacks?nmae=shop");
        assertThat(names(typo)).containsExactlyInAnyOrder("shop", "blog");
        assertThat(typo.body().get("filters").has("nmae")).isFalse();
        assertThat(api.get(p + "/stacks?name=shop").body().at("/filters/name/0/modifier").asText()).isEqualTo("eq");
    }

    @Test
    void removedResourcesStayListedUntilFilteredWithRemovedNull() {
        String stack = createStack("shop");
        String svc = createService(stack, "web", ",\"startOnCreate\":true");
        settle();
        Reply deleted = api.delete(p + "/stacks/" + stack);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.text("state")).isEqualTo("removing");
        assertThat(api.get(p + "/services/" + svc).text("state")).isEqualTo("removing");
        settle();
        Reply all = api.get(p + "/stacks");
        assertThat(all.body().at("/data/0/state").asText()).isEqualTo("removed");
        assertThat(all.body().at("/data/0/removed").isNull()).isFalse();
        assertThat(all.body().at("/data/0/actions").size()).isEqualTo(4); // handler actions only
        assertThat(names(api.get(p + "/stacks?removed_null=1"))).isEmpty();
        assertThat(api.get(p + "/services/" + svc).text("state")).isEqualTo("removed");
        assertThat(sim.stack("shop")).isEmpty();
        // the name is free again
        assertThat(api.post(p + "/stacks", "{\"name\":\"shop\"}").status()).isEqualTo(201);
    }

    @Test
    void putChangesUpdatableFieldsAndSilentlyDropsLaunchConfig() {
        String id = createService(createStack("shop"), "web", ",\"startOnCreate\":true");
        settle();
        Reply put = api.put(p + "/services/" + id, "{\"scale\":3,\"metadata\":{\"k\":\"v\"},\"launchConfig\":{\"imageUuid\":\"docker:evil\"}}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.text("state")).isEqualTo("updating-active");
        assertThat(put.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:nginx:1.13");
        settle();
        Reply after = api.get(p + "/services/" + id);
        assertThat(after.text("state")).isEqualTo("active");
        assertThat(after.body().get("scale").asInt()).isEqualTo(3);
        assertThat(after.body().get("currentScale").asInt()).isEqualTo(3);
        assertThat(after.body().at("/metadata/k").asText()).isEqualTo("v");
        assertThat(after.body().at("/launchConfig/imageUuid").asText()).isEqualTo("docker:nginx:1.13");
    }

    @Test
    void stackPutSetsTheFieldsADeployRecordsAndDropsCreateOnlyOnes() {
        String id = createStack("shop");
        settle();
        Reply put = api.put(p + "/stacks/" + id, "{\"description\":\"deployed 1.2.3\",\"externalId\":\"odoo-platform://1.2.3\","
                + "\"group\":\"lock:job-42\",\"outputs\":{\"version\":\"1.2.3\"},\"binding\":{\"services\":{}},"
                + "\"dockerCompose\":\"x: y\",\"environment\":{\"A\":\"B\"}}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.text("state")).isEqualTo("active");
        JsonNode stack = api.get(p + "/stacks/" + id).body();
        assertThat(stack.get("description").asText()).isEqualTo("deployed 1.2.3");
        assertThat(stack.get("externalId").asText()).isEqualTo("odoo-platform://1.2.3");
        assertThat(stack.get("group").asText()).isEqualTo("lock:job-42");
        assertThat(stack.at("/outputs/version").asText()).isEqualTo("1.2.3");
        assertThat(stack.at("/binding/services").isObject()).isTrue();
        assertThat(stack.get("dockerCompose").isNull()).isTrue();
        assertThat(stack.get("environment").isNull()).isTrue();
    }

    @Test
    void unknownIdsAre404AndUnknownActions422InvalidAction() {
        Reply missing = api.get(p + "/services/1s999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("type").asText()).isEqualTo("error");
        String id = createService(createStack("shop"), "web", "");
        Reply bad = api.post(p + "/services/" + id + "/?action=explode", "");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("code").asText()).isEqualTo("InvalidAction");
    }

    @Test
    void pullTasksSettleActiveWithADoneStatusPerHost() {
        // cattle genericobject.create (requested -> activating -> active) running PullTaskCreate
        Reply created = api.post(p + "/pulltasks", "{\"mode\":\"all\",\"image\":\"docker:nginx:1.14\",\"labels\":{}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("transitioning")).isEqualTo("yes");
        settle();
        Reply done = api.get(created.body().at("/links/self").asText());
        assertThat(done.text("state")).isEqualTo("active");
        assertThat(done.text("transitioning")).isEqualTo("no");
        assertThat(done.body().get("status").toString())
                .isEqualTo("{\"sim-host-1\":\"Done\",\"sim-host-2\":\"Done\",\"sim-host-3\":\"Done\"}");
    }

    @Test
    void exportconfigAndAddoutputsAreHandlerActions() {
        Reply created = api.post(p + "/stacks", "{\"name\":\"shop\",\"dockerCompose\":\"web:\\n  image: nginx\\n\"}");
        settle();
        String self = created.body().at("/links/self").asText();
        Reply export = api.post(self + "/?action=exportconfig", "");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.text("dockerComposeConfig")).contains("image: nginx");
        assertThat(api.post(self + "/?action=addoutputs", "{\"outputs\":{\"url\":\"http://x\"}}").body().at("/outputs/url").asText())
                .isEqualTo("http://x");
    }

    private static List<String> names(Reply r) {
        List<String> names = new ArrayList<>();
        r.body().get("data").forEach(d -> names.add(d.get("name").asText()));
        return names;
    }
}
