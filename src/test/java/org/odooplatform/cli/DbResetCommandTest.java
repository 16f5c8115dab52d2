package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.simulator.RancherSimulator;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.RawServer;
import org.odooplatform.testsupport.TestService;
import org.odooplatform.testsupport.Projects;

/** {@code odoo-platform db reset} end to end, in-process, against the test PostgreSQL server. */
@NeedsServices(TestService.POSTGRES)
class DbResetCommandTest {

    private static final String DB_PASSWORD = "Canary-CliDbPw-3e8a61";

    @TempDir
    Path dir;

    private String name;
    private Path project;
    private Path publicEnv;
    private Path secretEnv;
    private final String host = System.getenv("TEST_PG_HOST");
    private final String port = System.getenv("TEST_PG_PORT");
    private String adminPassword;
    private final Map<String, String> extraEnv = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        // values of other tests' secret files ("prod", "integration") would mask words of our messages
        SecretMasker.global().clear();
        adminPassword = Files.readString(Path.of(System.getenv("TEST_PG_PASSWORD_FILE"))).strip();
        SecureRandom random = new SecureRandom();
        StringBuilder n = new StringBuilder("dbr_cli_");
        for (int i = 0; i < 8; i++) {
            n.append((char) ('a' + random.nextInt(26)));
        }
        name = n.toString();
        project = Projects.copySample(dir.resolve("project"));
        // names in the public file, so the output can show them (values of the secret file are masked)
        publicEnv = dir.resolve("rancher.public.env");
        Files.writeString(publicEnv, "export DB_NAME=" + name + "\nexport DB_USER=" + name + "\nexport RUNNING_ENV=integration\n");
        secretEnv = dir.resolve("rancher.env");
        Files.writeString(secretEnv, "export DB_PASSWORD=" + DB_PASSWORD + "\n");
        useAdmin(adminPassword, port);
    }

    @AfterEach
    void tearDown() throws Exception {
        Cli.useEnvironment(null);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            st.execute("DROP DATABASE IF EXISTS " + name + "_reset WITH (FORCE)");
            st.execute("DROP ROLE IF EXISTS " + name);
        }
    }

    private Connection admin() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", adminPassword);
    }

    private void useAdmin(String password, String adminPort) {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", adminPort);
        env.put("PGUSER", "postgres");
        env.put("PGPASSWORD", password);
        env.putAll(extraEnv);
        Cli.useEnvironment(env);
    }

    private Cli.Result reset(String... extra) {
        String[] base = {"db", "reset", "--project", project.toString(), "--instance", "integration",
                "--public-env-file", publicEnv.toString(), "--env-file", secretEnv.toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void itResetsTheDatabaseAndSaysWhatItDidAndHowLongEachStepTook() {
        Cli.Result first = reset("--yes");
        Cli.Result second = reset("--yes", "--no-force-drop");

        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("create role " + name + " LOGIN with DB_PASSWORD")
                .containsPattern("\\d+\\.\\d\\d s  create new empty database " + name + "_reset")
                .contains("reset done in");
        assertThat(second.code()).as(second.toString()).isZero();
        assertThat(second.out()).contains("drop path: ALLOW_CONNECTIONS false + CONNECTION LIMIT 0, terminate, DROP DATABASE (--no-force-drop)")
                .contains("terminate 0 sessions and drop " + name + ", attempt 1 of 5");
        assertThat(first.all() + second.all()).doesNotContain(DB_PASSWORD).doesNotContain(adminPassword);
    }

    @Test
    void aDryRunPrintsTheStatementsMaskedAndExitsZero() {
        Cli.Result result = reset("--dry-run");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("ALTER ROLE \"" + name + "\" PASSWORD '****';")
                .contains("dry run: nothing was changed.").doesNotContain(DB_PASSWORD);
    }

    @Test
    void aWrongAdminPasswordExitsTwoWithAClearMessage() {
        useAdmin("Canary-WrongAdmin-55aa", port);

        Cli.Result result = reset("--yes");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("rejected the login of PGUSER 'postgres'")
                .contains("check PGUSER and PGPASSWORD").contains("nothing was changed.");
        assertThat(result.all()).doesNotContain("Canary-WrongAdmin-55aa");
    }

    @Test
    void aHostThatAcceptsAndNeverAnswersEndsAtPgconnectTimeoutWithExit2() throws Exception {
        try (RawServer silent = new RawServer(RawServer.hang())) {
            extraEnv.put("PGCONNECT_TIMEOUT", "2");
            useAdmin(adminPassword, Integer.toString(silent.port()));
            long start = System.nanoTime();
            Cli.Result result = reset("--yes");
            assertThat((System.nanoTime() - start) / 1_000_000_000L).as("bounded by loginTimeout, not socketTimeout")
                    .isLessThan(10);
            assertThat(result.code()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("cannot connect to PostgreSQL at " + host + ":" + silent.port())
                    .contains("no answer within PGCONNECT_TIMEOUT 2s").contains("nothing was changed");
            assertThat(result.out()).as("said what it waits for").contains("on " + host + ":" + silent.port());
            assertThat(result.all()).doesNotContain(adminPassword).doesNotContain(DB_PASSWORD);
        }
    }

    @Test
    void aHostThatIsNotPostgresqlIsExit2() throws Exception {
        try (RawServer http = new RawServer(RawServer.answer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))) {
            useAdmin(adminPassword, Integer.toString(http.port()));
            Cli.Result result = reset("--yes");
            assertThat(result.code()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("cannot connect to PostgreSQL at " + host + ":" + http.port())
                    .contains("does not speak the PostgreSQL protocol").contains("nothing was changed");
            assertThat(result.all()).doesNotContain(adminPassword);
        }
    }

    @Test
    void aBadPgconnectTimeoutIsExit2() {
        extraEnv.put("PGCONNECT_TIMEOUT", "0");
        useAdmin(adminPassword, port);
        Cli.Result result = reset("--yes");
        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("PGCONNECT_TIMEOUT '0': expected a number of seconds from 1 to 3600");
    }

    @Test
    void aServerThatIsDownExitsTwoNothingChanged() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        useAdmin(adminPassword, Integer.toString(closed));

        Cli.Result result = reset("--yes");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("cannot connect to PostgreSQL at " + host + ":" + closed)
                .contains("check PGHOST/PGPORT").contains("nothing was changed");
    }

    @Test
    void stopOdooDeactivatesTheOdooServiceInRancherAndLeavesItStopped() {
        String rancherSecret = "Canary-RancherSecret-d41c";
        try (RancherSimulator rancher = RancherSimulator.builder().accessKey("ak-db-reset").secretKey(rancherSecret)
                .transitionDelay(Duration.ofMillis(200)).build().start()) {
            rancher.seedService("acme-odoo-integration", "odoo", "camptocamp/acme_odoo:10.1.0", Map.of());
            rancher.seedService("acme-odoo-integration", "nginx", "nginx:1.25", Map.of());
            extraEnv.put("RANCHER_URL", rancher.baseUrl());
            extraEnv.put("RANCHER_ACCESS_KEY", "ak-db-reset");
            extraEnv.put("RANCHER_SECRET_KEY", rancherSecret);
            useAdmin(adminPassword, port);

            Cli.Result result = reset("--yes", "--stop-odoo");

            assertThat(result.code()).as(result.toString()).isZero();
            assertThat(result.out()).contains("stop odoo through Rancher: deactivated service odoo of stack"
                    + " acme-odoo-integration (was active; left stopped for the deploy that follows)");
            assertThat(rancher.service("acme-odoo-integration", "odoo").orElseThrow().path("state").asText()).isEqualTo("inactive");
            assertThat(rancher.service("acme-odoo-integration", "nginx").orElseThrow().path("state").asText()).isEqualTo("active");
            assertThat(result.all()).doesNotContain(rancherSecret).doesNotContain(DB_PASSWORD);
        }
    }

    @Test
    void stopOdooWithoutRancherVariablesIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
        Cli.Result result = reset("--yes", "--stop-odoo");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("RANCHER_URL is not set").contains("nothing was changed.");
        try (Connection c = admin(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + name + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("role created").isZero();
        }
    }

    @Test
    void prodIsRefusedWithExitTwo() {
        Cli.Result result = Cli.run("db", "reset", "--project", project.toString(), "--instance", "prod",
                "--public-env-file", publicEnv.toString(), "--env-file", secretEnv.toString(), "--yes");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("a production database is never reset").contains("nothing was changed.");
    }

    @Test
    void withoutYesInABuildItRefuses() {
        Cli.Result result = reset();

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("--yes is missing and stdin is not a terminal");
    }
}
