package org.odooplatform.database;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * The outside world of backup, restore and refresh: the cluster (admin session), the client
 * programs of the server's version, Rancher (to stop odoo) and the console.
 */
public record DatabaseClients(ClusterAdmin.Connector cluster, Function<ServerVersion, PgTools> tools,
                              OdooServiceControl odoo, PrintWriter out) {

    /** The real cluster, tools found in {@code pgBin} (or the usual places), no Rancher. */
    public static DatabaseClients of(Optional<Path> pgBin, Function<String, String> env, PrintWriter out) {
        return new DatabaseClients(PostgresClient::connect, server -> PgTools.locate(pgBin, server, env),
                OdooServiceControl.NONE, out);
    }

    public DatabaseClients withCluster(ClusterAdmin.Connector value) {
        return new DatabaseClients(value, tools, odoo, out);
    }

    public DatabaseClients withOdoo(OdooServiceControl value) {
        return new DatabaseClients(cluster, tools, value, out);
    }
}
