package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.config.Settings;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import org.odooplatform.testsupport.Projects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of {@code db refresh}'s checks: wrong instances before any settings, the stack before Rancher. */
class IntegrationRefreshFlowTest {

    private final ProjectConfig acme = ProjectConfig.load(Projects.SAMPLE);

    @TempDir
    Path dir;

    private IntegrationRefreshFlow.Request request(DatabaseTarget.Source target, Instance from, Path fromEnv, String stack) {
        return new IntegrationRefreshFlow.Request(target, from, fromEnv, null,
                new BackupTools(new BackupDirectory(dir.resolve("backups")), Optional.empty(), Duration.ofMinutes(1)),
                null, null, false, stack, 2, 1, true, false, Map.of("PGHOST", "127.0.0.1", "PGPASSWORD", "x")::get,
                () -> { throw new AssertionError("Rancher endpoint read before the input was checked"); });
    }

    @Test
    void prodAsTargetAndAnotherSourceAreBothRefusedBeforeAnySettingsAreRead() {
        DatabaseTarget.Source prod = new DatabaseTarget.Source(acme, Projects.SAMPLE, Instance.PROD,
                () -> { throw new AssertionError("settings read before the instances were checked"); }, Path.of("prod.env"));
        StringWriter out = new StringWriter();

        assertThatThrownBy(() -> IntegrationRefreshFlow.run(request(prod, Instance.INTEGRATION, Path.of("missing.env"), null),
                new PrintWriter(out)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("prod is never the target of a refresh")
                .hasMessageContaining("--from integration");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aStackOfProdIsRefusedAfterTheSettingsAndBeforeRancherIsRead() throws Exception {
        Path integrationEnv = dir.resolve("integration.env");
        Files.writeString(integrationEnv, "export DB_NAME=gull_3\nexport DB_USER=gull_3\nexport DB_PASSWORD=p1\n"
                + "export DOMAIN_NAME=int.example.org\n");
        Path prodEnv = dir.resolve("prod.env");
        Files.writeString(prodEnv, "export DB_NAME=tern_4\nexport DB_USER=tern_4\nexport DB_PASSWORD=p2\n");
        int[] settingsRead = {0};
        DatabaseTarget.Source integration = new DatabaseTarget.Source(acme, Projects.SAMPLE, Instance.INTEGRATION,
                () -> { settingsRead[0]++; return Settings.load(null, integrationEnv); }, integrationEnv);
        StringWriter out = new StringWriter();

        assertThatThrownBy(() -> IntegrationRefreshFlow.run(request(integration, Instance.PROD, prodEnv, "acme-odoo-prod"),
                new PrintWriter(out)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("acme-odoo-prod");
        assertThat(settingsRead[0]).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
    }
}
