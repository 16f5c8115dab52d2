package org.odooplatform.database;

import java.io.PrintWriter;

/** The outside world of a reset: the cluster, Rancher (for {@code --stop-odoo}), the terminal, the console. */
public record ResetClients(ClusterAdmin.Connector cluster, OdooServiceControl odoo, Confirmation confirmation,
                           PrintWriter out) {

    /** The real cluster, no Rancher, no terminal. */
    public static ResetClients of(PrintWriter out) {
        return new ResetClients(PostgresClient::connect, OdooServiceControl.NONE, Confirmation.NONE, out);
    }

    public ResetClients withCluster(ClusterAdmin.Connector value) {
        return new ResetClients(value, odoo, confirmation, out);
    }

    public ResetClients withOdoo(OdooServiceControl value) {
        return new ResetClients(cluster, value, confirmation, out);
    }

    public ResetClients withConfirmation(Confirmation value) {
        return new ResetClients(cluster, odoo, value, out);
    }
}
