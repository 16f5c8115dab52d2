package org.odooplatform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.config.Settings;
import org.odooplatform.project.Instance;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

@NeedsServices(TestService.POSTGRES)
class DatabaseResetTest {

    static final String DB_PASSWORD = "Canary-DbPw-7c41e9a2";

    private final PgServer pg = new PgServer();
    private final StringWriter output = new StringWriter();
    private final List<String> names = new ArrayList<>();
    private String name;

    @BeforeEach
    void pickName() {
        name = newName();
    }

    @AfterEach
    void cleanUp() {
        names.forEach(pg::dropAll);
    }

    private String newName() {
        String n = PgServer.uniqueName();
        names.add(n);
        return n;
    }

    private ResetClients clients() {
        return ResetClients.of(new PrintWriter(output, true));
    }

    private ResetRequest request(String db, ResetOptions options, Map<String, String> extra) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DB_NAME", db);
        values.put("DB_USER", db);
        values.put("DB_PASSWORD", DB_PASSWORD);
        values.put("RUNNING_ENV", "integration");
        values.putAll(extra);
        return ResetRequest.from(Instance.INTEGRATION, PgServer.CLIENT, Settings.of(values, true), Path.of("rancher.env"),
                options, pg.env());
    }

    private ResetRequest request(String db, ResetOptions options) {
        return request(db, options, Map.of());
    }

    private static ResetOptions yes() {
        return ResetOptions.builder().yes(true).build();
    }

    private static ResetOptions fallback() {
        return ResetOptions.builder().yes(true).forceDrop(false).build();
    }

    private void assertFreshAndUsable(String db) throws SQLException {
        Map<String, Object> row = pg.databaseRow(db);
        assertThat(row).as("database %s", db).isNotNull();
        assertThat(row.get("owner")).isEqualTo(db);
        assertThat(row.get("allowConnections")).isEqualTo(true);
        assertThat(row.get("comment")).isNull();
        assertThat(pg.userTables(db, db, DB_PASSWORD)).isZero();
    }

    @ParameterizedTest(name = "force drop: {0}")
    @ValueSource(booleans = {true, false})
    void itResets50TimesInARowWhileAClientReconnectsInATightLoop(boolean force) throws Exception {
        DatabaseReset.run(request(name, yes()), clients());
        ResetOptions options = force ? yes() : fallback();
        try (PgServer.Reconnector metrics = pg.new Reconnector(name, DB_PASSWORD, 2);
             PgServer.Reconnector odooPool = pg.new Reconnector(name, DB_PASSWORD, 1, 60_000)) {
            for (int i = 0; i < 50; i++) {
                int before = metrics.successes();
                ResetResult result = DatabaseReset.run(request(name, options), clients());
                assertThat(result.path()).isEqualTo(force ? DropPath.FORCE : DropPath.BLOCK_TERMINATE_DROP);
                assertThat(result.dropAttempts()).isBetween(1, ResetOptions.DEFAULT_MAX_ATTEMPTS);
                // the reconnecting client was really connecting to the database being dropped
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (metrics.successes() == before && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(metrics.successes()).as("client reconnected after reset %d", i).isGreaterThan(before);
            }
        }
        assertFreshAndUsable(name);
        assertThat(pg.databaseRow(name + "_reset")).isNull();
        assertThat(output.toString()).contains(force ? "drop path: DROP DATABASE ... WITH (FORCE) (PostgreSQL 13+)"
                : "drop path: ALLOW_CONNECTIONS false + CONNECTION LIMIT 0, terminate, DROP DATABASE (--no-force-drop)");
    }

    @Test
    void itTerminatesOpenTransactionsAndIdleSessionsAndLeavesAnEmptyDatabaseOwnedByDbUser() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        try (Connection inTransaction = pg.connect(name, name, DB_PASSWORD);
             Connection idle = pg.connect(name, name, DB_PASSWORD);
             Connection asAdmin = pg.connect(name, pg.user, pg.password)) {
            inTransaction.setAutoCommit(false);
            try (Statement st = inTransaction.createStatement()) {
                st.execute("INSERT INTO res_partner (name) VALUES ('uncommitted')");
                st.execute("LOCK TABLE res_partner IN ACCESS EXCLUSIVE MODE");
            }

            ResetResult result = DatabaseReset.run(request(name, yes()), clients());

            assertThat(result.path()).isEqualTo(DropPath.FORCE);
            for (Connection c : List.of(inTransaction, idle, asAdmin)) {
                assertThatThrownBy(() -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("SELECT 1");
                    }
                }).isInstanceOf(SQLException.class);
            }
        }
        assertFreshAndUsable(name);
        assertThat(output.toString()).contains("drop " + name + " WITH (FORCE), attempt 1")
                .contains("3 sessions").contains("reset done in");
    }

    @Test
    void theFallbackPathTerminatesSessionsAndRestoresConnectionPermissions() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        pg.sql("ALTER DATABASE " + name + " CONNECTION LIMIT 20");
        pg.sql("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
        pg.sql("GRANT CONNECT ON DATABASE " + name + " TO pg_monitor");
        try (Connection idle = pg.connect(name, name, DB_PASSWORD)) {
            ResetResult result = DatabaseReset.run(request(name, fallback()), clients());
            assertThat(result.path()).isEqualTo(DropPath.BLOCK_TERMINATE_DROP);
            assertThat(idle.isValid(2)).isFalse();
        }
        assertFreshAndUsable(name);
        assertThat(pg.databaseRow(name).get("connectionLimit")).isEqualTo(20);
        try (Connection c = pg.admin(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT datacl::text FROM pg_database WHERE datname = '" + name + "'")) {
            rs.next();
            assertThat(rs.getString(1)).contains("pg_monitor=c/").doesNotContain(",=");
        }
        assertThat(output.toString()).contains("block new connections to " + name)
                .contains("terminate 1 session and drop " + name + ", attempt 1");
    }

    @Test
    void itCreatesTheMissingRoleWithDbPasswordAndNeverPrintsIt() throws Exception {
        ResetResult result = DatabaseReset.run(request(name, yes()), clients());

        assertFreshAndUsable(name); // logs in as the new role with DB_PASSWORD
        assertThat(output.toString()).contains("create role " + name + " LOGIN with DB_PASSWORD")
                .doesNotContain(DB_PASSWORD);
        assertThat(String.join("\n", result.statements())).doesNotContain(DB_PASSWORD);
        try (Connection c = pg.admin(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = '" + name + "'")) {
            rs.next();
            assertThat(rs.getString(1)).startsWith("SCRAM-SHA-256$").doesNotContain(DB_PASSWORD);
        }
    }

    @Test
    void aDryRunPrintsTheStatementsWithTheSecretMaskedAndChangesNothing() throws Exception {
        ResetResult result = DatabaseReset.run(request(name, ResetOptions.builder().dryRun(true).build()), clients());

        assertThat(result.dryRun()).isTrue();
        assertThat(pg.databaseRow(name)).isNull();
        assertThat(pg.databaseRow(name + "_reset")).isNull();
        assertThat(output.toString())
                .contains("CREATE ROLE \"" + name + "\" LOGIN;")
                .contains("ALTER ROLE \"" + name + "\" PASSWORD '****';")
                .contains("CREATE DATABASE \"" + name + "_reset\" OWNER \"" + name + "\" TEMPLATE \"template0\" ENCODING 'UTF8'")
                .contains("ALTER DATABASE \"" + name + "_reset\" RENAME TO \"" + name + "\";")
                .contains("dry run: nothing was changed.")
                .doesNotContain(DB_PASSWORD);

        pg.createProjectDatabase(name, DB_PASSWORD);
        DatabaseReset.run(request(name, ResetOptions.builder().dryRun(true).forceDrop(false).build()), clients());
        assertThat(output.toString()).contains("ALTER DATABASE \"" + name + "\" WITH ALLOW_CONNECTIONS false CONNECTION LIMIT 0;")
                .contains("DROP DATABASE IF EXISTS \"" + name + "\";");
        assertThat(pg.userTables(name, name, DB_PASSWORD)).isEqualTo(1);
    }

    @Test
    void aCreateThatFailsOnTheServerLeavesTheOldDatabaseUntouchedAndAcceptingConnections() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        ResetRequest badLocale = request(name, yes(), Map.of("DB_LC_COLLATE", "xx_XX.nonexistent"));

        Throwable thrown = catchThrowable(() -> DatabaseReset.run(badLocale, clients()));

        assertThat(thrown).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("stopped at 'create the new empty database " + name + "_reset'")
                .hasMessageContaining("xx_XX.nonexistent")
                .hasMessageContaining("The old database " + name + " is unchanged and accepts connections");
        assertThat(pg.userTables(name, name, DB_PASSWORD)).isEqualTo(1);
        assertThat(pg.databaseRow(name).get("allowConnections")).isEqualTo(true);
        assertThat(pg.databaseRow(name + "_reset")).isNull();
    }

    @Test
    void aFallbackDropThatKeepsFailingGivesTheOldDatabaseItsConnectionsBack() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        pg.sql("ALTER DATABASE " + name + " CONNECTION LIMIT 7");
        ResetClients failingDrop = clients().withCluster(FaultyAdmin.around(PostgresClient::connect,
                sql -> sql.equals("DROP DATABASE IF EXISTS \"" + name + "\""), DatabaseOperationException.OBJECT_IN_USE));
        ResetRequest twoAttempts = request(name, ResetOptions.builder().yes(true).forceDrop(false).maxAttempts(2).build());

        Throwable thrown = catchThrowable(() -> DatabaseReset.run(twoAttempts, failingDrop));

        assertThat(thrown).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("stopped at 'drop " + name + "'")
                .hasMessageContaining("is unchanged and accepts connections");
        assertThat(output.toString()).contains("attempt 1: still in use, retrying")
                .contains("restored connections to " + name);
        Map<String, Object> row = pg.databaseRow(name);
        assertThat(row.get("allowConnections")).isEqualTo(true);
        assertThat(row.get("connectionLimit")).isEqualTo(7);
        assertThat(pg.userTables(name, name, DB_PASSWORD)).isEqualTo(1);
        assertThat(pg.databaseRow(name + "_reset")).isNull();
    }

    @Test
    void aRenameThatFailsLeavesTheNewEmptyDatabaseAndTheNextRunFinishes() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        ResetClients failingRename = clients().withCluster(FaultyAdmin.around(PostgresClient::connect,
                sql -> sql.startsWith("ALTER DATABASE \"" + name + "_reset\" RENAME"), "42P04"));

        Throwable thrown = catchThrowable(() -> DatabaseReset.run(request(name, yes()), failingRename));

        assertThat(thrown).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining(name + " was dropped and the new empty database is " + name + "_reset")
                .hasMessageContaining("run db reset again");
        assertThat(pg.databaseRow(name)).isNull();
        assertThat(pg.databaseRow(name + "_reset").get("allowConnections")).isEqualTo(true);
        assertThat(pg.userTables(name + "_reset", name, DB_PASSWORD)).isZero();

        DatabaseReset.run(request(name, yes()), clients());

        assertThat(output.toString()).contains("leftover " + name + "_reset of an interrupted reset will be dropped");
        assertFreshAndUsable(name);
        assertThat(pg.databaseRow(name + "_reset")).isNull();
    }

    @Test
    void itRefusesToTouchADatabaseOfTheTemporaryNameThatItDidNotCreate() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        pg.sql("CREATE DATABASE " + name + "_reset");

        assertThatThrownBy(() -> DatabaseReset.run(request(name, yes()), clients()))
                .hasMessageContaining("database " + name + "_reset exists and was not left by db reset");
        assertThat(pg.databaseRow(name + "_reset")).isNotNull();
        assertThat(pg.userTables(name, name, DB_PASSWORD)).isEqualTo(1);
    }

    @Test
    void itRefusesADatabaseOwnedBySomeoneElse() throws Exception {
        pg.sql("CREATE ROLE " + name + " LOGIN PASSWORD '" + DB_PASSWORD + "'");
        pg.sql("CREATE DATABASE " + name);

        assertThatThrownBy(() -> DatabaseReset.run(request(name, yes()), clients()))
                .hasMessageContaining("database " + name + " is owned by " + pg.user + ", not by DB_USER " + name);
        assertThat(pg.databaseRow(name).get("owner")).isEqualTo(pg.user);
    }

    @Test
    void stopOdooDeactivatesTheServiceBeforeTheDatabaseIsTouched() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        List<String> stopped = new ArrayList<>();
        ResetClients withRancher = clients().withOdoo(stack -> {
            try {
                stopped.add(stack + (pg.userTables(name, name, DB_PASSWORD) == 1 ? " (old data present)" : ""));
                return "deactivated service odoo of stack " + stack;
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        });

        DatabaseReset.run(request(name, ResetOptions.builder().yes(true).stopOdoo(true).stack("acme-odoo-integration").build()),
                withRancher);

        assertThat(stopped).containsExactly("acme-odoo-integration (old data present)");
        assertThat(output.toString()).contains("stop odoo through Rancher: deactivated service odoo of stack acme-odoo-integration");
        assertFreshAndUsable(name);
    }

    @Test
    void aFailedOdooStopLeavesTheDatabaseUntouched() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        ResetClients rancherDown = clients().withOdoo(stack -> {
            throw new OperationFailedException("Rancher at http://127.0.0.1:1 is unreachable");
        });

        assertThatThrownBy(() -> DatabaseReset.run(request(name,
                ResetOptions.builder().yes(true).stopOdoo(true).stack("acme-odoo-integration").build()), rancherDown))
                .hasMessageContaining("Rancher at http://127.0.0.1:1 is unreachable");
        assertThat(pg.userTables(name, name, DB_PASSWORD)).isEqualTo(1);
        assertThat(pg.databaseRow(name + "_reset")).isNull();
    }

    @Test
    void aTerminalUserMustTypeTheNameAndAWrongAnswerChangesNothing() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        List<String> prompts = new ArrayList<>();
        ResetClients terminal = clients().withConfirmation(new Confirmation() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String prompt) {
                prompts.add(prompt);
                return prompts.size() == 1 ? "prod_db" : name;
            }
        });
        ResetOptions noYes = ResetOptions.builder().build();

        assertThatThrownBy(() -> DatabaseReset.run(request(name, noYes), terminal))
                .isInstanceOf(BadInputException.class).hasMessageContaining("does not match " + name);
        assertThat(pg.userTables(name, name, DB_PASSWORD)).isEqualTo(1);

        DatabaseReset.run(request(name, noYes), terminal);
        assertThat(prompts.get(0)).contains("Type its name to confirm");
        assertFreshAndUsable(name);
    }

    @Test
    void theAdminNeedsPgSignalBackendWhenItIsNoSuperuser() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        String weakAdmin = newName();
        pg.sql("CREATE ROLE " + weakAdmin + " LOGIN CREATEDB CREATEROLE PASSWORD 'weak-admin-pw'");
        Map<String, String> env = Map.of("PGHOST", pg.host, "PGPORT", "" + pg.port, "PGUSER", weakAdmin,
                "PGPASSWORD", "weak-admin-pw");
        ResetRequest asWeakAdmin = ResetRequest.from(Instance.INTEGRATION, PgServer.CLIENT,
                Settings.of(Map.of("DB_NAME", name, "DB_USER", name), true), Path.of("rancher.env"), yes(), env::get);

        assertThatThrownBy(() -> DatabaseReset.run(asWeakAdmin, clients()))
                .hasMessageContaining("GRANT pg_signal_backend TO " + weakAdmin);
        assertThat(pg.userTables(name, name, DB_PASSWORD)).isEqualTo(1);
    }

    @Test
    void aWrongAdminPasswordIsBadInputAndTheCanaryAppearsNowhere() throws Exception {
        pg.createProjectDatabase(name, DB_PASSWORD);
        String canary = "Canary-AdminPw-0b5d1f";
        ResetRequest wrong = ResetRequest.from(Instance.INTEGRATION, PgServer.CLIENT,
                Settings.of(Map.of("DB_NAME", name, "DB_USER", name, "DB_PASSWORD", DB_PASSWORD), true),
                Path.of("rancher.env"), yes(), pg.envWith(canary, pg.port));

        Throwable thrown = catchThrowable(() -> DatabaseReset.run(wrong, clients()));

        assertThat(thrown).isInstanceOf(BadInputException.class)
                .hasMessageContaining("rejected the login of PGUSER '" + pg.user + "'")
                .hasMessageContaining("check PGUSER and PGPASSWORD");
        assertThat(allText(thrown) + output).doesNotContain(canary).doesNotContain(DB_PASSWORD);
        assertThat(pg.userTables(name, name, DB_PASSWORD)).isEqualTo(1);
    }

    @Test
    void aServerThatIsDownIsExit2AndChangedNothing() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ResetRequest down = ResetRequest.from(Instance.INTEGRATION, PgServer.CLIENT,
                Settings.of(Map.of("DB_NAME", name, "DB_USER", name, "DB_PASSWORD", DB_PASSWORD), true),
                Path.of("rancher.env"), yes(), pg.envWith(pg.password, closedPort));

        Throwable thrown = catchThrowable(() -> DatabaseReset.run(down, clients()));

        assertThat(thrown).isInstanceOf(org.odooplatform.common.BadInputException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at " + pg.host + ":" + closedPort); // exit 2: nothing changed
        assertThat(allText(thrown) + output).doesNotContain(pg.password).doesNotContain(DB_PASSWORD);
    }

    static String allText(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            text.append(t).append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                text.append(e).append('\n');
            }
        }
        return text.toString();
    }
}
