/**
 * Drops and recreates the integration database (on the shared PostgreSQL cluster), holding the
 * integration stack's lock so no deploy runs meanwhile.
 *   resetIntegrationDb(client: 'acme', settingsCredentialsId: 'acme-integration-settings',
 *                      databaseCredentialsId: 'acme-db-admin', databaseHost: 'db.example.com')
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.ClusterCredentials
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        client: null,                 // the client's short name, unless .odoo-platform.yml says it
        settingsCredentialsId: null,  // required: Secret file holding the integration rancher.env
        databaseCredentialsId: null,  // required: username/password of a PostgreSQL admin role (PGUSER/PGPASSWORD)
        databaseHost: env.PGHOST,     // PostgreSQL host (PGHOST); the CLI's default when null
        databasePort: env.PGPORT,     // PostgreSQL port (PGPORT); the CLI's default when null
        project: '.',                 // the Odoo project's root directory
        stack: null,                  // stack name, when neither .odoo-platform.yml nor <client>-odoo-integration
        stopOdoo: false,              // stop the odoo service during the reset (needs rancherCredentialsId)
        rancherCredentialsId: null,   // username/password = Rancher access key / secret key (with stopOdoo)
        rancherUrl: env.RANCHER_URL,  // Rancher API URL (with stopOdoo)
        dryRun: false,                // print what would be dropped and change nothing
        lock: true,                   // false: the caller already holds lock('rancher:<stack>') (odooPipeline: reset + deploy)
    ]
    Map cfg = StepParameters.checked(this, 'resetIntegrationDb', defaults, config) { Map c -> validate(c) }
    String stack = odooPlatformCli(args: CliArgs.stackName(cfg, 'integration')).value
    List<String> envList = []
    List bindings = []
    ClusterCredentials.addDatabaseAdmin(this, cfg, bindings, envList)
    ClusterCredentials.addSettingsFile(this, cfg.settingsCredentialsId, 'OP_ENV_FILE', bindings)
    if (cfg.stopOdoo) {
        ClusterCredentials.addRancherKey(this, cfg, bindings, envList)
    }
    Closure reset = {
        ClusterCredentials.withBound(this, bindings, envList) { odooPlatformCli(args: resetArgs(cfg)) }
    }
    if (cfg.lock) {
        lock(resource: "rancher:${stack}") {
            reset()
        }
    } else {
        reset()
    }
    echo("resetIntegrationDb: ${cfg.dryRun ? 'planned the reset of' : 'reset'} the database of ${stack}")
}

@NonCPS
List resetArgs(Map cfg) {
    return CliArgs.strings(['db', 'reset', '--project', cfg.project, '--instance', 'integration',
                            '--env-file', CliArgs.credentialFile('OP_ENV_FILE'), '--yes'] +
        CliArgs.options('--client': cfg.client, '--stack': cfg.stack) +
        CliArgs.flags('--stop-odoo': cfg.stopOdoo, '--dry-run': cfg.dryRun))
}

/** Only what the CLI cannot know: unknown keys, and which credentials to bind. */
@NonCPS
String validate(Map cfg) {
    return StepParameters.required(cfg, [settingsCredentialsId: ClusterCredentials.settingsFile('integration'),
                                         databaseCredentialsId: ClusterCredentials.DATABASE_ADMIN]) ?:
        ClusterCredentials.stopOdooNeedsRancher(cfg, "'stopOdoo: true'")
}
