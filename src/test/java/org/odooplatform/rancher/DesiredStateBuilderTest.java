package org.odooplatform.rancher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        assertThat(odoo.launchConfig().path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(odoo.mutableImage()).isFalse();
        assertThat(odoo.launchConfig().path("environment").path("DB_PASSWORD").asText()).isEqualTo(DeployFixtures.DB_PASSWORD);
        assertThat(odoo.launchConfig().path("environment").path("RUNNING_ENV").asText()).isEqualTo("integration");
        assertThat(odoo.launchConfig().path("command").get(0).asText()).isEqualTo("odoo");
        assertThat(odoo.launchConfig().path("command").get(1).asText()).startsWith("--load=");
        assertThat(odoo.launchConfig().path("healthCheck").path("requestLine").asText()).isEqualTo("GET /web/login HTTP/1.0");
        assertThat(odoo.launchConfig().path("healthCheck").path("port").asInt()).isEqualTo(8069);
        assertThat(odoo.launchConfig().path("labels").path("io.rancher.sidekicks").asText()).isEqualTo("nginx");
        assertThat(odoo.scale()).isEqualTo(2);
        assertThat(odoo.strategy().startFirst()).isTrue();
        ObjectNode nginx = odoo.secondaryLaunchConfigs().get(0);
        assertThat(nginx.path("name").asText()).isEqualTo("nginx");
        assertThat(nginx.path("networkMode").asText()).isEqualTo("container");
        assertThat(nginx.path("networkLaunchConfig").asText()).isEqualTo("odoo");
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
        assertThat(stack.service("db").orElseThrow().launchConfig().path("dataVolumes").get(0).asText())
                .isEqualTo("acme-test-datadb:/var/lib/postgresql");
        assertThat(stack.odoo().launchConfig().path("tty").asBoolean()).isTrue();
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
}
