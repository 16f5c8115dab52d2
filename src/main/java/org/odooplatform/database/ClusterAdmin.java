package org.odooplatform.database;

import java.util.List;
import java.util.Optional;
import org.odooplatform.common.Secret;

/**
 * The administrative session on the shared cluster, connected to the maintenance database
 * {@code postgres} (never to the database being reset). {@link PostgresClient} is the real one;
 * tests may wrap it to make one statement fail.
 */
public interface ClusterAdmin extends AutoCloseable {

    /** Opens an admin session; the real factory is {@code PostgresClient::connect}. */
    @FunctionalInterface
    interface Connector {
        ClusterAdmin connect(AdminCredentials credentials);
    }

    ServerVersion version();

    AdminPrivileges privileges();

    Optional<DatabaseInfo> database(String name);

    boolean roleExists(String role);

    /** Names of the databases starting with {@code prefix} (kept copies of a restore), sorted. */
    List<String> databaseNames(String prefix);

    /** Sessions connected to {@code database}, this one excluded. */
    int sessionCount(String database);

    /** Asks every session on {@code database} to terminate; returns how many were signalled. */
    int terminateSessions(String database);

    /**
     * Runs one DDL statement. Callers build it only from names quoted by {@link Sql}; it never
     * contains a secret, so it may be printed as is.
     */
    void execute(String sql);

    /**
     * Creates a LOGIN role with a password, in one transaction. The password is turned into a
     * verifier before it leaves the process, so it reaches neither the wire nor the server log.
     */
    void createLoginRole(String role, Secret password);

    @Override
    void close();
}
