/**
 * Deploys one instance's Rancher stack with the given image, holding lock('rancher:<stack>').
 * On the test stack the newest build wins (milestones abort older waiting builds); integration
 * and prod deploy strictly first-in-first-out and are never cancelled. Values (instance, image,
 * timeout, stack...) are checked by the CLI, whose message the step reports.
 *   deployRancherStack(client: 'acme', instance: 'test', image: digest, rancherCredentialsId: 'acme-rancher',
 *                      settingsCredentialsId: 'acme-test-settings', recreateDatabase: true)
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.ClusterCredentials
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        client: null,                 // the client's short name, unless .odoo-platform.yml says it
        instance: null,               // required: test, integration or prod
        image: null,                  // required: REPO@sha256:... (preferred) or REPO:TAG
        rancherCredentialsId: null,   // required: username/password = Rancher access key / secret key
        settingsCredentialsId: null,  // required: Secret file holding the instance's rancher.env
        rancherUrl: env.RANCHER_URL,  // Rancher API URL (a global env var of the controller by default)
        project: '.',                 // the Odoo project's root directory
        publicSettingsFile: null,     // committed non-secret settings (rancher.public.env), read first
        stack: null,                  // stack name, when neither .odoo-platform.yml nor <client>-odoo-<instance>
        recreateDatabase: false,      // test stack: drop and recreate the db service
        timeout: '15m',               // how long to wait for the new containers to become healthy
        onPending: null,              // finish, rollback or fail: what to do with an upgrade left pending
        dryRun: false,                // print the plan and change nothing
        requireSameAs: null,          // 'integration': refuse unless that instance runs the same image
        approvedBy: null,             // recorded on the stack (prod)
        triggeredBy: env.BUILD_URL ?: env.BUILD_TAG,  // recorded on the stack
        commit: env.GIT_COMMIT,       // recorded on the stack
        newestWins: null,             // default: true on test, false (FIFO) elsewhere
        databaseCredentialsId: null,  // integration/prod: username/password of the cluster admin (PGUSER/PGPASSWORD):
                                      // the migration check, the backup before a migrating upgrade, the restore on rollback
        databaseHost: env.PGHOST,     // the cluster's host (PGHOST)
        noBackup: false,              // --no-backup (recorded; prod needs approvedBy); without database credentials prod needs it
        lock: true,                   // false: the caller already holds lock('rancher:<stack>') (locks do not nest)
    ]
    Map cfg = StepParameters.checked(this, 'deployRancherStack', defaults, config) { Map c -> validate(c) }
    String stack = odooPlatformCli(args: CliArgs.stackName(cfg, cfg.instance as String)).value
    boolean newestWins = cfg.newestWins == null ? cfg.instance == 'test' : cfg.newestWins
    String output = ''
    List bindings = []
    List<String> envList = []
    ClusterCredentials.addRancherKey(this, cfg, bindings, envList)
    ClusterCredentials.addSettingsFile(this, cfg.settingsCredentialsId, 'OP_ENV_FILE', bindings)
    if (cfg.databaseCredentialsId) {
        // the cluster admin: migration check, backup before a migrating upgrade, restore on rollback
        ClusterCredentials.addDatabaseAdmin(this, cfg, bindings, envList)
    }
    Closure deploy = {
        output = ClusterCredentials.withBound(this, bindings, envList) {
            odooPlatformCli(args: deployArgs(cfg)).stdout
        }
    }
    if (!cfg.lock) {
        deploy()
    } else {
        if (newestWins) {
            milestone(label: "deploy ${stack}: waiting")
        }
        lock(resource: "rancher:${stack}", inversePrecedence: newestWins) {
            if (newestWins) {
                // a newer build that reached this point first makes this one abort here
                milestone(label: "deploy ${stack}: locked")
            }
            deploy()
        }
    }
    echo("deployRancherStack: ${cfg.dryRun ? 'planned' : 'deployed'} ${cfg.image} on ${stack}")
    return [instance: cfg.instance, stack: stack, image: cfg.image, output: output]
}

@NonCPS
List deployArgs(Map cfg) {
    return CliArgs.strings(['deploy', '--project', cfg.project, '--instance', cfg.instance,
                            '--env-file', CliArgs.credentialFile('OP_ENV_FILE')] +
        CliArgs.options('--public-env-file': cfg.publicSettingsFile) + ['--image', cfg.image] +
        CliArgs.options('--client': cfg.client, '--stack': cfg.stack) +
        CliArgs.flags('--recreate-db': cfg.recreateDatabase, '--dry-run': cfg.dryRun) + ['--timeout', cfg.timeout] +
        CliArgs.options('--on-pending': cfg.onPending, '--commit': cfg.commit,
                        '--triggered-by': cfg.triggeredBy, '--approved-by': cfg.approvedBy,
                        '--require-same-as': cfg.requireSameAs) +
        CliArgs.flags('--no-backup': cfg.noBackup))
}

/** Only what the CLI cannot know: unknown keys, and where the credentials and the Rancher URL come from. */
@NonCPS
String validate(Map cfg) {
    String missing = StepParameters.required(cfg, [
        instance: 'test, integration or prod',
        rancherCredentialsId: ClusterCredentials.RANCHER_KEY,
        settingsCredentialsId: ClusterCredentials.settingsFile(cfg.instance as String),
    ])
    if (missing) {
        return missing
    }
    if (!cfg.rancherUrl) {
        return "'rancherUrl' is required (or set RANCHER_URL globally): the Rancher API URL"
    }
    return null
}
