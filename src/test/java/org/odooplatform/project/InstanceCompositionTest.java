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

    private Path write(String compose, String rancher) throws IOException {
        Path d = Files.createDirectories(dir.resolve("rancher/integration"));
        Files.writeString(d.resolve("docker-compose.yml"), compose);
        if (rancher != null) {
            Files.writeString(d.resolve("rancher-compose.yml"), rancher);
        } else {
            Files.deleteIfExists(d.resolve("rancher-compose.yml"));
        }
        return d;
    }

    @Test
    void theOdooServiceIsTheOneRunningTheProjectImageElseTheOneNamedOdoo() throws IOException {
        InstanceComposition c = InstanceComposition.load(write("web:\n  image: registry.example.com/camptocamp/acme_odoo:10.1.2\n"
                + "odoo:\n  image: camptocamp/odoo-nginx:1\n", null));
        assertThat(c.odooService("camptocamp/acme_odoo").name()).as("by image, whatever the registry host").isEqualTo("web");
        assertThat(c.odooService("camptocamp/acme_odoo@sha256:" + "a".repeat(64)).name()).isEqualTo("web");
        assertThat(c.odooService(null).name()).as("repository unknown: by name").isEqualTo("odoo");
        assertThat(c.odooService("camptocamp/other").name()).isEqualTo("odoo");
        assertThat(c.odooNameWarning(c.odooService("camptocamp/acme_odoo"))).hasValueSatisfying(w ->
                assertThat(w.message()).contains("the Odoo service is named 'web', not 'odoo'"));
        assertThat(c.odooService("camptocamp/xacme_odoo").name()).as("a repository is not matched by its suffix").isEqualTo("odoo");
    }

    @Test
    void twoServicesRunningTheProjectImageAreRefusedNamingBoth() throws IOException {
        InstanceComposition c = InstanceComposition.load(write("odoo:\n  image: camptocamp/acme_odoo:10.1.2\n"
                + "odoo_cron:\n  image: camptocamp/acme_odoo:10.1.1\n", null));
        assertThatThrownBy(() -> c.odooService("camptocamp/acme_odoo"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("docker-compose.yml:3: error: services 'odoo' (line 1) and 'odoo_cron' (line 3) both run"
                        + " the project's image camptocamp/acme_odoo");
        InstanceComposition none = InstanceComposition.load(write("web:\n  image: nginx:1\n", null));
        assertThatThrownBy(() -> none.odooService("camptocamp/acme_odoo")).hasMessageContaining("no Odoo service");
    }

    @Test
    void environmentInListAndMapFormsReadTheSame() throws IOException {
        InstanceComposition list = InstanceComposition.load(write("odoo:\n  image: a:1\n  environment:\n"
                + "    - WORKERS=4\n    - ' DEMO=False'\n    - EMPTY=\n    - UNSET\n    - URL=http://x/?a=b\n", null));
        InstanceComposition map = InstanceComposition.load(write("odoo:\n  image: a:1\n  environment:\n"
                + "    WORKERS: 4\n    DEMO: 'False'\n    EMPTY: ''\n    UNSET:\n    URL: http://x/?a=b\n", null));
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("WORKERS", "4");
        expected.put("DEMO", "False");
        expected.put("EMPTY", "");
        expected.put("UNSET", null);
        expected.put("URL", "http://x/?a=b");
        assertThat(list.services().get("odoo").environment()).containsExactlyEntriesOf(expected);
        assertThat(map.services().get("odoo").environment()).containsExactlyEntriesOf(expected);
        assertThat(list.services().get("odoo").environmentLines()).containsEntry("URL", 8);
        assertThat(map.services().get("odoo").environmentLines()).containsEntry("URL", 8);
    }

    @Test
    void theKeysTheEngineConvertsAreInTheModelAsWritten() throws IOException {
        ComposeService odoo = InstanceComposition.load(write("odoo:\n  image: a:1\n  mem_limit: 2g\n"
                + "  log_driver: syslog\n  log_opt:\n    tag: odoo\n    max-file: 3\n  volumes_from:\n    - data\n"
                + "data:\n  image: busybox:1\n", null)).services().get("odoo");
        assertThat(odoo.memLimit()).isEqualTo("2g");
        assertThat(odoo.logDriver()).isEqualTo("syslog");
        assertThat(odoo.logOptions()).containsExactly(java.util.Map.entry("tag", "odoo"), java.util.Map.entry("max-file", "3"));
        assertThat(odoo.volumesFrom()).containsExactly("data");
        ComposeService bytes = InstanceComposition.load(write("odoo:\n  image: a:1\n  mem_limit: 2147483648\n", null))
                .services().get("odoo");
        assertThat(bytes.memLimit()).isEqualTo(2147483648L);
        assertThat(bytes.logOptions()).isEmpty();
        assertThat(bytes.volumesFrom()).isEmpty();
    }

    @Test
    void readKeepsEveryProblemForCallersThatUseOnlyPartOfTheFiles() throws IOException {
        Path d = write("odoo:\n  image: a:1\n  enviroment:\n    - A=1\n  labels:\n    x: '1'\n    x: '2'\n", "odoo:\n  scale: 2\n");
        InstanceComposition c = InstanceComposition.read(d);
        assertThat(c.problems()).extracting(Object::toString).containsExactly(
                d.resolve("docker-compose.yml") + ":3: error: service 'odoo': unknown key 'enviroment': did you mean 'environment'?",
                d.resolve("docker-compose.yml") + ":7: warning: 'x' is written twice under odoo.labels with different values"
                        + " (docker-compose.yml:6 and docker-compose.yml:7): the last one is used, as docker-compose and"
                        + " rancher-compose did; remove the other");
        assertThat(c.services().get("odoo").labels()).containsEntry("x", "2");
        assertThatThrownBy(() -> InstanceComposition.load(d)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("unknown key 'enviroment'");
        Files.writeString(d.resolve("rancher-compose.yml"), "odoo: [\n");
        assertThatThrownBy(() -> InstanceComposition.read(d)).as("not YAML: nothing can be read")
                .hasMessageContaining("rancher-compose.yml:2: error: invalid YAML");
    }
}
