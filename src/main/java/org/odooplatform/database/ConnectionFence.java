package org.odooplatform.database;

/**
 * Keeps every client out of a database without touching its content: {@code ALLOW_CONNECTIONS
 * false} (refused even to superusers) and the open sessions terminated. A deploy that rolls back
 * after a migration fences the migrated database first, so the old code Rancher's rollback starts
 * can never write to it; the restore then renames it away (keeping it fenced) and puts the backup
 * in its place.
 */
public final class ConnectionFence {

    private ConnectionFence() {
    }

    /** Blocks new connections to {@code database} and terminates its sessions; returns how many were ended. */
    public static int block(AdminCredentials credentials, ClusterAdmin.Connector cluster, String database) {
        try (ClusterAdmin admin = cluster.connect(credentials)) {
            admin.execute("ALTER DATABASE " + Sql.identifier(database) + " WITH ALLOW_CONNECTIONS false");
            return admin.terminateSessions(database);
        }
    }

    /** Lets clients in again (when the fenced database turns out to stay in use). */
    public static void unblock(AdminCredentials credentials, ClusterAdmin.Connector cluster, String database) {
        try (ClusterAdmin admin = cluster.connect(credentials)) {
            admin.execute("ALTER DATABASE " + Sql.identifier(database) + " WITH ALLOW_CONNECTIONS true");
        }
    }
}
