package org.odooplatform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.project.Instance;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/**
 * Migration detection against marabunta_version tables on the real server. The expected verdicts
 * follow marabunta's runner.py {@code Runner.perform} (unfinished rows, one version at a time,
 * "below the current database version") and model.py {@code Version.is_noop/skip/is_processed}.
 */
@NeedsServices(TestService.POSTGRES)
class MigrationCheckTest {

    static final String MIGRATION = """
            migration:
              options:
                install_command: odoo
              versions:
                - version: setup
                  addons:
                    upgrade:
                      - base
                - version: 10.0.0
                - version: 10.1.0
                  addons:
                    upgrade:
                      - sale_margin
                - version: 10.2.0
                  modes:
                    full:
                      operations:
                        post:
                          - anthem songs.upgrade.v10_2_0::main
                - version: 10.2.1
            """;

    private final PgServer pg = new PgServer();
    private final OdooDb db = new OdooDb(pg, PgServer.uniqueName());

    @AfterEach
    void cleanUp() {
        db.dropAll();
    }

    private MigrationStatus check(String allowSerie, String force) {
        MigrationFile file = MigrationFile.parse(Path.of("odoo/migration.yml"), MIGRATION);
        MarabuntaTable.State state = MarabuntaTable.read(db.instance(Instance.INTEGRATION, "acme-odoo-integration").login(db.admin()));
        return MigrationCheck.check(file, state, allowSerie, force);
    }

    @Test
    void aReleaseWithAVersionNotDoneInTheDatabaseWillMigrate() throws SQLException {
        db.create(3, "setup", "10.0.0", "10.1.0");

        MigrationStatus status = check(null, null);

        assertThat(status.verdict()).isEqualTo(MigrationStatus.Verdict.MIGRATES);
        assertThat(status.willMigrate()).isTrue();
        assertThat(status.needsBackup()).isTrue();
        // 10.2.0 has work only in mode 'full': marabunta's is_noop looks at every mode
        assertThat(status.pending()).containsExactly("10.2.0");
        assertThat(status.noopPending()).containsExactly("10.2.1");
        assertThat(status.database().latestDone()).contains("10.1.0");
        assertThat(status.summary()).isEqualTo("will migrate: database " + db.name + " is at version 10.1.0"
                + " (3 versions recorded); marabunta will run 10.2.0");
    }

    @Test
    void aDatabaseWithEveryVersionDoneWillNotMigrateEvenIfANoopVersionIsOnlyRecorded() throws SQLException {
        db.create(3, "setup", "10.0.0", "10.1.0", "10.2.0");

        MigrationStatus status = check(null, null);

        assertThat(status.verdict()).isEqualTo(MigrationStatus.Verdict.UP_TO_DATE);
        assertThat(status.willMigrate()).isFalse();
        assertThat(status.summary()).startsWith("will not migrate: database " + db.name + " is at version 10.2.0")
                .endsWith("(noop 10.2.1 will only be recorded)");
    }

    @Test
    void anUnfinishedVersionBlocksMarabuntaUnlessForced() throws SQLException {
        db.create(3, "setup", "10.0.0");
        db.sql("INSERT INTO marabunta_version (number, date_start) VALUES ('10.1.0', now())");

        MigrationStatus status = check(null, null);
        // marabunta checks "one version at a time" even when forcing
        MigrationStatus forcedSerie = check(null, "10.1.0");
        MigrationStatus forced = check("true", "10.1.0");

        assertThat(status.verdict()).isEqualTo(MigrationStatus.Verdict.BLOCKED);
        assertThat(status.blockedBy()).hasValueSatisfying(b -> assertThat(b)
                .startsWith("the upgrade of version 10.1.0 was attempted and failed (date_done is empty"));
        assertThat(forcedSerie.verdict()).isEqualTo(MigrationStatus.Verdict.BLOCKED);
        assertThat(forced.verdict()).isEqualTo(MigrationStatus.Verdict.MIGRATES);
        assertThat(forced.pending()).containsExactly("10.1.0");
    }

    @Test
    void twoPendingVersionsNeedAllowSerieAndADatabaseNewerThanTheCodeIsBlocked() throws SQLException {
        db.create(3, "setup", "10.0.0");
        MigrationStatus serie = check(null, null);
        MigrationStatus allowed = check("True", null);
        db.sql("INSERT INTO marabunta_version (number, date_start, date_done) VALUES ('10.3.0', now(), now())");
        MigrationStatus newer = check("1", null);

        assertThat(serie.verdict()).isEqualTo(MigrationStatus.Verdict.BLOCKED);
        assertThat(serie.blockedBy().orElseThrow()).contains("versions 10.1.0, 10.2.0 are all pending");
        assertThat(allowed.verdict()).isEqualTo(MigrationStatus.Verdict.MIGRATES);
        assertThat(allowed.pending()).containsExactly("10.1.0", "10.2.0");
        assertThat(newer.verdict()).isEqualTo(MigrationStatus.Verdict.BLOCKED);
        assertThat(newer.blockedBy().orElseThrow()).startsWith("version 10.1.0 is below the current database version 10.3.0");
    }

    @Test
    void withoutTheTableItIsAFirstInstallAndWithoutTheDatabaseThereIsNothingToBackUp() throws SQLException {
        pg.sql("CREATE ROLE " + db.name + " LOGIN PASSWORD '" + OdooDb.PASSWORD + "'");
        MigrationStatus missing = check(null, null);
        pg.sql("DROP ROLE " + db.name);
        db.create(1);
        db.sql("DROP TABLE marabunta_version");
        MigrationStatus noTable = check(null, null);

        assertThat(missing.verdict()).isEqualTo(MigrationStatus.Verdict.NO_DATABASE);
        assertThat(missing.needsBackup()).isFalse();
        assertThat(noTable.verdict()).isEqualTo(MigrationStatus.Verdict.FIRST_INSTALL);
        assertThat(noTable.needsBackup()).isTrue();
        assertThat(noTable.pending()).containsExactly("setup", "10.1.0", "10.2.0");
    }

    @Test
    void versionsSortAsMarabuntaVersionDoes() {
        assertThat(java.util.stream.Stream.of("10.1.10", "setup", "10.0.0.1.2", "10.1.2", "9.0.1.2.3", "11.0.0")
                .sorted(MarabuntaTable.VERSION_ORDER).toList())
                .containsExactly("setup", "9.0.1.2.3", "10.0.0.1.2", "10.1.2", "10.1.10", "11.0.0");
    }
}
