package org.odooplatform.jenkins

/**
 * The credential bindings and environment a step gives the CLI to reach the cluster: the
 * PostgreSQL cluster admin (resetIntegrationDb, refreshIntegrationDb, deployRancherStack on
 * integration/prod) and the Rancher API key. One place for the variable names the CLI reads
 * (PGUSER/PGPASSWORD, PGHOST/PGPORT, RANCHER_ACCESS_KEY/RANCHER_SECRET_KEY, RANCHER_URL).
 *
 * Secrets only ever travel as withCredentials bindings: this class adds binding descriptions
 * (credential ids and variable names) and non-secret values (host, port, URL) to the lists the
 * step passes to withCredentials and withEnv; it never reads a secret, so none can reach a
 * script text or a log line. Not @NonCPS: it calls the usernamePassword binding of the script.
 */
class ClusterCredentials implements Serializable {

    private static final long serialVersionUID = 1L

    /**
     * The cluster admin role from cfg.databaseCredentialsId as PGUSER/PGPASSWORD, and
     * cfg.databaseHost / cfg.databasePort (when set) as PGHOST / PGPORT.
     */
    static void addDatabaseAdmin(def script, Map cfg, List bindings, List<String> envList) {
        bindings << script.usernamePassword(credentialsId: cfg.databaseCredentialsId,
            usernameVariable: 'PGUSER', passwordVariable: 'PGPASSWORD')
        if (cfg.databaseHost) {
            envList << "PGHOST=${cfg.databaseHost}".toString()
        }
        if (cfg.databasePort) {
            envList << "PGPORT=${cfg.databasePort}".toString()
        }
    }

    /** The Rancher API key from cfg.rancherCredentialsId as RANCHER_ACCESS_KEY/RANCHER_SECRET_KEY, and RANCHER_URL. */
    static void addRancherKey(def script, Map cfg, List bindings, List<String> envList) {
        bindings << script.usernamePassword(credentialsId: cfg.rancherCredentialsId,
            usernameVariable: 'RANCHER_ACCESS_KEY', passwordVariable: 'RANCHER_SECRET_KEY')
        envList << "RANCHER_URL=${cfg.rancherUrl}".toString()
    }
}
