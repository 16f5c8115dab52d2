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

class ProjectConfigTest {

    @TempDir
    Path dir;

    @Test
    void itReadsTheSampleProjectsFile() {
        ProjectConfig config = ProjectConfig.load(Projects.SAMPLE);
        assertThat(config.requireClient()).isEqualTo("acme");
        assertThat(config.image()).contains("camptocamp/acme_odoo");
        assertThat(config.stackName(Instance.INTEGRATION)).isEqualTo("acme-odoo-integration");
    }

    @Test
    void commandLineValuesOverrideTheFile() {
        ProjectConfig config = ProjectConfig.load(Projects.SAMPLE).withOverrides("globex", null, "127.0.0.1:5000");
        assertThat(config.stackName(Instance.PROD)).isEqualTo("globex-odoo-prod");
        assertThat(config.image()).contains("127.0.0.1:5000/camptocamp/acme_odoo");
    }

    @Test
    void anImageWithARegistryHostIsNotPrefixedAgain() {
        ProjectConfig config = new ProjectConfig("acme", "registry.example.com/acme/odoo", "other:5000", java.util.Map.of());
        assertThat(config.image()).contains("registry.example.com/acme/odoo");
    }

    @Test
    void stackOverridesApplyPerInstance() throws IOException {
        Files.writeString(dir.resolve(".odoo-platform.yml"), "client: acme\nstacks:\n  prod: acme-production\n");
        ProjectConfig config = ProjectConfig.load(dir);
        assertThat(config.stackName(Instance.PROD)).isEqualTo("acme-production");
        assertThat(config.stackName(Instance.TEST)).isEqualTo("acme-odoo-test");
    }

    @Test
    void withoutAFileTheClientMustBeGiven() {
        ProjectConfig config = ProjectConfig.load(dir);
        assertThatThrownBy(config::requireClient).isInstanceOf(BadInputException.class)
                .hasMessageContaining("--client NAME");
    }

    @Test
    void unknownKeysAndBadValuesAreReportedWithTheirLines() throws IOException {
        Files.writeString(dir.resolve(".odoo-platform.yml"),
                "client: Acme Corp\nimage: x/y\nregistery: r\nstacks:\n  staging: s\n");
        assertThatThrownBy(() -> ProjectConfig.load(dir))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems())
                        .extracting(p -> p.line() + ":" + p.message())
                        .anySatisfy(m -> assertThat(m).startsWith("1:").contains("lower-case"))
                        .anySatisfy(m -> assertThat(m).startsWith("3:").contains("unknown key 'registery'"))
                        .anySatisfy(m -> assertThat(m).startsWith("5:").contains("unknown instance 'staging'")));
    }
}
