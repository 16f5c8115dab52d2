/**
 * Deploys one instance's Rancher stack with the given image, holding lock('rancher:<stack>').
 * On the test stack the newest build wins (milestones abort older waiting builds); integration
 * and prod deploy strictly first-in-first-out and are never cancelled.
 *   deployRancherStack(client: 'acme', instance: 'test', image: digest, rancherCredentialsId: 'acme-rancher',
 *                      settingsCredentialsId: 'acme-test-settings', recreateDatabase: true)
 */
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        client: null,                 // required unless 'stack': stacks are <client>-odoo-<instance>
        instance: null,               // required: test, integration or prod
        image: null,                  // required: REPO@sha256:... (preferred) or REPO:TAG
        rancherCredentialsId: null,   // required: username/password = Rancher access key / secret key
        settingsCredentialsId: null,  // required: Secret file holding the instance's rancher.env
        rancherUrl: env.RANCHER_URL,  // Rancher API URL (a global env var of the controller by default)
        project: '.',                 // the Odoo project's root directory
        publicSettingsFile: null,     // committed non-secret settings (rancher.public.env), read first
        stack: null,                  // stack name, when not <client>-odoo-<instance>
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
    ]
    String problem = validate(defaults, config)
    if (problem) {
        error("deployRancherStack: ${problem}")
    }
    Map cfg = defaults + config
    String stack = cfg.stack ?: "${cfg.client}-odoo-${cfg.instance}"
    boolean newestWins = cfg.newestWins == null ? cfg.instance == 'test' : cfg.newestWins
    List<String> args = deployArgs(cfg)
    String output = ''
    if (newestWins) {
        milestone(label: "deploy ${stack}: waiting")
    }
    lock(resource: "rancher:${stack}", inversePrecedence: newestWins) {
        if (newestWins) {
            // a newer build that reached this point first makes this one abort here
            milestone(label: "deploy ${stack}: locked")
        }
        List bindings = [
            usernamePassword(credentialsId: cfg.rancherCredentialsId,
                usernameVariable: 'RANCHER_ACCESS_KEY', passwordVariable: 'RANCHER_SECRET_KEY'),
            file(credentialsId: cfg.settingsCredentialsId, variable: 'OP_ENV_FILE'),
        ]
        List<String> envList = ["RANCHER_URL=${cfg.rancherUrl}".toString()]
        if (cfg.databaseCredentialsId) {
            bindings << usernamePassword(credentialsId: cfg.databaseCredentialsId,
                usernameVariable: 'PGUSER', passwordVariable: 'PGPASSWORD')
            if (cfg.databaseHost) {
                envList << "PGHOST=${cfg.databaseHost}".toString()
            }
        }
        withCredentials(bindings) {
            withEnv(envList) {
                output = odooPlatformCli(args: args).stdout
            }
        }
    }
    echo("deployRancherStack: ${cfg.dryRun ? 'planned' : 'deployed'} ${cfg.image} on ${stack}")
    return [instance: cfg.instance, stack: stack, image: cfg.image, output: output]
}

@NonCPS
List<String> deployArgs(Map cfg) {
    List<String> args = ['deploy', '--project', cfg.project, '--instance', cfg.instance,
                         '--env-file', '$OP_ENV_FILE']
    if (cfg.publicSettingsFile) {
        args += ['--public-env-file', cfg.publicSettingsFile]
    }
    args += ['--image', cfg.image]
    if (cfg.client) {
        args += ['--client', cfg.client]
    }
    if (cfg.stack) {
        args += ['--stack', cfg.stack]
    }
    if (cfg.recreateDatabase) {
        args << '--recreate-db'
    }
    if (cfg.dryRun) {
        args << '--dry-run'
    }
    args += ['--timeout', cfg.timeout]
    if (cfg.onPending) {
        args += ['--on-pending', cfg.onPending]
    }
    if (cfg.commit) {
        args += ['--commit', cfg.commit]
    }
    if (cfg.triggeredBy) {
        args += ['--triggered-by', cfg.triggeredBy]
    }
    if (cfg.approvedBy) {
        args += ['--approved-by', cfg.approvedBy]
    }
    if (cfg.requireSameAs) {
        args += ['--require-same-as', cfg.requireSameAs]
    }
    if (cfg.noBackup) {
        args << '--no-backup'
    }
    return args.collect { it as String }
}

@NonCPS
String validate(Map defaults, Map config) {
    String unknown = StepParameters.unknown(defaults, config)
    if (unknown) {
        return unknown
    }
    Map cfg = defaults + config
    if (!(cfg.instance in ['test', 'integration', 'prod'])) {
        return "'instance' must be test, integration or prod, not '${cfg.instance}'"
    }
    if (!cfg.client && !cfg.stack) {
        return "'client' is required (stacks are <client>-odoo-<instance>), or give 'stack'"
    }
    if (!cfg.image || cfg.image.startsWith('$')) {
        return "'image' is required: REPO@sha256:<digest> (what publishImage returned) or REPO:TAG"
    }
    for (String key : ['rancherCredentialsId', 'settingsCredentialsId']) {
        if (!cfg[key]) {
            return "'${key}' is required: " + (key == 'rancherCredentialsId' ?
                'a username/password credential holding the Rancher access key and secret key' :
                "a Secret file credential holding the ${cfg.instance} instance's rancher.env")
        }
    }
    if (!cfg.rancherUrl) {
        return "'rancherUrl' is required (or set RANCHER_URL globally): the Rancher API URL"
    }
    if (cfg.onPending && !(cfg.onPending in ['finish', 'rollback', 'fail'])) {
        return "'onPending' must be finish, rollback or fail, not '${cfg.onPending}'"
    }
    if (cfg.requireSameAs && !(cfg.requireSameAs in ['test', 'integration', 'prod'])) {
        return "'requireSameAs' must be an instance name (integration), not '${cfg.requireSameAs}'"
    }
    if (!(cfg.timeout ==~ /\d+[smh]?/)) {
        return "'timeout' must be a duration such as 15m, 900s or 1h, not '${cfg.timeout}'"
    }
    return null
}
