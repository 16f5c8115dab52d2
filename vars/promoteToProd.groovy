/**
 * The manual "promote to prod" job: checks out the release tag X.Y.Z, checks that its image is in
 * the registry and is what integration runs (unless force), shows the plan computed from the tag's
 * tree, waits for an approval by one of the approvers (outside any node and lock), then deploys
 * prod from the tag's tree (first-in-first-out, never cancelled) recording the tag's commit and the
 * approver. Run it from a job with `agent none`: it takes a node only to plan and to deploy.
 *   promoteToProd(client: 'acme', image: 'registry.example.com/acme/acme_odoo', version: params.VERSION,
 *                 approvers: 'acme-release-managers')
 */
import org.odooplatform.jenkins.Approvers
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.ClusterCredentials
import org.odooplatform.jenkins.RegistryCredentials
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        version: null,                // required: the release X.Y.Z to deploy (a git tag and an image tag)
        client: null,                 // the client's short name, unless .odoo-platform.yml says it
        image: null,                  // required: image repository with its registry host
        approvers: null,              // required: users/groups allowed to approve, comma-separated (administrators too
                                      // can answer the input, but the step then refuses them unless listed)
        approvalTimeout: 60,          // minutes to wait for the approval before aborting
        force: false,                 // deploy even if integration does not run this version
        registryCredentialsId: null,  // default <client>-registry
        rancherCredentialsId: null,   // default <client>-rancher
        settingsCredentialsId: null,  // default <client>-prod-settings (Secret file)
        rancherUrl: env.RANCHER_URL,  // Rancher API URL
        project: '.',                 // the Odoo project's root directory (in the checkout of the tag)
        timeout: '15m',               // how long the deploy waits for healthy containers
        databaseCredentialsId: null,  // username/password of the cluster admin: backup before a migration, restore on rollback,
                                      // and the gate on integration's marabunta_version
        databaseHost: env.PGHOST,     // the cluster's host (PGHOST)
        noBackup: false,              // deploy without the backup (recorded with the approver)
        agentLabel: null,             // label of the agent that plans and deploys; null = any
        gitRemoteConfigs: null,       // where the tag is fetched from; default: the job's scm (userRemoteConfigs)
    ]
    Map cfg = StepParameters.checked(this, 'promoteToProd', defaults, config) { Map c -> validate(c) }
    cfg.registryCredentialsId = cfg.registryCredentialsId ?: "${cfg.client}-registry".toString()
    cfg.rancherCredentialsId = cfg.rancherCredentialsId ?: "${cfg.client}-rancher".toString()
    cfg.settingsCredentialsId = cfg.settingsCredentialsId ?: "${cfg.client}-prod-settings".toString()
    List remotes = cfg.gitRemoteConfigs ?: jobRemotes(cfg.version)
    String release = "${cfg.image}:${cfg.version}"

    String digest = ''
    String stack = ''
    String commit = ''
    int changes = 0
    node(cfg.agentLabel) {
        stage('Resolve version') {
            commit = checkoutRelease(remotes, cfg.version)
            stack = odooPlatformCli(args: CliArgs.stackName(cfg, 'prod')).value
            Map resolved = RegistryCredentials.cli(this, cfg.registryCredentialsId, cfg.image,
                                                   [args: ['image', 'resolve', release], okStatus: [0, 3]])
            if (resolved.status == 3) {
                error("promoteToProd: ${release} is not in the registry: push the tag ${cfg.version} and let its build promote the image first")
            }
            digest = resolved.value
        }
        stage('Plan') {
            List bindings = []
            List<String> envList = []
            ClusterCredentials.addRancherKey(this, cfg, bindings, envList)
            ClusterCredentials.addSettingsFile(this, cfg.settingsCredentialsId, 'OP_ENV_FILE', bindings)
            // diff: 0 nothing to do, 4 changes to approve; 3 (precondition) and anything else stop here
            Map plan = ClusterCredentials.withBound(this, bindings, envList) {
                odooPlatformCli(args: diffArgs(cfg, digest), okStatus: [0, 3, 4])
            }
            if (plan.status == 3) {
                error("promoteToProd: ${cfg.version} cannot be promoted: ${plan.message}" +
                      (cfg.force ? '' : ' (deploy it to integration first, or run again with force)'))
            }
            changes = plan.status
        }
    }
    if (changes == 0) {
        echo("promoteToProd: ${stack} already runs ${digest}; nothing to deploy")
        return [version: cfg.version, digest: digest, approvedBy: null, deployed: false]
    }
    String approver = ''
    stage('Approval') {
        // outside any node and lock: waiting for a person holds neither an executor nor the stack
        timeout(time: cfg.approvalTimeout, unit: 'MINUTES') {
            def answer = input(message: "Deploy ${cfg.version} (${digest}) to ${stack}?", ok: 'Deploy to prod',
                               submitter: cfg.approvers, submitterParameter: 'APPROVER')
            approver = answer instanceof Map ? answer.APPROVER : answer
        }
        if (!Approvers.allowed(approver, authoritiesOf(approver), cfg.approvers)) {
            error("promoteToProd: ${approver} approved, but is not one of the approvers '${cfg.approvers}' " +
                  '(Jenkins lets administrators answer any input); nothing was deployed')
        }
    }
    node(cfg.agentLabel) {
        stage('Deploy prod') {
            String deployed = checkoutRelease(remotes, cfg.version)
            if (deployed != commit) {
                error("promoteToProd: tag ${cfg.version} moved from ${commit} to ${deployed} since the plan was approved; nothing was deployed")
            }
            deployRancherStack(client: cfg.client, instance: 'prod', image: digest, project: cfg.project,
                               rancherCredentialsId: cfg.rancherCredentialsId, settingsCredentialsId: cfg.settingsCredentialsId,
                               rancherUrl: cfg.rancherUrl, timeout: cfg.timeout, approvedBy: approver, commit: commit,
                               requireSameAs: cfg.force ? null : 'integration', newestWins: false,
                               databaseCredentialsId: cfg.databaseCredentialsId, databaseHost: cfg.databaseHost,
                               noBackup: cfg.noBackup)
        }
    }
    echo("promoteToProd: ${stack} runs ${cfg.version} = ${digest} (commit ${commit}), approved by ${approver}")
    currentBuild.description = "prod ${cfg.version} approved by ${approver}"
    return [version: cfg.version, digest: digest, commit: commit, approvedBy: approver, deployed: true]
}

/** The job's own remotes: the promote job reads its Jenkinsfile from the project's repository. */
private List jobRemotes(String version) {
    try {
        return scm.userRemoteConfigs
    } catch (MissingPropertyException ignored) {
        error("promoteToProd: this job has no scm to fetch the tag ${version} from: run it as a 'Pipeline script from SCM' job, " +
              'or give gitRemoteConfigs: [[url: ..., credentialsId: ...]]')
    }
}

/** Checks out the release tag (not the job's branch) and returns its commit (git plugin: GIT_COMMIT). */
private String checkoutRelease(List remotes, String version) {
    Map vars = checkout([$class: 'GitSCM', branches: [[name: "refs/tags/${version}"]], userRemoteConfigs: remotes])
    return vars.GIT_COMMIT
}

/** The user's groups, as Jenkins' security realm reports them (hudson.model.User#impersonate2). */
@NonCPS
List<String> authoritiesOf(String user) {
    def u = hudson.model.User.getById(user, false)
    return u == null ? [] : u.impersonate2().authorities*.authority
}

@NonCPS
List diffArgs(Map cfg, String digest) {
    return CliArgs.strings(['diff', '--project', cfg.project, '--instance', 'prod',
                            '--env-file', CliArgs.credentialFile('OP_ENV_FILE')] +
        CliArgs.options('--client': cfg.client) + ['--image', digest] +
        CliArgs.options('--require-same-as': cfg.force ? null : 'integration'))
}

/** Only what the CLI cannot know: unknown keys, the tag to check out, who approves, how long to wait. */
@NonCPS
String validate(Map cfg) {
    if (!(cfg.version ==~ /\d+\.\d+\.\d+/)) {
        return "'version' is required as X.Y.Z (a released tag), not '${cfg.version}'"
    }
    if (!cfg.image) {
        return "'image' is required: the image repository, e.g. registry.example.com/acme/acme_odoo"
    }
    if (!cfg.client && !(cfg.registryCredentialsId && cfg.rancherCredentialsId && cfg.settingsCredentialsId)) {
        return "'client' is required for the default credential ids <client>-registry, <client>-rancher, <client>-prod-settings"
    }
    if (!cfg.approvers) {
        return "'approvers' is required: the users or groups allowed to approve a prod deploy, comma-separated"
    }
    if (!cfg.rancherUrl) {
        return "'rancherUrl' is required (or set RANCHER_URL globally): the Rancher API URL"
    }
    if (!(cfg.approvalTimeout instanceof Number) || cfg.approvalTimeout <= 0) {
        return "'approvalTimeout' must be a number of minutes, not '${cfg.approvalTimeout}'"
    }
    return null
}
