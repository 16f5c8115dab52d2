package org.odooplatform.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.Secret;
import org.postgresql.PGConnection;

/** The one pgjdbc client of the cluster: an admin session on the maintenance database. */
public final class PostgresClient implements ClusterAdmin {

    /** Always the maintenance database: connecting to the target would block its own drop. */
    public static final String MAINTENANCE_DATABASE = "postgres";

    private final Connection connection;
    private final AdminCredentials credentials;

    private PostgresClient(Connection connection, AdminCredentials credentials) {
        this.connection = connection;
        this.credentials = credentials;
    }

    /**
     * Connects as the admin, within {@link AdminCredentials#connectTimeout()} (PGCONNECT_TIMEOUT):
     * pgjdbc's {@code connectTimeout} bounds the TCP connect, {@code loginTimeout} the whole
     * start-up (a host that accepts and never answers, or is not PostgreSQL, would otherwise hold
     * the login until {@code socketTimeout}). A rejected login or a server that cannot be reached is
     * exit 2: nothing was changed.
     */
    public static PostgresClient connect(AdminCredentials credentials) {
        Properties props = new Properties();
        props.setProperty("user", credentials.user());
        props.setProperty("password", credentials.password().reveal());
        String seconds = Long.toString(Math.max(1, credentials.connectTimeout().toSeconds()));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        // once logged in, a statement may take long (a DROP waiting for sessions to end), never forever
        props.setProperty("socketTimeout", "600");
        props.setProperty("ApplicationName", "odoo-platform db reset");
        // a DDL statement waiting on a lock must not hang the pipeline forever
        props.setProperty("options", "-c lock_timeout=60s");
        String url = "jdbc:postgresql://" + credentials.address() + "/" + MAINTENANCE_DATABASE;
        try {
            Connection connection = DriverManager.getConnection(url, props);
            connection.setAutoCommit(true);
            return new PostgresClient(connection, credentials);
        } catch (SQLException e) {
            throw connectFailure(credentials, e);
        }
    }

    private static RuntimeException connectFailure(AdminCredentials credentials, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = credentials.address();
        if (state.equals("28P01") || state.equals("28000")) {
            return new BadInputException("PostgreSQL at " + where + " rejected the login of PGUSER '" + credentials.user()
                    + "' (" + firstLine(e) + "): check PGUSER and PGPASSWORD (the cluster admin credential)");
        }
        if (state.equals("3D000")) {
            return new PreconditionException("PostgreSQL at " + where + " has no maintenance database '"
                    + MAINTENANCE_DATABASE + "': db reset connects there, never to the database it resets");
        }
        // no change was made yet: like bad configuration, exit 2 (the host or port is wrong, or it is down)
        return new BadInputException("cannot connect to PostgreSQL at " + where + " (" + describe(e, credentials)
                + "): check PGHOST/PGPORT and that the server is up, then run again", e);
    }

    private static String describe(SQLException e, AdminCredentials credentials) {
        String first = firstLine(e);
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (first.contains("timed out") || first.contains("imed out") || state.equals("08001") && first.contains("attempt")) {
            return first + "; no answer within PGCONNECT_TIMEOUT " + credentials.connectTimeout().toSeconds() + "s";
        }
        if (state.equals("08P01") || first.contains("protocol") || first.contains("does not support SSL")
                || first.contains("EOF")) {
            return first + "; the server there does not speak the PostgreSQL protocol";
        }
        return first;
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).trim();
    }

    @Override
    public ServerVersion version() {
        return query("read the server version", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
                rs.next();
                return new ServerVersion(rs.getInt(1), rs.getString(2));
            }
        });
    }

    @Override
    public AdminPrivileges privileges() {
        return query("read the admin's privileges", c -> {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole,"
                         + " CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pg_signal_backend')"
                         + " THEN pg_has_role(current_user, 'pg_signal_backend', 'MEMBER') ELSE false END"
                         + " FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                return new AdminPrivileges(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4));
            }
        });
    }

    @Override
    public Optional<DatabaseInfo> database(String name) {
        return query("read database " + name, c -> {
            String owner;
            String encoding;
            String collate;
            String ctype;
            boolean allow;
            int limit;
            String comment;
            boolean defaultAcl;
            try (PreparedStatement st = c.prepareStatement("SELECT pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding),"
                    + " d.datcollate, d.datctype, d.datallowconn, d.datconnlimit, shobj_description(d.oid, 'pg_database'),"
                    + " d.datacl IS NULL FROM pg_database d WHERE d.datname = ?")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    owner = rs.getString(1);
                    encoding = rs.getString(2);
                    collate = rs.getString(3);
                    ctype = rs.getString(4);
                    allow = rs.getBoolean(5);
                    limit = rs.getInt(6);
                    comment = rs.getString(7);
                    defaultAcl = rs.getBoolean(8);
                }
            }
            List<DatabaseInfo.Grant> grants = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,"
                    + " a.privilege_type, a.is_grantable FROM pg_database d, aclexplode(d.datacl) a"
                    + " WHERE d.datname = ? AND a.grantee <> d.datdba ORDER BY 1 NULLS FIRST, 2")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        grants.add(new DatabaseInfo.Grant(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
                    }
                }
            }
            return Optional.of(new DatabaseInfo(name, owner, encoding, collate, ctype, allow, limit, comment, defaultAcl, grants));
        });
    }

    @Override
    public boolean roleExists(String role) {
        return query("look up role " + role, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                st.setString(1, role);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public List<String> databaseNames(String prefix) {
        return query("list the databases starting with " + prefix, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT datname FROM pg_database WHERE left(datname, length(?)) = ? ORDER BY datname")) {
                st.setString(1, prefix);
                st.setString(2, prefix);
                try (ResultSet rs = st.executeQuery()) {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                    return names;
                }
            }
        });
    }

    @Override
    public int sessionCount(String database) {
        return query("count the sessions on " + database, c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                st.setString(1, database);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public int terminateSessions(String database) {
        return query("terminate the sessions on " + database, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                    + " FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                st.setString(1, database);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public void execute(String sql) {
        query(sql, c -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
                return null;
            }
        });
    }

    @Override
    public void createLoginRole(String role, Secret password) {
        ServerVersion version = version();
        String encryption = version.supportsScram() ? passwordEncryption() : "md5";
        query("create role " + role, c -> {
            c.setAutoCommit(false);
            char[] chars = password.reveal().toCharArray();
            try (Statement st = c.createStatement()) {
                st.execute("CREATE ROLE " + Sql.identifier(role) + " LOGIN");
                c.unwrap(PGConnection.class).alterUserPassword(role, chars, encryption);
                c.commit();
                return null;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                Arrays.fill(chars, '\0');
                c.setAutoCommit(true);
            }
        });
    }

    private String passwordEncryption() {
        String value = query("read password_encryption", c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW password_encryption")) {
                rs.next();
                return rs.getString(1);
            }
        });
        return "md5".equalsIgnoreCase(value) ? "md5" : "scram-sha-256";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a broken session has nothing left to clean up
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T query(String what, Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            String state = e.getSQLState();
            String hint = state != null && state.startsWith("08")
                    ? ": the connection to " + credentials.address() + " was lost"
                    : "";
            throw new DatabaseOperationException("PostgreSQL refused '" + what + "': " + firstLine(e)
                    + (state == null ? "" : " [SQLSTATE " + state + "]") + hint, state, e);
        }
    }
}
