package org.odooplatform.database;

import java.util.Optional;
import java.util.function.Predicate;
import org.odooplatform.common.Secret;

/** The real admin session, with the statements a test picks made to fail as the server would. */
final class FaultyAdmin implements ClusterAdmin {

    private final ClusterAdmin real;
    private final Predicate<String> fails;
    private final String sqlState;

    FaultyAdmin(ClusterAdmin real, Predicate<String> fails, String sqlState) {
        this.real = real;
        this.fails = fails;
        this.sqlState = sqlState;
    }

    static Connector around(Connector real, Predicate<String> fails, String sqlState) {
        return credentials -> new FaultyAdmin(real.connect(credentials), fails, sqlState);
    }

    @Override
    public void execute(String sql) {
        if (fails.test(sql)) {
            throw new DatabaseOperationException("PostgreSQL refused '" + sql + "': injected failure [SQLSTATE "
                    + sqlState + "]", sqlState, null);
        }
        real.execute(sql);
    }

    @Override
    public ServerVersion version() {
        return real.version();
    }

    @Override
    public AdminPrivileges privileges() {
        return real.privileges();
    }

    @Override
    public Optional<DatabaseInfo> database(String name) {
        return real.database(name);
    }

    @Override
    public boolean roleExists(String role) {
        return real.roleExists(role);
    }

    @Override
    public java.util.List<String> databaseNames(String prefix) {
        return real.databaseNames(prefix);
    }

    @Override
    public int sessionCount(String database) {
        return real.sessionCount(database);
    }

    @Override
    public int terminateSessions(String database) {
        return real.terminateSessions(database);
    }

    @Override
    public void createLoginRole(String role, Secret password) {
        real.createLoginRole(role, password);
    }

    @Override
    public void close() {
        real.close();
    }
}
