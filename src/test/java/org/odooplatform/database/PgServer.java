package org.odooplatform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** The test PostgreSQL server of scripts/test-services.sh, seen as admin and as an application. */
final class PgServer {

    static final String CLIENT = "acme";

    private static final SecureRandom RANDOM = new SecureRandom();

    final String host = System.getenv("TEST_PG_HOST");
    final int port = Integer.parseInt(System.getenv("TEST_PG_PORT"));
    final String user = System.getenv().getOrDefault("TEST_PG_USER", "postgres");
    final String password;

    PgServer() {
        try {
            password = Files.readString(Path.of(System.getenv("TEST_PG_PASSWORD_FILE"))).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A unique plain name per test: the server is shared by other helpers' tests. */
    static String uniqueName() {
        StringBuilder name = new StringBuilder("dbr_");
        for (int i = 0; i < 10; i++) {
            name.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return name.toString();
    }

    /** The libpq variables of the admin, as the pipeline sets them. */
    Function<String, String> env() {
        return envWith(password, port);
    }

    Function<String, String> envWith(String adminPassword, int adminPort) {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(adminPort));
        env.put("PGUSER", user);
        env.put("PGPASSWORD", adminPassword);
        return env::get;
    }

    Connection admin() throws SQLException {
        return connect("postgres", user, password);
    }

    Connection connect(String database, String role, String rolePassword) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", role);
        props.setProperty("password", rolePassword);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, props);
    }

    /** Runs SQL as admin on the maintenance database. */
    void sql(String sql) throws SQLException {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Creates database and role {@code name} with some data in it, as the old procedure left them. */
    void createProjectDatabase(String name, String rolePassword) throws SQLException {
        sql("CREATE ROLE " + name + " LOGIN PASSWORD '" + rolePassword + "'");
        sql("CREATE DATABASE " + name + " OWNER " + name);
        try (Connection c = connect(name, name, rolePassword); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE res_partner (id serial primary key, name text)");
            st.execute("INSERT INTO res_partner (name) VALUES ('Old data')");
        }
    }

    /** Drops everything a test made, whatever state it was left in. */
    void dropAll(String name) {
        for (String db : new String[] {name, name + "_reset", name + "_new", name + "_tmp"}) {
            try {
                sql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            } catch (SQLException e) {
                // best effort: the next run uses other names
            }
        }
        try {
            sql("DROP ROLE IF EXISTS " + name);
        } catch (SQLException e) {
            // best effort
        }
    }

    /** Databases whose name starts with {@code prefix}. */
    java.util.List<String> databasesStartingWith(String prefix) throws SQLException {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (Connection c = admin(); PreparedStatement st = c.prepareStatement(
                "SELECT datname FROM pg_database WHERE left(datname, length(?)) = ? ORDER BY datname")) {
            st.setString(1, prefix);
            st.setString(2, prefix);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Null when the database does not exist. */
    Map<String, Object> databaseRow(String name) throws SQLException {
        try (Connection c = admin(); PreparedStatement st = c.prepareStatement(
                "SELECT pg_get_userbyid(datdba), datallowconn, datconnlimit, shobj_description(oid, 'pg_database')"
                        + " FROM pg_database WHERE datname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new HashMap<>();
                row.put("owner", rs.getString(1));
                row.put("allowConnections", rs.getBoolean(2));
                row.put("connectionLimit", rs.getInt(3));
                row.put("comment", rs.getString(4));
                return row;
            }
        }
    }

    /** Tables outside the system schemas: zero in a freshly created database. */
    int userTables(String database, String role, String rolePassword) throws SQLException {
        try (Connection c = connect(database, role, rolePassword); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                     + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Clients that connect to {@code database} as its role in a tight loop, like the metrics
     * containers: each connects, runs a query and disconnects, forever, ignoring errors.
     */
    final class Reconnector implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger successes = new AtomicInteger();
        private final AtomicInteger failures = new AtomicInteger();
        private final Thread[] threads;

        Reconnector(String database, String rolePassword, int clients) {
            this(database, rolePassword, clients, 0);
        }

        /**
         * With {@code holdMillis} > 0 each client keeps its session like Odoo's pool or a metrics
         * collector, polling every 10 ms, and reconnects the moment it is terminated.
         */
        Reconnector(String database, String rolePassword, int clients, long holdMillis) {
            threads = new Thread[clients];
            for (int i = 0; i < clients; i++) {
                threads[i] = new Thread(() -> {
                    while (running.get()) {
                        try (Connection c = connect(database, database, rolePassword); Statement st = c.createStatement()) {
                            st.execute("SELECT count(*) FROM pg_class");
                            successes.incrementAndGet();
                            long until = System.nanoTime() + holdMillis * 1_000_000;
                            while (running.get() && System.nanoTime() < until) {
                                Thread.sleep(10);
                                st.execute("SELECT 1");
                            }
                        } catch (SQLException e) {
                            failures.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "reconnector-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }

        int successes() {
            return successes.get();
        }

        int failures() {
            return failures.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
