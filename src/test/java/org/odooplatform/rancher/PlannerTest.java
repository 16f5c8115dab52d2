package org.odooplatform.rancher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.config.Settings;
import org.odooplatform.flow.DeployFixtures;
import org.odooplatform.project.Instance;
import org.odooplatform.project.InstanceComposition;

class PlannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private DesiredStack desired(String image) {
        Path project = DeployFixtures.project(dir);
        InstanceComposition c = InstanceComposition.load(project, Instance.INTEGRATION, "acme");
        Settings settings = Settings.load(DeployFixtures.publicEnv(project, "integration"),
                DeployFixtures.secretEnv(project, "integration"));
        return DesiredStateBuilder.build("acme-odoo-integration", c, settings, "odoo", LaunchImage.tryParse(image).orElseThrow());
    }

    /** A running service exactly as desired (plus server defaults). */
    private static Resource running(DesiredService d) {
        ObjectNode json = JSON.createObjectNode().put("id", "1s" + d.name().length()).put("name", d.name())
                .put("state", "active").put("transitioning", "no").put("healthState", "healthy").put("scale", d.scale());
        ObjectNode lc = RancherJson.launchConfig(d.launchConfig());
        lc.put("version", "4f1e-server-set");
        lc.put("networkMode", "managed").put("kind", "container");
        lc.with("labels").put("io.rancher.service.hash", "abc");
        json.set("launchConfig", lc);
        json.putArray("secondaryLaunchConfigs").addAll(d.secondaryLaunchConfigs().stream().map(RancherJson::launchConfig).toList());
        return new Resource(json);
    }

    @Test
    void aStackRunningTheDesiredPinnedVersionHasNoChanges() {
        DesiredStack stack = desired(DeployFixtures.IMAGE_A);
        StackPlan plan = Planner.plan(stack, new Resource(JSON.createObjectNode().put("id", "1st1")),
                stack.services().stream().map(PlannerTest::running).toList(), Set.of());
        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.services()).extracting(ServicePlan::action).containsOnly(ServicePlan.Action.UNCHANGED);
    }

    @Test
    void environmentChangesAreListedKeyByKeyWithSecretValuesMasked() {
        DesiredStack stack = desired(DeployFixtures.IMAGE_B);
        Resource odoo = running(stack.odoo());
        ObjectNode env = (ObjectNode) odoo.json().with("launchConfig").with("environment");
        env.put("DB_PASSWORD", "old-password-value");
        env.put("WORKERS", "4");
        env.put("OBSOLETE", "x");
        env.remove("LOG_LEVEL");
        ((ObjectNode) odoo.json().get("launchConfig")).put("imageUuid", "docker:" + DeployFixtures.IMAGE_A);
        StackPlan plan = Planner.plan(stack, new Resource(JSON.createObjectNode().put("id", "1st1")),
                List.of(odoo, running(stack.service("letsencrypt").orElseThrow())), Set.of());
        ServicePlan p = plan.service("odoo").orElseThrow();
        assertThat(p.action()).isEqualTo(ServicePlan.Action.UPGRADE);
        List<String> rendered = p.changes().stream().map(FieldChange::render).toList();
        assertThat(rendered).contains(
                "~ image: " + DeployFixtures.IMAGE_A + " -> " + DeployFixtures.IMAGE_B,
                "~ environment DB_PASSWORD: changed",
                "~ environment WORKERS: 4 -> 8",
                "+ environment LOG_LEVEL=info",
                "- environment OBSOLETE");
        assertThat(String.join("\n", PlanPrinter.render(plan))).doesNotContain(DeployFixtures.DB_PASSWORD, "old-password-value")
                .contains("= letsencrypt: unchanged");
    }

    @Test
    void aTagOnlyImageIsUpgradedEvenWhenTheConfigurationIsIdentical() {
        DesiredStack stack = desired("camptocamp/acme_odoo:10.1.2");
        StackPlan plan = Planner.plan(stack, new Resource(JSON.createObjectNode().put("id", "1st1")),
                stack.services().stream().map(PlannerTest::running).toList(), Set.of());
        assertThat(plan.service("odoo").orElseThrow().action()).isEqualTo(ServicePlan.Action.UPGRADE);
        assertThat(plan.service("odoo").orElseThrow().reason()).contains("its content may have changed");
        assertThat(plan.hasChanges()).isTrue();
    }

    @Test
    void aServiceLeftUpgradedIsReportedWithItsOldAndNewImage() {
        DesiredStack stack = desired(DeployFixtures.IMAGE_B);
        Resource odoo = running(stack.odoo());
        ObjectNode json = (ObjectNode) odoo.json();
        json.put("state", "upgraded");
        json.with("upgrade").with("inServiceStrategy").with("previousLaunchConfig").put("imageUuid", "docker:acme/old:1");
        StackPlan plan = Planner.plan(stack, new Resource(JSON.createObjectNode().put("id", "1st1")), List.of(odoo), Set.of());
        assertThat(plan.pending()).singleElement().satisfies(p -> {
            assertThat(p.oldImage()).isEqualTo("acme/old:1");
            assertThat(p.newImage()).isEqualTo(DeployFixtures.IMAGE_B);
            assertThat(p.matchesDesired()).isTrue();
        });
    }

    /*
     * cattle (registry.default setting) stores an image written without a registry host with the
     * default registry in imageUuid: the same image, not a change on every deploy.
     */
    @Test
    void anImageTheServerPrefixedWithItsDefaultRegistryIsUnchanged() {
        DesiredStack stack = desired(DeployFixtures.IMAGE_A);
        List<Resource> running = stack.services().stream().map(PlannerTest::running).toList();
        for (Resource r : running) {
            ObjectNode lc = (ObjectNode) r.json().get("launchConfig");
            lc.put("imageUuid", "docker:registry.example.com/" + lc.path("imageUuid").asText().substring("docker:".length()));
        }
        StackPlan plan = Planner.plan(stack, new Resource(JSON.createObjectNode().put("id", "1st1")), running, Set.of(),
                "registry.example.com");
        assertThat(plan.hasChanges()).as(String.join("\n", PlanPrinter.render(plan))).isFalse();
        StackPlan other = Planner.plan(stack, new Resource(JSON.createObjectNode().put("id", "1st1")), running, Set.of(),
                "other.example.com");
        assertThat(other.service("odoo").orElseThrow().action()).isEqualTo(ServicePlan.Action.UPGRADE);
    }

    @Test
    void aMemoryLimitTheServerHoldsAsAnIntegerIsUnchanged() throws Exception {
        Path project = DeployFixtures.project(dir.resolve("mem"));
        Path compose = project.resolve("rancher/integration/docker-compose.yml");
        java.nio.file.Files.writeString(compose, java.nio.file.Files.readString(compose)
                .replace("    io.rancher.sidekicks: nginx\n", "    io.rancher.sidekicks: nginx\n  mem_limit: 2g\n"));
        InstanceComposition c = InstanceComposition.load(project, Instance.INTEGRATION, "acme");
        Settings settings = Settings.load(DeployFixtures.publicEnv(project, "integration"),
                DeployFixtures.secretEnv(project, "integration"));
        DesiredStack stack = DesiredStateBuilder.build("acme-odoo-integration", c, settings, "odoo",
                LaunchImage.tryParse(DeployFixtures.IMAGE_A).orElseThrow());
        List<Resource> running = stack.services().stream().map(PlannerTest::running).toList();
        ((ObjectNode) running.get(0).json().get("launchConfig")).put("memory", 2147483648L);
        assertThat(Planner.plan(stack, new Resource(JSON.createObjectNode().put("id", "1st1")), running, Set.of())
                .hasChanges()).isFalse();
        ((ObjectNode) running.get(0).json().get("launchConfig")).put("memory", 1073741824L);
        assertThat(Planner.plan(stack, new Resource(JSON.createObjectNode().put("id", "1st1")), running, Set.of())
                .service("odoo").orElseThrow().changes()).extracting(FieldChange::render)
                .contains("~ memory: 1073741824 -> 2147483648");
    }

    @Test
    void aStackServiceRunningTheProjectImageOutsideTheComposeFilesIsRefused() {
        DesiredStack stack = desired(DeployFixtures.IMAGE_B);
        Resource odoo = running(stack.odoo());
        // a copy made by hand, and Cattle may have added the default registry to its imageUuid
        ObjectNode copy = running(stack.odoo()).json().deepCopy();
        copy.put("id", "1s99").put("name", "odoo-old");
        copy.with("launchConfig").put("imageUuid", "docker:registry.example.com/camptocamp/acme_odoo:10.1.1");
        Resource stackResource = new Resource(JSON.createObjectNode().put("id", "1st1").put("name", "acme-odoo-integration"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Planner.plan(stack, stackResource,
                        List.of(odoo, new Resource(copy)), Set.of()))
                .isInstanceOf(org.odooplatform.common.BadInputException.class)
                .hasMessageContaining("stack acme-odoo-integration: service 'odoo-old' runs the project's image"
                        + " (registry.example.com/camptocamp/acme_odoo:10.1.1) but is not in docker-compose.yml, whose Odoo"
                        + " service is 'odoo': this deploy would upgrade 'odoo' and leave 'odoo-old' running next to it");
        // a stack service with another image is left as it is, as before
        copy.with("launchConfig").put("imageUuid", "docker:camptocamp/acme_odoo_tools:1");
        assertThat(Planner.plan(stack, stackResource, List.of(odoo, new Resource(copy)), Set.of())
                .service("odoo-old").orElseThrow().action()).isEqualTo(ServicePlan.Action.EXTRA);
    }
}
