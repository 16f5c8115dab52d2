/**
 * The manual "promote to prod" job: checks that VERSION is in the registry and is what
 * integration runs (unless force), shows the plan, waits for an approval by an allowed
 * submitter, deploys prod (first-in-first-out, never cancelled) and records the approver.
 *   promoteToProd(client: 'acme', image: 'registry.example.com/acme/acme_odoo', version: params.VERSION,
 *                 approvers: 'acme-release-managers')
 */
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        version: null,                // required: the release X.Y.Z to deploy
        client: null,                 // required: the client's short name
        image: null,                  // required: image repository with its registry host
        approvers: null,              // users/groups allowed to approve, comma-separated; null = anyone who can build
        approvalTimeout: 60,          // minutes to wait for the approval before aborting
        force: false,                 // deploy even if integration does not run this version
        registryCredentialsId: null,  // default <client>-registry
        rancherCredentialsId: null,   // default <client>-rancher
        settingsCredentialsId: null,  // default <client>-prod-settings (Secret file)
        rancherUrl: env.RANCHER_URL,  // Rancher API URL
        project: '.',                 // the Odoo project's root directory
        timeout: '15m',               // how long the deploy waits for healthy containers
        databaseCredentialsId: null,  // username/password of the cluster admin: backup before a migration, restore on rollback,
                                      // and the gate on integration's marabunta_version
        databaseHost: env.PGHOST,     // the cluster's host (PGHOST)
        noBackup: false,              // deploy without the backup (recorded with the approver)
    ]
    String problem = validate(defaults, config)
    if (problem) {
        error("promoteToProd: ${problem}")
    }
    Map cfg = defaults + config
    cfg.registryCredentialsId = cfg.registryCredentialsId ?: "${cfg.client}-registry".toString()
    cfg.rancherCredentialsId = cfg.rancherCredentialsId ?: "${cfg.client}-rancher".toString()
    cfg.settingsCredentialsId = cfg.settingsCredentialsId ?: "${cfg.client}-prod-settings".toString()
    String stack = "${cfg.client}-odoo-prod"
    String release = "${cfg.image}:${cfg.version}"

    String digest = ''
    stage('Resolve version') {
        Map resolved = withRegistryLogin(credentialsId: cfg.registryCredentialsId, image: cfg.image) {
            odooPlatformCli(args: ['image', 'resolve', release], okStatus: [0, 3])
        }
        if (resolved.status == 3) {
            error("promoteToProd: ${release} is not in the registry: push the tag ${cfg.version} and let its build promote the image first")
        }
        digest = resolved.value
    }
    int changes = 0
    stage('Plan') {
        withCredentials(rancherBindings(cfg)) {
            withEnv(["RANCHER_URL=${cfg.rancherUrl}"]) {
                Map plan = odooPlatformCli(args: diffArgs(cfg, digest), okStatus: [0, 1, 3])
                if (plan.status == 3) {
                    error("promoteToProd: ${cfg.version} (${digest}) is not what ${cfg.client}-odoo-integration runs; " +
                          'deploy it there first, or run again with force')
                }
                changes = plan.status
            }
        }
    }
    if (changes == 0) {
        echo("promoteToProd: ${stack} already runs ${digest}; nothing to deploy")
        return [version: cfg.version, digest: digest, approvedBy: null, deployed: false]
    }
    String approver = ''
    stage('Approval') {
        timeout(time: cfg.approvalTimeout, unit: 'MINUTES') {
            def answer = input(message: "Deploy ${cfg.version} (${digest}) to ${stack}?", ok: 'Deploy to prod',
                               submitter: cfg.approvers, submitterParameter: 'APPROVER')
            approver = answer instanceof Map ? answer.APPROVER : answer
        }
    }
    stage('Deploy prod') {
        deployRancherStack(client: cfg.client, instance: 'prod', image: digest, project: cfg.project,
                           rancherCredentialsId: cfg.rancherCredentialsId, settingsCredentialsId: cfg.settingsCredentialsId,
                           rancherUrl: cfg.rancherUrl, timeout: cfg.timeout, approvedBy: approver,
                           requireSameAs: cfg.force ? null : 'integration', newestWins: false,
                           databaseCredentialsId: cfg.databaseCredentialsId, databaseHost: cfg.databaseHost,
                           noBackup: cfg.noBackup)
    }
    echo("promoteToProd: ${stack} runs ${cfg.version} = ${digest}, approved by ${approver}")
    currentBuild.description = "prod ${cfg.version} approved by ${approver}"
    return [version: cfg.version, digest: digest, approvedBy: approver, deployed: true]
}

private List rancherBindings(Map cfg) {
    return [
        usernamePassword(credentialsId: cfg.rancherCredentialsId,
            usernameVariable: 'RANCHER_ACCESS_KEY', passwordVariable: 'RANCHER_SECRET_KEY'),
        file(credentialsId: cfg.settingsCredentialsId, variable: 'OP_ENV_FILE'),
    ]
}

@NonCPS
List<String> diffArgs(Map cfg, String digest) {
    List<String> args = ['diff', '--project', cfg.project, '--instance', 'prod', '--env-file', '$OP_ENV_FILE',
                         '--client', cfg.client, '--image', digest]
    if (!cfg.force) {
        args += ['--require-same-as', 'integration']
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
    if (!(cfg.version ==~ /\d+\.\d+\.\d+/)) {
        return "'version' is required as X.Y.Z (a released tag), not '${cfg.version}'"
    }
    if (!(cfg.client ==~ /[a-z0-9][a-z0-9_-]*/)) {
        return "'client' is required: the client's short name in lower case, not '${cfg.client}'"
    }
    if (!cfg.image || cfg.image.contains('@') || cfg.image.split('/')[-1].contains(':')) {
        return "'image' is required: the image repository without tag, not '${cfg.image}'"
    }
    if (!cfg.rancherUrl) {
        return "'rancherUrl' is required (or set RANCHER_URL globally): the Rancher API URL"
    }
    if (!(cfg.approvalTimeout instanceof Number) || cfg.approvalTimeout <= 0) {
        return "'approvalTimeout' must be a number of minutes, not '${cfg.approvalTimeout}'"
    }
    return null
}
