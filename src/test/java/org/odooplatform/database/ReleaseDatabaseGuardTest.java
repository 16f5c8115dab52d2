package org.odooplatform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.config.Settings;
import org.odooplatform.project.Instance;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/**
 * The sequence the deploy engine will run around an upgrade: the new release "migrates" the
 * database as marabunta would (schema and data changed, its version recorded), fails health,
 * and the rollback restores the backup: the database is the pre-upgrade one again.
 */
@NeedsServices(TestService.POSTGRES)
class ReleaseDatabaseGuardTest {

    @TempDir
    Path dir;

    private final PgServer pg = new PgServer();
    private final OdooDb db = new OdooDb(pg, PgServer.uniqueName());
    private final StringWriter output = new StringWriter();

    @AfterEach
    void cleanUp() {
        db.dropAll();
    }

    private ReleaseDatabaseGuard guard() {
        return new ClusterReleaseDatabaseGuard(db.admin(), DatabaseClients.of(Optional.empty(), System::getenv,
                new PrintWriter(output, true)), new BackupDirectory(dir), 5, Duration.ofMinutes(5));
    }

    @Test
    void aMigratingReleaseIsBackedUpAndItsRollbackBringsBackThePreUpgradeDatabase() throws Exception {
        db.create(3000, "setup", "10.1.0");
        InstanceDatabase prod = db.instance(Instance.PROD, "acme-odoo-prod");
        MigrationFile file = MigrationFile.parse(Path.of("odoo/migration.yml"), MigrationCheckTest.MIGRATION);
        Map<String, String> before = db.fingerprint(db.name);
        ReleaseDatabaseGuard guard = guard();

        MigrationStatus status = guard.check(prod, file, Settings.empty());
        Optional<Backup> backup = guard.beforeUpgrade(prod, status, "10.2.0");
        db.migrate("10.2.0");
        RestoreResult restored = guard.restore(prod, backup.orElseThrow());
        Map<String, String> after = db.fingerprint(db.name);
        guard.confirm(restored);

        assertThat(status.willMigrate()).isTrue();
        assertThat(backup.get().reason()).isEqualTo("before upgrade to 10.2.0");
        assertThat(backup.get().databaseVersion()).isEqualTo("10.1.0");
        assertThat(after).isEqualTo(before);
        assertThat(pg.databasesStartingWith(db.name)).containsExactly(db.name);
        assertThat(output.toString()).contains("will migrate: database " + db.name + " is at version 10.1.0")
                .contains("backup written: ").contains("dropped " + restored.keptAs().orElseThrow());
    }

    @Test
    void aReleaseThatDoesNotMigrateTakesNoBackupAndOneMarabuntaWouldRefuseIsStopped() throws Exception {
        db.create(10, "setup", "10.1.0", "10.2.0");
        InstanceDatabase prod = db.instance(Instance.PROD, "acme-odoo-prod");
        MigrationFile file = MigrationFile.parse(Path.of("odoo/migration.yml"), MigrationCheckTest.MIGRATION);
        ReleaseDatabaseGuard guard = guard();

        assertThat(guard.beforeUpgrade(prod, guard.check(prod, file, Settings.empty()), "10.2.1")).isEmpty();
        db.sql("UPDATE marabunta_version SET date_done = NULL WHERE number = '10.2.0'");
        MigrationStatus blocked = guard.check(prod, file, Settings.empty());
        assertThatThrownBy(() -> guard.beforeUpgrade(prod, blocked, "10.2.1")).isInstanceOf(PreconditionException.class)
                .hasMessageContaining("marabunta will refuse to start: the upgrade of version 10.2.0 was attempted and failed");
        assertThat(new BackupDirectory(dir).list(null)).isEmpty();
    }
}
