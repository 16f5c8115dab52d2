package org.odooplatform.rancher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.config.Settings;
import org.odooplatform.flow.DeployFixtures;
import org.odooplatform.project.Instance;
import org.odooplatform.project.InstanceComposition;

class DesiredStateBuilderTest {

    @TempDir
    Path dir;

    private DesiredStack build(String instance, String image) {
        Path project = DeployFixtures.project(dir);
        InstanceComposition c = InstanceComposition.load(project, Instance.parse(instance), "acme");
        Settings settings = Settings.load(DeployFixtures.publicEnv(project, instance), DeployFixtures.secretEnv(project, instance));
        return DesiredStateBuilder.build("acme-odoo-" + instance, c, settings, "odoo", LaunchImage.tryParse(image).orElseThrow());
    }

    @Test
    void theOdooImageIsPinnedToTheDeployedDigestAndSidekicksBecomeSecondaryLaunchConfigs() {
        DesiredStack stack = build("integration", DeployFixtures.IMAGE_A);
        assertThat(stack.services()).extracting(DesiredService::name).containsExactly("odoo", "letsencrypt");
        DesiredService odoo = stack.odoo();
        assertThat(RancherJson.launchConfig(odoo.launchConfig()).path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(odoo.mutableImage()).isFalse();
        assertThat(odoo.launchConfig().environment().get("DB_PASSWORD")).isEqualTo(DeployFixtures.DB_PASSWORD);
        assertThat(odoo.launchConfig().environment().get("RUNNING_ENV")).isEqualTo("integration");
        assertThat(odoo.launchConfig().field("command").get(0).asText()).isEqualTo("odoo");
        assertThat(odoo.launchConfig().field("command").get(1).asText()).startsWith("--load=");
        assertThat(odoo.launchConfig().field("healthCheck").path("requestLine").asText()).isEqualTo("GET /web/login HTTP/1.0");
        assertThat(odoo.launchConfig().field("healthCheck").path("port").asInt()).isEqualTo(8069);
        assertThat(odoo.launchConfig().labels().get("io.rancher.sidekicks")).isEqualTo("nginx");
        assertThat(odoo.scale()).isEqualTo(2);
        assertThat(odoo.strategy().startFirst()).isTrue();
        LaunchConfig nginx = odoo.secondaryLaunchConfigs().get(0);
        assertThat(nginx.name()).isEqualTo("nginx");
        assertThat(nginx.field("networkMode").asText()).isEqualTo("container");
        assertThat(nginx.field("networkLaunchConfig").asText()).isEqualTo("odoo");
        assertThat(odoo.links()).extracting(ServiceLink::toString).containsExactly("postgres-cluster/lb:db", "redis/redis:redis");
        // the secret rule (config.SecretRule): a database name is public even from the secret file
        assertThat(odoo.secretKeys("odoo")).contains("DB_PASSWORD", "ADMIN_PASSWD", "AWS_SECRET_ACCESS_KEY")
                .doesNotContain("RUNNING_ENV", "DB_USER", "DB_NAME");
    }

    @Test
    void aTagOnlyImageIsMarkedMutableAndLinkTargetsAreCreatedFirst() {
        DesiredStack stack = build("test", "camptocamp/acme_odoo:latest");
        assertThat(stack.odoo().mutableImage()).isTrue();
        assertThat(stack.services()).extracting(DesiredService::name).containsExactly("db", "odoo", "nginx", "letsencrypt");
        assertThat(stack.service("db").orElseThrow().launchConfig().field("dataVolumes").get(0).asText())
                .isEqualTo("acme-test-datadb:/var/lib/postgresql");
        assertThat(stack.odoo().launchConfig().field("tty").asBoolean()).isTrue();
    }

    @Test
    void aPlaceholderWithoutValueIsReportedWithItsComposeLine() throws Exception {
        Path project = DeployFixtures.project(dir);
        Path pub = DeployFixtures.publicEnv(project, "prod");
        Files.writeString(pub, Files.readString(pub).replace("export WORKERS=8\n", ""));
        InstanceComposition c = InstanceComposition.load(project, Instance.PROD, "acme");
        Settings settings = Settings.load(pub, DeployFixtures.secretEnv(project, "prod"));
        assertThatThrownBy(() -> DesiredStateBuilder.build("acme-odoo-prod", c, settings, "odoo",
                LaunchImage.tryParse(DeployFixtures.IMAGE_A).orElseThrow()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("docker-compose.yml:15: error: ${WORKERS} has no value");
    }

    /*
     * rancher-compose rancher/configs.go: volumes_from becomes dataVolumesFromLaunchConfigs; docker's
     * HostConfig gives memory in bytes and LogConfig {driver, config}, which Cattle's launch config
     * holds as memory (integer) and logConfig (object).
     */
    @Test
    void sizesBecomeBytesLogOptionsALogConfigAndVolumesFromNamesLaunchConfigs() throws Exception {
        Path project = DeployFixtures.project(dir);
        Path compose = project.resolve("rancher/integration/docker-compose.yml");
        Files.writeString(compose, Files.readString(compose).replace("    io.rancher.sidekicks: nginx\n",
                "    io.rancher.sidekicks: nginx\n  mem_limit: 1g\n  log_driver: json-file\n"
                        + "  log_opt:\n    max-size: 10m\n    max-file: '3'\n").replace("  net: \"container:odoo\"\n",
                "  net: \"container:odoo\"\n  volumes_from:\n    - odoo\n  mem_limit: 134217728\n"));
        InstanceComposition c = InstanceComposition.load(project, Instance.INTEGRATION, "acme");
        Settings settings = Settings.load(DeployFixtures.publicEnv(project, "integration"),
                DeployFixtures.secretEnv(project, "integration"));
        DesiredService odoo = DesiredStateBuilder.build("acme-odoo-integration", c, settings, "odoo",
                LaunchImage.tryParse(DeployFixtures.IMAGE_A).orElseThrow()).odoo();
        var json = RancherJson.launchConfig(odoo.launchConfig());
        assertThat(json.path("memory").isIntegralNumber()).isTrue();
        assertThat(json.path("memory").asLong()).isEqualTo(1L << 30);
        assertThat(json.path("logConfig").path("driver").asText()).isEqualTo("json-file");
        assertThat(json.path("logConfig").path("config").path("max-size").asText()).isEqualTo("10m");
        assertThat(json.path("logConfig").path("config").path("max-file").asText()).isEqualTo("3");
        assertThat(json.has("log_driver")).isFalse();
        var nginx = RancherJson.launchConfig(odoo.secondaryLaunchConfigs().get(0));
        assertThat(nginx.path("dataVolumesFromLaunchConfigs").get(0).asText()).isEqualTo("odoo");
        assertThat(nginx.has("dataVolumesFrom")).as("dataVolumesFrom takes container ids").isFalse();
        assertThat(nginx.path("memory").asLong()).isEqualTo(134217728L);
    }

    @Test
    void aSizeThatIsNotOneIsReportedWithItsFile() throws Exception {
        Path project = DeployFixtures.project(dir);
        Path compose = project.resolve("rancher/integration/docker-compose.yml");
        Files.writeString(compose, Files.readString(compose).replace("    io.rancher.sidekicks: nginx\n",
                "    io.rancher.sidekicks: nginx\n  mem_limit: lots\n"));
        InstanceComposition c = InstanceComposition.load(project, Instance.INTEGRATION, "acme");
        Settings settings = Settings.load(DeployFixtures.publicEnv(project, "integration"),
                DeployFixtures.secretEnv(project, "integration"));
        assertThatThrownBy(() -> DesiredStateBuilder.build("acme-odoo-integration", c, settings, "odoo",
                LaunchImage.tryParse(DeployFixtures.IMAGE_A).orElseThrow()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("docker-compose.yml:1: error: service 'odoo': mem_limit 'lots' is not a size");
    }
}
