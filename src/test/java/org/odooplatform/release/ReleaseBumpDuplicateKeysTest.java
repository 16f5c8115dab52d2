package org.odooplatform.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;

/**
 * release bump rewrites the Odoo service's image tag (and appends to migration.yml's versions): a
 * duplicate key or an unknown key anywhere else never blocks a release, it is a warning naming
 * both lines. Real project files have them, and docker-compose, rancher-compose (yaml.v2's
 * {@code decoder.mapping}, last value wins) and marabunta (PyYAML) all read such files.
 */
class ReleaseBumpDuplicateKeysTest {

    static final String COMPOSE = "rancher/integration/docker-compose.yml";

    @TempDir
    Path tmp;
    Path project;

    @BeforeEach
    void copySample() {
        project = Projects.copySample(tmp.resolve("project"));
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = project.resolve(file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    private Cli.Result bump() {
        return Cli.run("release", "bump", "--project", project.toString(), "--patch", "--date", "2017-04-02");
    }

    @Test
    void aDuplicateLabelWithAnotherValueIsAWarningAndTheBumpGoesOn() throws IOException {
        // an error for check and deploy (Rancher schedules by it), but not a line release bump touches
        edit(COMPOSE, "    io.rancher.sidekicks: nginx\n",
                "    io.rancher.sidekicks: nginx\n    io.rancher.scheduler.affinity:host_label: db=true\n");
        Cli.Result result = bump();
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).contains(COMPOSE + ":39: warning: 'io.rancher.scheduler.affinity:host_label' is written"
                + " twice under odoo.labels with different values (docker-compose.yml:37 and docker-compose.yml:39):"
                + " expected it once (Rancher schedules and links the service by its io.rancher.* labels)"
                + " (not what release bump rewrites; check and deploy refuse it)");
        String compose = Files.readString(project.resolve(COMPOSE));
        assertThat(compose).contains("  image: camptocamp/acme_odoo:10.1.3\n")
                .contains("    io.rancher.scheduler.affinity:host_label: application=true\n    io.rancher.sidekicks: nginx\n"
                        + "    io.rancher.scheduler.affinity:host_label: db=true\n");
        assertThat(Files.readString(project.resolve("odoo/VERSION"))).isEqualTo("10.1.3\n");
    }

    @Test
    void anUnknownKeyIsAWarningForReleaseBump() throws IOException {
        edit(COMPOSE, "  environment:\n    - DB_USER", "  enviroment:\n    - DB_USER");
        Cli.Result result = bump();
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).contains(COMPOSE + ":7: warning: service 'odoo': unknown key 'enviroment': did you mean"
                + " 'environment'? (not what release bump rewrites; check and deploy refuse it)");
    }

    @Test
    void theOdooImageWrittenTwiceWithTheSameValueHasBothLinesBumped() throws IOException {
        edit(COMPOSE, "  image: camptocamp/acme_odoo:10.1.2\n",
                "  image: camptocamp/acme_odoo:10.1.2\n  image: camptocamp/acme_odoo:10.1.2\n");
        Cli.Result result = bump();
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).contains(COMPOSE + ":3: warning: 'image' is written twice under odoo with the same value"
                + " (docker-compose.yml:2 and docker-compose.yml:3): remove one");
        assertThat(Files.readString(project.resolve(COMPOSE)))
                .startsWith("odoo:\n  image: camptocamp/acme_odoo:10.1.3\n  image: camptocamp/acme_odoo:10.1.3\n");
    }

    @Test
    void theOdooImageOrServiceWrittenTwiceWithDifferentValuesIsRefused() throws IOException {
        edit(COMPOSE, "  image: camptocamp/acme_odoo:10.1.2\n",
                "  image: camptocamp/acme_odoo:10.1.2\n  image: camptocamp/acme_odoo:10.1.1\n");
        Map<String, String> before = ReleaseBumpGoldenTest.tree(project);
        Cli.Result image = bump();
        assertThat(image.code()).as(image.toString()).isEqualTo(2);
        assertThat(image.err()).contains(COMPOSE + ":3: error: 'image' is written twice under odoo with different values"
                + " (docker-compose.yml:2 and docker-compose.yml:3): expected it once");
        assertThat(ReleaseBumpGoldenTest.tree(project)).isEqualTo(before);

        project = Projects.copySample(tmp.resolve("project2"));
        Path compose = project.resolve(COMPOSE);
        Files.writeString(compose, Files.readString(compose) + "\nodoo:\n  image: camptocamp/acme_odoo:10.1.1\n");
        before = ReleaseBumpGoldenTest.tree(project);
        Cli.Result service = bump();
        assertThat(service.code()).as(service.toString()).isEqualTo(2);
        assertThat(service.err()).contains("error: 'odoo' is written twice at the top level with different values");
        assertThat(ReleaseBumpGoldenTest.tree(project)).isEqualTo(before);
    }

    @Test
    void aSecondServiceRunningTheProjectImageIsRefusedAsDeployRefusesIt() throws IOException {
        Path compose = project.resolve(COMPOSE);
        Files.writeString(compose, Files.readString(compose) + "\nodoo_cron:\n  image: camptocamp/acme_odoo:10.1.2\n");
        Map<String, String> before = ReleaseBumpGoldenTest.tree(project);
        Cli.Result result = bump();
        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("services 'odoo' (line 1) and 'odoo_cron' (line 68) both run the project's image");
        assertThat(ReleaseBumpGoldenTest.tree(project)).isEqualTo(before);
    }

    @Test
    void aDuplicateKeyOfMigrationYmlOutsideTheVersionsIsAWarning() throws IOException {
        edit("odoo/migration.yml", "    install_command: odoo\n", "    install_command: odoo\n    install_command: odoo\n");
        Cli.Result result = bump();
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.err()).contains("odoo/migration.yml:5: warning: 'migration.options.install_command' is written"
                + " twice (migration.yml:4 and migration.yml:5): marabunta uses the last one; remove the other");
        assertThat(Files.readString(project.resolve("odoo/migration.yml"))).endsWith("    - version: 10.1.3\n");
    }
}
