package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/** {@code db backup|list-backups|restore|refresh} end to end, in-process, against the test PostgreSQL server. */
@NeedsServices(TestService.POSTGRES)
class DbBackupCommandsTest {

    private static final String PROD_PW = "Canary-ProdDbPw-91ab3e";
    private static final String INT_PW = "Canary-IntDbPw-4f7d20";

    @TempDir
    Path dir;

    private final String host = System.getenv("TEST_PG_HOST");
    private final String port = System.getenv("TEST_PG_PORT");
    private String adminPassword;
    private String prod;
    private String integration;
    private Path project;
    private Path backups;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        SecretMasker.global().clear();
        adminPassword = Files.readString(Path.of(System.getenv("TEST_PG_PASSWORD_FILE"))).strip();
        prod = name();
        integration = name();
        project = Projects.copySample(dir.resolve("project"));
        backups = dir.resolve("backups");
        // names in public files so the output can show them (values of secret files are masked)
        env("prod.public.env", "DB_NAME=" + prod, "DB_USER=" + prod, "RUNNING_ENV=prod");
        env("prod.env", "DB_PASSWORD=" + PROD_PW);
        env("integration.public.env", "DB_NAME=" + integration, "DB_USER=" + integration, "RUNNING_ENV=integration",
                "DOMAIN_NAME=integration.example.com");
        env("integration.env", "DB_PASSWORD=" + INT_PW);
        createOdooDb(prod, PROD_PW, "10.1.0");
        createOdooDb(integration, INT_PW, "10.0.0");
        Map<String, String> vars = new HashMap<>();
        vars.put("PGHOST", host);
        vars.put("PGPORT", port);
        vars.put("PGUSER", "postgres");
        vars.put("PGPASSWORD", adminPassword);
        vars.put("PATH", System.getenv("PATH"));
        Cli.useEnvironment(vars);
    }

    @AfterEach
    void tearDown() throws Exception {
        Cli.useEnvironment(null);
        try (Connection c = admin(); Statement st = c.createStatement()) {
            for (String n : created) {
                List<String> dbs = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + n + "%'")) {
                    while (rs.next()) {
                        dbs.add(rs.getString(1));
                    }
                }
                for (String db : dbs) {
                    st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                }
                st.execute("DROP ROLE IF EXISTS " + n);
            }
        }
    }

    private String name() {
        SecureRandom random = new SecureRandom();
        StringBuilder n = new StringBuilder("dbb_cli_");
        for (int i = 0; i < 8; i++) {
            n.append((char) ('a' + random.nextInt(26)));
        }
        created.add(n.toString());
        return n.toString();
    }

    private void env(String file, String... lines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            text.append("export ").append(l).append('\n');
        }
        Files.writeString(dir.resolve(file), text.toString());
    }

    private Connection admin() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", "postgres", adminPassword);
    }

    private void createOdooDb(String db, String password, String version) throws Exception {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute("CREATE ROLE " + db + " LOGIN PASSWORD '" + password + "'");
            st.execute("CREATE DATABASE " + db + " OWNER " + db);
        }
        sqlIn(db, db, password,
                "CREATE TABLE res_partner (id serial PRIMARY KEY, name text)",
                "INSERT INTO res_partner (name) SELECT 'Partner ' || i FROM generate_series(1, 200) i",
                "CREATE TABLE ir_cron (id serial PRIMARY KEY, active boolean)", "INSERT INTO ir_cron (active) VALUES (true)",
                "CREATE TABLE ir_mail_server (id serial PRIMARY KEY, active boolean)",
                "INSERT INTO ir_mail_server (active) VALUES (true)",
                "CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar UNIQUE, value text)",
                "CREATE TABLE marabunta_version (number VARCHAR NOT NULL, date_start TIMESTAMP NOT NULL,"
                        + " date_done TIMESTAMP, log TEXT, addons TEXT, CONSTRAINT version_pk PRIMARY KEY (number))",
                "INSERT INTO marabunta_version VALUES ('setup', now(), now(), '', '[]'), ('" + version + "', now(), now(), '', '[]')");
    }

    private void sqlIn(String db, String role, String password, String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db, role, password);
             Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private String value(String db, String query) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + db, "postgres",
                adminPassword); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Cli.Result db(String command, String instance, String... extra) {
        List<String> args = new ArrayList<>(List.of("db", command, "--project", project.toString(), "--instance", instance,
                "--public-env-file", dir.resolve(instance + ".public.env").toString(),
                "--env-file", dir.resolve(instance + ".env").toString(), "--backup-dir", backups.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void backupListAndRestoreOfAMigratedDatabase() throws Exception {
        Cli.Result dry = db("backup", "prod", "--dry-run");
        Cli.Result backup = db("backup", "prod");
        sqlIn(prod, prod, PROD_PW, "UPDATE res_partner SET name = upper(name)",
                "INSERT INTO marabunta_version VALUES ('10.2.0', now(), now(), '', '[]')");
        String file;
        try (Stream<Path> files = Files.list(backups)) {
            file = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dump")).findFirst().orElseThrow();
        }
        Cli.Result list = Cli.run("db", "list-backups", "--project", project.toString(), "--instance", "prod",
                "--backup-dir", backups.toString());
        Cli.Result noApprover = db("restore", "prod", "--backup", file, "--yes");
        String versionsAfterRefusal = value(prod, "SELECT count(*) FROM marabunta_version");
        Cli.Result restore = db("restore", "prod", "--backup", file, "--yes", "--approved-by", "jane.doe");

        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("database " + prod + " is at version 10.1.0 (2 versions recorded)")
                .contains("the project's migration.yml").contains("would write " + backups.resolve("acme-odoo-prod_10.1.0_"))
                .contains("dry run: nothing was changed.");
        assertThat(backup.code()).as(backup.toString()).isZero();
        assertThat(backup.out()).contains("backup written: " + backups.resolve(file))
                .containsPattern("backup " + file.replace(".", "\\.") + " \\(\\d+\\.\\d KiB, \\d+\\.\\d s, sha256 [0-9a-f]{64}\\)");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("1 backup of acme-odoo-prod in " + backups).contains(file).contains("db backup by hand");
        assertThat(noApprover.code()).isEqualTo(2);
        assertThat(noApprover.err()).contains("prod is the target: a restore replaces the production database; give --approved-by NAME");
        assertThat(versionsAfterRefusal).isEqualTo("3");
        assertThat(restore.code()).as(restore.toString()).isZero();
        assertThat(restore.out()).contains("db restore approved by jane.doe of " + file).contains("the replaced database is kept as " + prod + "_");
        assertThat(value(prod, "SELECT count(*) FROM marabunta_version")).isEqualTo("2");
        assertThat(value(prod, "SELECT count(*) FROM res_partner WHERE name = 'Partner 1'")).isEqualTo("1");
        String all = dry.all() + backup.all() + list.all() + noApprover.all() + restore.all();
        assertThat(all).doesNotContain(PROD_PW).doesNotContain(adminPassword);
    }

    @Test
    void aDamagedBackupAnotherStacksBackupAndAMissingYesAreBadInputAndChangeNothing() throws Exception {
        assertThat(db("backup", "integration").code()).isZero();
        String file;
        try (Stream<Path> files = Files.list(backups)) {
            file = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dump")).findFirst().orElseThrow();
        }
        Cli.Result otherStack = db("restore", "prod", "--backup", file, "--yes", "--approved-by", "jane");
        Cli.Result noYes = db("restore", "integration", "--backup", file);
        // stopping prod's odoo for an integration restore: refused before Rancher or the database is touched
        Cli.Result prodStack = db("restore", "integration", "--backup", file, "--yes", "--stop-odoo", "--stack", "acme-odoo-prod");
        try (RandomAccessFile f = new RandomAccessFile(backups.resolve(file).toFile(), "rw")) {
            f.seek(f.length() - 10);
            f.write('X');
        }
        Cli.Result damaged = db("restore", "integration", "--backup", file, "--yes");

        assertThat(otherStack.code()).isEqualTo(2);
        assertThat(otherStack.err()).contains("backup " + file + " is of stack acme-odoo-integration, not acme-odoo-prod");
        assertThat(prodStack.code()).as(prodStack.toString()).isEqualTo(2);
        assertThat(prodStack.err()).contains("acme-odoo-prod").contains("nothing was changed");
        assertThat(noYes.code()).isEqualTo(2);
        assertThat(noYes.err()).contains("--yes is missing: db restore replaces database " + integration);
        assertThat(damaged.code()).as(damaged.toString()).isEqualTo(2);
        assertThat(damaged.err()).contains("does not match its checksum").contains("nothing was changed");
        assertThat(value("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE '" + integration + "%'")).isEqualTo("1");
    }

    @Test
    void refreshCopiesProdIntoIntegrationNeutralisedAndRefusesProdAsTarget() throws Exception {
        Cli.Result prodTarget = Cli.run("db", "refresh", "--project", project.toString(), "--instance", "prod",
                "--env-file", dir.resolve("prod.env").toString(), "--from", "prod",
                "--from-env-file", dir.resolve("prod.env").toString(), "--yes");
        Cli.Result dry = db("refresh", "integration", "--from", "prod", "--from-env-file", dir.resolve("prod.env").toString(),
                "--from-public-env-file", dir.resolve("prod.public.env").toString(), "--no-stop-odoo", "--dry-run");
        Cli.Result refresh = db("refresh", "integration", "--from", "prod", "--from-env-file", dir.resolve("prod.env").toString(),
                "--from-public-env-file", dir.resolve("prod.public.env").toString(), "--no-stop-odoo", "--yes");

        assertThat(prodTarget.code()).isEqualTo(2);
        assertThat(prodTarget.err()).contains("db refresh writes the integration instance only, not prod: prod is never the target of a refresh");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).contains("would dump " + prod + " as " + prod + " (read-only)").contains("dry run: nothing was changed.");
        assertThat(refresh.code()).as(refresh.toString()).isZero();
        assertThat(refresh.out()).contains("note: the filestore (attachments on S3) is not copied")
                .contains("web.base.url set to https://integration.example.com")
                .contains("integration database " + integration + " is a neutralised copy of prod at version 10.1.0");
        assertThat(value(integration, "SELECT count(*) FROM ir_cron WHERE active")).isEqualTo("0");
        assertThat(value(integration, "SELECT string_agg(number, ',' ORDER BY number) FROM marabunta_version")).isEqualTo("10.1.0,setup");
        assertThat(value(prod, "SELECT count(*) FROM ir_cron WHERE active")).isEqualTo("1");
        assertThat(prodTarget.all() + dry.all() + refresh.all()).doesNotContain(PROD_PW).doesNotContain(INT_PW)
                .doesNotContain(adminPassword);
    }
}
