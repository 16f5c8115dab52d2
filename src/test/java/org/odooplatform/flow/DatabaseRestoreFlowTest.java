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

/** The order of {@code db restore}'s checks: every bad input is reported at once, before Rancher or a server is reached. */
class DatabaseRestoreFlowTest {

    private static final String CANARY = "canary-Restore-Pw-5521";

    private final ProjectConfig acme = ProjectConfig.load(Projects.SAMPLE);

    @TempDir
    Path dir;

    private DatabaseRestoreFlow.Request request(DatabaseTarget.Source source, String file,
            String sha256, String approvedBy, boolean yes) {
        return new DatabaseRestoreFlow.Request(source, new BackupTools(new BackupDirectory(dir.resolve("backups")),
                Optional.empty(), Duration.ofMinutes(1)), file, sha256, true, null, false, 0, approvedBy, yes, false,
                Map.of("PGHOST", "127.0.0.1", "PGPASSWORD", CANARY)::get,
                () -> { throw new AssertionError("Rancher endpoint read before the input was checked"); });
    }

    private DatabaseTarget.Source prod() throws Exception {
        Path env = dir.resolve("prod.env");
        Files.writeString(env, "export DB_NAME=bluefin_7\nexport DB_USER=bluefin_7\nexport DB_PASSWORD=" + CANARY + "\n");
        return new DatabaseTarget.Source(acme, Projects.SAMPLE, Instance.PROD,
                () -> Settings.load(null, env), env);
    }

    @Test
    void everyBadInputOfAProdRestoreIsReportedTogetherBeforeRancherIsRead() throws Exception {
        StringWriter out = new StringWriter();
        DatabaseRestoreFlow.Request request = request(prod(), "acme-odoo-prod_none_x.dump", "abc", null, false);

        assertThatThrownBy(() -> DatabaseRestoreFlow.run(request, new PrintWriter(out)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--approved-by NAME")
                .hasMessageContaining("--sha256 'abc'")
                .hasMessageContaining("--yes is missing")
                .hasMessageContaining("--keep-replaced 0")
                .hasMessageContaining("acme-odoo-prod_none_x.dump")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badSettingsAreRefusedBeforeTheBackupIsLookedFor() {
        DatabaseTarget.Source source = new DatabaseTarget.Source(acme, Projects.SAMPLE, Instance.INTEGRATION,
                () -> { throw new BadInputException("integration.env:1: bad"); }, Path.of("integration.env"));
        DatabaseRestoreFlow.Request request = request(source, "missing.dump", null, null, true);

        assertThatThrownBy(() -> DatabaseRestoreFlow.run(request, new PrintWriter(new StringWriter())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("integration.env:1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("missing.dump"));
    }
}
