package org.odooplatform.jenkins

import com.cloudbees.groovy.cps.NonCPS

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

    /** What databaseCredentialsId is, for the steps' "is required" messages. */
    static final String DATABASE_ADMIN = 'a username/password credential of a PostgreSQL admin role'
    /** What rancherCredentialsId is. */
    static final String RANCHER_KEY = 'a username/password credential holding the Rancher access key and secret key'

    /** What a settings credential of {@code instance} is (the OP_ENV_FILE binding of the CLI's --env-file). */
    @NonCPS
    static String settingsFile(String instance) {
        return "a Secret file credential holding the ${instance} instance's rancher.env".toString()
    }

    /**
     * A message when cfg.stopOdoo is on (the CLI stops the odoo service through Rancher) and the
     * Rancher key or URL is missing, else null; {@code stopOdoo} is how the step names the parameter.
     */
    @NonCPS
    static String stopOdooNeedsRancher(Map cfg, String stopOdoo) {
        return cfg.stopOdoo && (!cfg.rancherCredentialsId || !cfg.rancherUrl) ?
            "${stopOdoo} needs 'rancherCredentialsId' and 'rancherUrl' (or RANCHER_URL)".toString() : null
    }

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

    /** The settings file credential {@code credentialsId} (a rancher.env) as {@code variable}, for CliArgs.credentialFile. */
    static void addSettingsFile(def script, String credentialsId, String variable, List bindings) {
        bindings << script.file(credentialsId: credentialsId, variable: variable)
    }

    /** Runs {@code body} with the bindings bound (withCredentials) and the environment set (withEnv); returns its value. */
    static def withBound(def script, List bindings, List<String> envList, Closure body) {
        return script.withCredentials(bindings) {
            script.withEnv(envList) {
                body()
            }
        }
    }
}
