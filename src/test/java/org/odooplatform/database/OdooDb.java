package org.odooplatform.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.odooplatform.common.Secret;
import org.odooplatform.project.Instance;

/**
 * A small Odoo-shaped database on the test server, as Odoo and marabunta leave one: the tables a
 * refresh neutralises and {@code marabunta_version} exactly as marabunta's
 * {@code database.MigrationTable.create_if_not_exists} creates it.
 */
final class OdooDb {

    static final String PASSWORD = "Canary-OdooDbPw-5d20c7";

    final PgServer pg;
    final String name;

    OdooDb(PgServer pg, String name) {
        this.pg = pg;
        this.name = name;
    }

    InstanceDatabase instance(Instance instance, String stack) {
        return new InstanceDatabase(instance, stack, name, name, Secret.of(PASSWORD));
    }

    AdminCredentials admin() {
        return new AdminCredentials(pg.host, pg.port, pg.user, Secret.of(pg.password));
    }

    /** Role and database owned by it, with Odoo-like tables, {@code rows} partners and the versions done. */
    OdooDb create(int rows, String... versionsDone) throws SQLException {
        pg.sql("CREATE ROLE " + name + " LOGIN PASSWORD '" + PASSWORD + "'");
        pg.sql("CREATE DATABASE " + name + " OWNER " + name);
        sql("CREATE TABLE res_partner (id serial PRIMARY KEY, name text, email text)",
                "INSERT INTO res_partner (name, email) SELECT 'Partner ' || i, md5(i::text) || '@example.com'"
                        + " FROM generate_series(1, " + rows + ") i",
                "CREATE TABLE ir_cron (id serial PRIMARY KEY, name text, active boolean)",
                "INSERT INTO ir_cron (name, active) VALUES ('Send invoices', true), ('Fetch rates', true), ('Old', false)",
                "CREATE TABLE ir_mail_server (id serial PRIMARY KEY, name text, smtp_host text, active boolean)",
                "INSERT INTO ir_mail_server (name, smtp_host, active) VALUES ('Outgoing', 'smtp.example.com', true)",
                "CREATE TABLE ir_config_parameter (id serial PRIMARY KEY, key varchar NOT NULL UNIQUE, value text NOT NULL)",
                "INSERT INTO ir_config_parameter (key, value) VALUES ('database.uuid', 'a0e3c2a4-prod-uuid'),"
                        + " ('web.base.url', 'https://erp.acme.example.com')",
                "CREATE TABLE marabunta_version (number VARCHAR NOT NULL, date_start TIMESTAMP NOT NULL,"
                        + " date_done TIMESTAMP, log TEXT, addons TEXT, CONSTRAINT version_pk PRIMARY KEY (number))");
        for (String v : versionsDone) {
            sql("INSERT INTO marabunta_version (number, date_start, date_done, log, addons) VALUES ('" + v
                    + "', now() - interval '1 hour', now(), 'version " + v + ": done', '[]')");
        }
        return this;
    }

    /** What marabunta does when a version migrates: change the schema and data, record the version. */
    void migrate(String version) throws SQLException {
        sql("ALTER TABLE res_partner ADD COLUMN phone text",
                "UPDATE res_partner SET phone = '+41 ' || id, name = upper(name)",
                "INSERT INTO marabunta_version (number, date_start, date_done, log, addons) VALUES ('" + version
                        + "', now(), now(), 'version " + version + ": done', '[]')");
    }

    void sql(String... statements) throws SQLException {
        sqlIn(name, statements);
    }

    void sqlIn(String database, String... statements) throws SQLException {
        try (Connection c = pg.connect(database, name, PASSWORD); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    /** Every user table's columns and an md5 of its rows, in order: equal means the same content. */
    Map<String, String> fingerprint(String database) throws SQLException {
        try (Connection c = pg.connect(database, pg.user, pg.password)) {
            return org.odooplatform.testsupport.DatabaseFingerprint.of(c);
        }
    }

    String value(String database, String query) throws SQLException {
        try (Connection c = pg.connect(database, pg.user, pg.password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void dropAll() {
        try {
            for (String db : pg.databasesStartingWith(name)) {
                pg.sql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            // best effort
        }
        pg.dropAll(name);
    }

    static Path repo() {
        return Path.of("").toAbsolutePath();
    }
}
