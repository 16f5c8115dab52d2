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

/** {@code db backup} finds bad settings and missing admin variables together, before it prints or connects. */
class DatabaseBackupFlowTest {

    @TempDir
    Path dir;

    @Test
    void badSettingsAndAMissingPghostAreReportedTogetherBeforeAnyOutput() throws Exception {
        Path env = dir.resolve("integration.env");
        Files.writeString(env, "export DB_NAME=heron_5\nexport DB_PASSWORD=canary-Backup-Pw-88\n");
        DatabaseTarget.Source source = new DatabaseTarget.Source(ProjectConfig.load(Projects.SAMPLE), Projects.SAMPLE,
                Instance.INTEGRATION, () -> Settings.load(null, env), env);
        StringWriter out = new StringWriter();
        DatabaseBackupFlow.Request request = new DatabaseBackupFlow.Request(source,
                new BackupTools(new BackupDirectory(dir.resolve("backups")), Optional.empty(), Duration.ofMinutes(1)),
                2, "test", false, Map.<String, String>of()::get);

        assertThatThrownBy(() -> DatabaseBackupFlow.run(request, new PrintWriter(out)))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("DB_USER is not set")
                .hasMessageContaining("PGHOST is not set")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("canary-Backup-Pw-88"));
        assertThat(out.toString()).isEmpty();
        assertThat(dir.resolve("backups")).doesNotExist();
    }
}
