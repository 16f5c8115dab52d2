package org.odooplatform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.project.Instance;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/** Restores over a database on the real server: checksum first, new database, swap by rename, undo on failure. */
@NeedsServices(TestService.POSTGRES)
class DatabaseRestoreTest {

    static final String STACK = "acme-odoo-integration";

    @TempDir
    Path dir;

    private final PgServer pg = new PgServer();
    private final OdooDb db = new OdooDb(pg, PgServer.uniqueName());
    private final StringWriter output = new StringWriter();
    private final PrintWriter out = new PrintWriter(output, true);
    private InstanceDatabase instance;
    private BackupDirectory directory;

    @BeforeEach
    void setUp() {
        instance = db.instance(Instance.INTEGRATION, STACK);
        directory = new BackupDirectory(dir);
    }

    @AfterEach
    void cleanUp() {
        db.dropAll();
    }

    private DatabaseClients clients() {
        return DatabaseClients.of(Optional.empty(), System::getenv, out);
    }

    private Backup backup() {
        ServerVersion server;
        try (PostgresClient admin = PostgresClient.connect(db.admin())) {
            server = admin.version();
        }
        return DatabaseBackup.run(new DatabaseBackup.Request(instance, instance.login(db.admin()), "10.1.0",
                "before upgrade to 10.2.0", 5, Duration.ofMinutes(5)), server, clients().tools().apply(server), directory, out);
    }

    private DatabaseRestore.Request request(Backup backup, boolean terminate, String stack, Optional<CopyTransform> transform) {
        return new DatabaseRestore.Request(instance, backup, Optional.empty(), terminate, stack, 1, false, transform,
                "db restore", Duration.ofMinutes(5));
    }

    private RestoreResult restore(Backup backup) throws SQLException, InterruptedException {
        awaitNoSessions();
        return DatabaseRestore.run(request(backup, false, null, Optional.empty()), db.admin(), clients());
    }

    /** A closed JDBC session's backend exits a moment after the client: wait for the test's own to go. */
    private void awaitNoSessions() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!"0".equals(db.value("postgres", "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name + "'"))
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void aMigratedDatabaseIsRestoredToThePreUpgradeContentAndTheMigratedOneIsKeptUntilConfirmed() throws Exception {
        db.create(2000, "setup", "10.1.0");
        pg.sql("ALTER DATABASE " + db.name + " CONNECTION LIMIT 30");
        pg.sql("REVOKE CONNECT ON DATABASE " + db.name + " FROM PUBLIC");
        Map<String, String> before = db.fingerprint(db.name);
        Backup backup = backup();
        db.migrate("10.2.0");
        Map<String, String> migrated = db.fingerprint(db.name);
        assertThat(migrated).isNotEqualTo(before);

        RestoreResult result = restore(backup);

        assertThat(db.fingerprint(db.name)).isEqualTo(before);
        assertThat(db.value(db.name, "SELECT string_agg(number, ',' ORDER BY number) FROM marabunta_version"))
                .isEqualTo("10.1.0,setup");
        assertThat(result.keptAs()).isPresent();
        String kept = result.keptAs().get();
        assertThat(kept).matches(db.name + "_\\d{8}_\\d{6}");
        assertThat(db.fingerprint(kept)).isEqualTo(migrated);
        Map<String, Object> row = pg.databaseRow(db.name);
        assertThat(row.get("owner")).isEqualTo(db.name);
        assertThat(row.get("allowConnections")).isEqualTo(true);
        assertThat(row.get("connectionLimit")).isEqualTo(30);
        assertThat(row.get("comment")).isNull();
        assertThat(db.value("postgres", "SELECT has_database_privilege('public', '" + db.name + "', 'CONNECT')")).isEqualTo("f");
        assertThat(pg.databaseRow(kept).get("comment")).asString().startsWith(DatabaseRestore.KEPT + db.name + " replaced ");
        assertThat(pg.databaseRow(kept).get("connectionLimit")).isEqualTo(30);
        // every object of the restored database belongs to DB_USER
        assertThat(db.value(db.name, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> '" + db.name + "'")).isEqualTo("0");
        assertThat(output.toString()).contains("checked " + backup.file().getFileName() + ": ")
                .contains("pg_restore " + backup.file().getFileName() + " into " + db.name + "_restore as " + db.name)
                .contains("db restore done in").contains("the replaced database is kept as " + kept)
                .doesNotContain(OdooDb.PASSWORD);

        DatabaseRestore.dropKept(db.admin(), PostgresClient::connect, db.name, kept, out);
        assertThat(pg.databaseRow(kept)).isNull();
        assertThatThrownBy(() -> DatabaseRestore.dropKept(db.admin(), PostgresClient::connect, "postgres", db.name, out))
                .isInstanceOf(PreconditionException.class).hasMessageContaining("is not a copy kept by a restore");
    }

    @Test
    void aBackupThatDoesNotMatchItsChecksumIsRefusedBeforeAnyConnection() throws Exception {
        db.create(100, "setup");
        Backup backup = backup();
        db.migrate("10.2.0");
        Map<String, String> migrated = db.fingerprint(db.name);
        try (RandomAccessFile file = new RandomAccessFile(backup.file().toFile(), "rw")) {
            file.seek(backup.sizeBytes() / 2);
            int b = file.read();
            file.seek(backup.sizeBytes() / 2);
            file.write(b ^ 0xff);
        }

        assertThatThrownBy(() -> restore(backup)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("backup " + backup.file().getFileName() + " does not match its checksum: sha256 is ")
                .hasMessageContaining("expected " + backup.sha256())
                .hasMessageEndingWith("it is not restored; nothing was changed");
        awaitNoSessions();
        assertThatThrownBy(() -> DatabaseRestore.run(new DatabaseRestore.Request(instance, directory.find(backup.file().toString()),
                Optional.of("0".repeat(64)), false, null, 1, false, Optional.empty(), "db restore", Duration.ofMinutes(1)),
                db.admin(), clients())).isInstanceOf(BadInputException.class);
        assertThat(db.fingerprint(db.name)).isEqualTo(migrated);
        assertThat(pg.databasesStartingWith(db.name)).containsExactly(db.name);
    }

    @Test
    void activeClientsAreRefusedUnlessTheirSessionsMayBeTerminatedAndReconnectingClientsDoNotStopTheSwap() throws Exception {
        db.create(300, "setup");
        Map<String, String> before = db.fingerprint(db.name);
        Backup backup = backup();
        db.migrate("10.2.0");
        Map<String, String> migrated = db.fingerprint(db.name);
        awaitNoSessions();
        try (Connection odoo = pg.connect(db.name, db.name, OdooDb.PASSWORD)) {
            assertThatThrownBy(() -> restore(backup)).isInstanceOf(PreconditionException.class)
                    .hasMessageStartingWith("database " + db.name + " has 1 active session (Odoo, a shell, metrics?)")
                    .hasMessageEndingWith("stop odoo first (--stop-odoo) or pass --terminate-sessions; nothing was changed");
            assertThat(odoo.isValid(2)).isTrue();
        }
        assertThat(db.fingerprint(db.name)).isEqualTo(migrated);
        assertThat(pg.databasesStartingWith(db.name)).containsExactly(db.name);

        try (PgServer.Reconnector metrics = pg.new Reconnector(db.name, OdooDb.PASSWORD, 2);
             PgServer.Reconnector pool = pg.new Reconnector(db.name, OdooDb.PASSWORD, 1, 60_000)) {
            Thread.sleep(300);
            RestoreResult result = DatabaseRestore.run(request(backup, true, null, Optional.empty()), db.admin(), clients());
            assertThat(result.keptAs()).isPresent();
            int successes = metrics.successes();
            Thread.sleep(500);
            assertThat(metrics.successes()).as("clients reconnect to the restored database").isGreaterThan(successes);
        }
        assertThat(db.fingerprint(db.name)).isEqualTo(before);
    }

    @Test
    void aRestoreInterruptedMidwayDropsTheNewDatabaseAndLeavesTheCurrentOneAsItWas() throws Exception {
        db.create(10, "setup");
        db.sql("CREATE TABLE ir_attachment AS SELECT i AS id, md5(random()::text) || md5(random()::text) AS datas"
                + " FROM generate_series(1, 300000) i", "CREATE TABLE zz_last (id int)");
        Backup backup = backup();
        db.migrate("10.2.0");
        Map<String, String> migrated = db.fingerprint(db.name);
        // pg_restore's session is terminated while it loads data, as when the server restarts
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            try (Connection c = pg.admin(); Statement st = c.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (var rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE datname = '" + db.name + "_restore' AND application_name = 'pg_restore'"
                            + " AND query LIKE 'COPY%'")) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            return;
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (SQLException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        killer.start();

        assertThatThrownBy(() -> restore(backup)).isInstanceOf(OperationFailedException.class)
                .hasMessageStartingWith("db restore stopped: pg_restore failed (exit 1) after ")
                .hasMessageEndingWith(db.name + " is unchanged and the new database " + db.name + "_restore was dropped");
        killer.join();
        assertThat(db.fingerprint(db.name)).isEqualTo(migrated);
        assertThat(pg.databasesStartingWith(db.name)).containsExactly(db.name);
        assertThat(pg.databaseRow(db.name).get("allowConnections")).isEqualTo(true);
    }

    @Test
    void stoppingOdooHappensAfterTheRestoreAndBeforeTheSwapAndAFailedTransformChangesNothing() throws Exception {
        db.create(50, "setup");
        Map<String, String> before = db.fingerprint(db.name);
        Backup backup = backup();
        db.migrate("10.2.0");
        Map<String, String> migrated = db.fingerprint(db.name);
        List<String> events = new ArrayList<>();
        DatabaseClients withRancher = clients().withOdoo(stack -> {
            try {
                events.add("stop " + stack + ", restored copy present: " + pg.databaseRow(db.name + "_restore").isEmpty());
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            return "deactivated service odoo of stack " + stack;
        });
        CopyTransform failing = (copy, o) -> {
            events.add("transform on " + copy.database());
            throw new OperationFailedException("injected transform failure");
        };

        awaitNoSessions();
        assertThatThrownBy(() -> DatabaseRestore.run(request(backup, true, STACK, Optional.of(failing)), db.admin(), withRancher))
                .hasMessageContaining("injected transform failure");
        assertThat(events).containsExactly("transform on " + db.name + "_restore");
        assertThat(db.fingerprint(db.name)).isEqualTo(migrated);
        assertThat(pg.databasesStartingWith(db.name)).containsExactly(db.name);

        events.clear();
        RestoreResult result = DatabaseRestore.run(request(backup, true, STACK, Optional.empty()), db.admin(), withRancher);
        assertThat(events).containsExactly("stop " + STACK + ", restored copy present: false");
        assertThat(result.odooStopped()).isTrue();
        assertThat(db.fingerprint(db.name)).isEqualTo(before);
        assertThat(output.toString()).contains("stop odoo through Rancher: deactivated service odoo of stack " + STACK);
    }

    @Test
    void aClientThatConnectsDuringTheRestoreIsNotTerminatedWithoutPermissionAndNothingChanges() throws Exception {
        db.create(50, "setup");
        Backup backup = backup();
        db.migrate("10.2.0");
        Map<String, String> migrated = db.fingerprint(db.name);
        List<Connection> arrived = new ArrayList<>();
        CopyTransform clientArrives = (copy, o) -> {
            try {
                arrived.add(pg.connect(db.name, db.name, OdooDb.PASSWORD));
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        };
        awaitNoSessions();
        try {
            assertThatThrownBy(() -> DatabaseRestore.run(request(backup, false, null, Optional.of(clientArrives)),
                    db.admin(), clients())).isInstanceOf(OperationFailedException.class)
                    .hasMessageContaining("database " + db.name + " got 1 session during the restore")
                    .hasMessageContaining(db.name + " is unchanged and accepts connections again; the new database was dropped");
            assertThat(arrived.get(0).isValid(2)).as("the client's session was left alone").isTrue();
        } finally {
            for (Connection c : arrived) {
                c.close();
            }
        }
        assertThat(pg.databaseRow(db.name).get("allowConnections")).isEqualTo(true);
        assertThat(pg.databaseRow(db.name).get("connectionLimit")).isEqualTo(-1);
        assertThat(db.fingerprint(db.name)).isEqualTo(migrated);
        assertThat(pg.databasesStartingWith(db.name)).containsExactly(db.name);
    }

    @Test
    void onlyTheNewestKeptCopyStaysAfterRepeatedRestores() throws Exception {
        db.create(20, "setup");
        Backup backup = backup();
        RestoreResult first = restore(backup);
        Thread.sleep(1100);
        RestoreResult second = restore(backup);

        assertThat(second.dropped()).containsExactly(first.keptAs().orElseThrow());
        assertThat(pg.databasesStartingWith(db.name)).containsExactly(db.name, second.keptAs().orElseThrow());
    }
}
