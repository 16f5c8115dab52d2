package org.odooplatform.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.odooplatform.common.Secret;
import org.odooplatform.database.AdminCredentials;

/**
 * An instance database on the test PostgreSQL (scripts/test-services.sh) as Odoo and marabunta
 * leave one: a role and a database of the same random name (the server is shared: never a fixed
 * name), a few Odoo tables, and {@code marabunta_version} as marabunta's
 * {@code database.MigrationTable.create_if_not_exists} creates it.
 */
final class ClusterDb implements AutoCloseable {

    static final String PASSWORD = DeployFixtures.DB_PASSWORD;
    private static final SecureRandom RANDOM = new SecureRandom();

    final String host = System.getenv("TEST_PG_HOST");
    final int port = Integer.parseInt(System.getenv("TEST_PG_PORT"));
    final String adminUser = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    final String adminPassword;
    final String name;

    ClusterDb() {
        try {
            adminPassword = Files.readString(Path.of(System.getenv("TEST_PG_PASSWORD_FILE"))).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder n = new StringBuilder("dbw_");
        for (int i = 0; i < 10; i++) {
            n.append((char) ('a' + RANDOM.nextInt(26)));
        }
        name = n.toString();
    }

    AdminCredentials admin() {
        return new AdminCredentials(host, port, adminUser, Secret.of(adminPassword));
    }

    /** The libpq variables a pipeline sets for the deploy. */
    Map<String, String> env() {
        return Map.of("PGHOST", host, "PGPORT", Integer.toString(port), "PGUSER", adminUser, "PGPASSWORD", adminPassword);
    }

    /** Points the instance's settings (rancher.env) at this database: DB_NAME = DB_USER = name. */
    void useFor(Path project, String instance) throws IOException {
        Path file = DeployFixtures.secretEnv(project, instance);
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(line.startsWith("export DB_NAME=") ? "export DB_NAME=" + name
                    : line.startsWith("export DB_USER=") ? "export DB_USER=" + name : line);
        }
        Files.write(file, lines);
    }

    /** Role, database owned by it, Odoo-like tables with {@code rows} partners, and the versions done. */
    ClusterDb create(int rows, String... versionsDone) throws SQLException {
        adminSql("CREATE ROLE " + name + " LOGIN PASSWORD '" + PASSWORD + "'", "CREATE DATABASE " + name + " OWNER " + name);
        sql("CREATE TABLE res_partner (id serial PRIMARY KEY, name text, email text)",
                "INSERT INTO res_partner (name, email) SELECT 'Partner ' || i, md5(i::text) || '@example.com'"
                        + " FROM generate_series(1, " + rows + ") i",
                "CREATE TABLE marabunta_version (number VARCHAR NOT NULL, date_start TIMESTAMP NOT NULL,"
                        + " date_done TIMESTAMP, log TEXT, addons TEXT, CONSTRAINT version_pk PRIMARY KEY (number))");
        for (String v : versionsDone) {
            sql("INSERT INTO marabunta_version (number, date_start, date_done, log, addons) VALUES ('" + v
                    + "', now() - interval '1 hour', now(), 'version " + v + ": done', '[]')");
        }
        return this;
    }

    /** What marabunta does when the new image starts and a version migrates: schema and data changed, version recorded. */
    void migrate(String version) {
        try {
            sql("ALTER TABLE res_partner ADD COLUMN phone text",
                    "UPDATE res_partner SET phone = '+41 ' || id, name = upper(name)",
                    "INSERT INTO marabunta_version (number, date_start, date_done, log, addons) VALUES ('" + version
                            + "', now(), now(), 'version " + version + ": done', '[]')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void sql(String... statements) throws SQLException {
        try (Connection c = connect(name, name, PASSWORD); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    void adminSql(String... statements) throws SQLException {
        try (Connection c = connect("postgres", adminUser, adminPassword); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** Every user table's columns and an md5 of all its rows, in order: equal means the same content. */
    Map<String, String> fingerprint() throws SQLException {
        try (Connection c = connect(name, adminUser, adminPassword)) {
            return org.odooplatform.testsupport.DatabaseFingerprint.of(c);
        }
    }

    /** Databases whose name starts with this one's (kept copies, leftovers of a restore). */
    List<String> databases() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connect("postgres", adminUser, adminPassword); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + name + "%' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    Connection connect(String database, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }

    @Override
    public void close() {
        try {
            for (String db : databases()) {
                adminSql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
            adminSql("DROP ROLE IF EXISTS " + name);
        } catch (SQLException e) {
            // best effort: names are random, a leftover harms no other test
        }
    }
}
