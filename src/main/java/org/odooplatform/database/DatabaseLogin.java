package org.odooplatform.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.Secret;

/**
 * A login to one database: an instance's own credentials ({@code DB_USER}/{@code DB_PASSWORD} of
 * its settings) on the cluster host of {@code PGHOST}/{@code PGPORT}. Used by JDBC and by
 * pg_dump/pg_restore (which get the password through a PGPASSFILE, never an argument).
 */
public record DatabaseLogin(String host, int port, String database, String user, Secret password) {

    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public DatabaseLogin withDatabase(String name) {
        return new DatabaseLogin(host, port, name, user, password);
    }

    /**
     * Opens a JDBC session. {@code readOnly} makes the server refuse any write in it
     * ({@code default_transaction_read_only}): the fence for sessions on prod.
     */
    public Connection connect(String application, boolean readOnly) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password.reveal());
        props.setProperty("connectTimeout", "10");
        // the whole login, not only the TCP connect: a host that accepts and never answers ends in 10 s
        props.setProperty("loginTimeout", "10");
        props.setProperty("socketTimeout", "300");
        props.setProperty("ApplicationName", application);
        props.setProperty("options", "-c lock_timeout=60s" + (readOnly ? " -c default_transaction_read_only=on" : ""));
        try {
            Connection connection = DriverManager.getConnection("jdbc:postgresql://" + address() + "/" + database, props);
            connection.setReadOnly(readOnly);
            return connection;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String first = e.getMessage() == null ? state : e.getMessage().lines().findFirst().orElse("").trim();
            if (state.equals("28P01") || state.equals("28000")) {
                throw new BadInputException("PostgreSQL at " + address() + " rejected the login of DB_USER '" + user
                        + "' to database " + database + " (" + first + "): check DB_USER and DB_PASSWORD of the settings");
            }
            if (state.equals("3D000")) {
                throw new MissingDatabaseException("database " + database + " does not exist on " + address(), e);
            }
            throw new OperationFailedException("cannot connect to database " + database + " on " + address() + " ("
                    + first + "): check PGHOST/PGPORT and that the server is up", e);
        }
    }

    @Override
    public String toString() {
        return user + "@" + address() + "/" + database;
    }

    /** The database does not exist (SQLSTATE 3D000). */
    public static final class MissingDatabaseException extends OperationFailedException {
        MissingDatabaseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
