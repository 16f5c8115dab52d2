package org.odooplatform.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.testsupport.Projects;

class InstanceCompositionTest {

    @TempDir
    Path dir;

    @Test
    void itReadsTheIntegrationComposition() {
        InstanceComposition c = InstanceComposition.load(Projects.SAMPLE, Instance.INTEGRATION, "acme");
        assertThat(c.services()).containsOnlyKeys("odoo", "nginx", "letsencrypt");
        ComposeService odoo = c.services().get("odoo");
        assertThat(odoo.image()).isEqualTo("camptocamp/acme_odoo:10.1.2");
        assertThat(odoo.imageLine()).isEqualTo(2);
        assertThat(odoo.environment()).containsEntry("DB_PASSWORD", "${DB_PASSWORD}")
                .containsEntry("MARABUNTA_ALLOW_SERIE", "True");
        assertThat(odoo.sidekicks()).containsExactly("nginx");
        assertThat(c.rancherServices().get("odoo").scale()).isEqualTo(2);
        assertThat(c.rancherServices().get("odoo").startFirst()).isTrue();
        assertThat(c.rancherServices().get("odoo").healthCheck()).containsEntry("port", 8069);
        assertThat(c.placeholders()).containsKeys("DB_PASSWORD", "LETSENCRYPT_AWS_SECRET_KEY", "DOMAIN_NAME")
                .doesNotContainKey("MARABUNTA_ALLOW_SERIE");
        assertThat(c.placeholders().get("DB_USER")).isEqualTo(8);
    }

    @Test
    void theTestInstanceIsFoundUnderItsHistoricNameToo() throws IOException {
        Path project = Projects.copySample(dir.resolve("p"));
        Files.move(project.resolve("rancher/test"), project.resolve("rancher/latest"));
        assertThat(InstanceComposition.locate(project, Instance.TEST, "acme"))
                .isEqualTo(project.resolve("rancher/latest"));
        Files.move(project.resolve("rancher/latest"), project.resolve("rancher/acme-odoo-test"));
        assertThat(InstanceComposition.locate(project, Instance.TEST, "acme"))
                .isEqualTo(project.resolve("rancher/acme-odoo-test"));
    }

    @Test
    void aMissingDirectoryNamesEveryPlaceLookedAt() {
        assertThatThrownBy(() -> InstanceComposition.locate(dir, Instance.PROD, "acme"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("rancher/prod, rancher/acme-odoo-prod");
    }

    @Test
    void badYamlAndUnknownKeysAreReportedWithTheirLines() throws IOException {
        Path d = Files.createDirectories(dir.resolve("rancher/prod"));
        Files.writeString(d.resolve("docker-compose.yml"), "odoo:\n  image: x:1\n");
        Files.writeString(d.resolve("rancher-compose.yml"), "odoo:\n  scale: two\n  upgrade_stratgy: {}\nweb:\n  scale: 1\n");
        assertThatThrownBy(() -> InstanceComposition.load(d))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems()).extracting(p -> p.line())
                        .containsExactlyInAnyOrder(2, 3, 4));
        Files.writeString(d.resolve("docker-compose.yml"), "odoo:\n  image: [x\n");
        assertThatThrownBy(() -> InstanceComposition.load(d))
                .hasMessageContaining("docker-compose.yml:3").hasMessageContaining("invalid YAML");
    }

    @Test
    void placeholdersSubstituteLikeCompose() {
        assertThat(Placeholders.substitute("a ${X} $Y $$Z ${Q}", java.util.Map.of("X", "1", "Y", "2")))
                .isEqualTo("a 1 2 $Z ");
        assertThat(Placeholders.firstMalformed("${A:-b}")).isEqualTo("${A:-b}");
    }
}
