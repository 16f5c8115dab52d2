/**
 * Replaces the integration database with a neutralised copy of prod (crons and mail servers off,
 * new database.uuid, integration web.base.url, the project's odoo/neutralise.sql), stopping odoo
 * for the swap, holding the integration stack's lock. Prod is only read. The filestore (S3) is not copied.
 *   refreshIntegrationDb(client: 'acme', settingsCredentialsId: 'acme-integration-settings',
 *                        prodSettingsCredentialsId: 'acme-prod-settings', databaseCredentialsId: 'acme-db-admin',
 *                        rancherCredentialsId: 'acme-rancher')
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.ClusterCredentials
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        client: null,                     // required unless 'stack'
        settingsCredentialsId: null,      // required: Secret file holding the integration rancher.env
        prodSettingsCredentialsId: null,  // required: Secret file holding the prod rancher.env (prod is only read)
        databaseCredentialsId: null,      // required: username/password of a PostgreSQL admin role (PGUSER/PGPASSWORD)
        databaseHost: env.PGHOST,         // PostgreSQL host (PGHOST); the CLI's default when null
        databasePort: env.PGPORT,         // PostgreSQL port (PGPORT); the CLI's default when null
        project: '.',                     // the Odoo project's root directory
        stack: null,                      // integration stack name, when not <client>-odoo-integration
        stopOdoo: true,                   // stop the integration odoo service for the swap (needs rancherCredentialsId)
        rancherCredentialsId: null,       // username/password = Rancher access key / secret key
        rancherUrl: env.RANCHER_URL,      // Rancher API URL
        baseUrl: null,                    // web.base.url of the copy; default https://<DOMAIN_NAME of integration>
        backupDir: null,                  // where the prod dump is kept; the CLI's default when null
        dryRun: false,                    // check everything and change nothing
    ]
    Map cfg = StepParameters.checked(this, 'refreshIntegrationDb', defaults, config) { Map c -> validate(c) }
    String stack = odooPlatformCli(args: CliArgs.stackName(cfg, 'integration')).value
    List<String> envList = []
    List bindings = []
    ClusterCredentials.addDatabaseAdmin(this, cfg, bindings, envList)
    ClusterCredentials.addSettingsFile(this, cfg.settingsCredentialsId, 'OP_ENV_FILE', bindings)
    ClusterCredentials.addSettingsFile(this, cfg.prodSettingsCredentialsId, 'OP_PROD_ENV_FILE', bindings)
    if (cfg.stopOdoo) {
        ClusterCredentials.addRancherKey(this, cfg, bindings, envList)
    }
    lock(resource: "rancher:${stack}") {
        ClusterCredentials.withBound(this, bindings, envList) { odooPlatformCli(args: refreshArgs(cfg)) }
    }
    echo("refreshIntegrationDb: ${cfg.dryRun ? 'planned the refresh of' : 'refreshed'} the database of ${stack}" +
        ' from prod (the filestore on S3 is not copied)')
}

@NonCPS
List refreshArgs(Map cfg) {
    return CliArgs.strings(['db', 'refresh', '--project', cfg.project, '--instance', 'integration',
                            '--env-file', CliArgs.credentialFile('OP_ENV_FILE'), '--from', 'prod',
                            '--from-env-file', CliArgs.credentialFile('OP_PROD_ENV_FILE'), '--yes'] +
        CliArgs.options('--client': cfg.client, '--stack': cfg.stack) +
        CliArgs.flags('--no-stop-odoo': !cfg.stopOdoo) +
        CliArgs.options('--base-url': cfg.baseUrl, '--backup-dir': cfg.backupDir) +
        CliArgs.flags('--dry-run': cfg.dryRun))
}

@NonCPS
String validate(Map cfg) {
    if (!cfg.client && !cfg.stack) {
        return "'client' is required (the stack is <client>-odoo-integration), or give 'stack'"
    }
    String missing = StepParameters.required(cfg, [
        settingsCredentialsId: ClusterCredentials.settingsFile('integration'),
        prodSettingsCredentialsId: ClusterCredentials.settingsFile('prod'),
    ])
    if (missing) {
        return missing
    }
    if (cfg.prodSettingsCredentialsId == cfg.settingsCredentialsId) {
        return "'prodSettingsCredentialsId' and 'settingsCredentialsId' are the same credential: expected prod's and integration's"
    }
    return StepParameters.required(cfg, [databaseCredentialsId: ClusterCredentials.DATABASE_ADMIN]) ?:
        ClusterCredentials.stopOdooNeedsRancher(cfg, "'stopOdoo: true' (the default)")
}
