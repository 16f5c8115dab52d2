/**
 * The whole pipeline of an Odoo project, chosen by what is being built:
 *   master          build <sha>, test it (testOdooImage), publish <sha> + latest, recreate the test stack
 *   tag X.Y.Z       promote the commit's image to X.Y.Z by digest (build only if absent),
 *                   optionally reset the integration database, deploy integration
 *   other branches  build and test only
 * Ends with a summary of what was deployed where, and returns it.
 *   odooPipeline(client: 'acme', image: 'registry.example.com/acme/acme_odoo',
 *                resetIntegrationDb: params.RESET_INTEGRATION_DB)
 */
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        client: null,                             // required: the client's short name (stacks <client>-odoo-*)
        image: null,                              // required: image repository with its registry host
        registryCredentialsId: null,              // default <client>-registry (username/password)
        rancherCredentialsId: null,               // default <client>-rancher (username/password = access/secret key)
        testSettingsCredentialsId: null,          // default <client>-test-settings (Secret file)
        integrationSettingsCredentialsId: null,   // default <client>-integration-settings (Secret file)
        databaseCredentialsId: null,              // default <client>-db-admin (username/password), for resets
        databaseHost: env.PGHOST,                 // PostgreSQL cluster of integration, for resets
        databasePort: env.PGPORT,
        rancherUrl: env.RANCHER_URL,              // Rancher API URL
        resetIntegrationDb: false,                // tag builds: reset the integration database first
        imageTests: [:],                          // parameters of testOdooImage (lint, tests, scenario, upgradeFrom...), false: none
        test: null,                               // Closure run with the built image reference, before publishing
        project: '.',                             // the Odoo project's root directory
        mainBranch: 'master',                     // the branch deployed to the test stack
        builder: 'auto',                          // docker, buildah or auto
        buildArgs: [:],                           // --build-arg K=V for the image build
        recreateTestDatabase: true,               // master: recreate the test stack's database
        timeout: '15m',                           // how long deploys wait for healthy containers
        insecureRegistry: false,                  // plain-HTTP registry (local test registries only)
    ]
    String problem = validate(defaults, config)
    if (problem) {
        error("odooPipeline: ${problem}")
    }
    Map cfg = withCredentialDefaults(defaults + config)
    String commit = env.GIT_COMMIT
    if (!commit) {
        error('odooPipeline: GIT_COMMIT is not set: run it from a multibranch job or after checkout scm')
    }
    String tag = env.TAG_NAME
    String branch = env.BRANCH_NAME
    List<String> summary = []
    if (tag) {
        if (!(tag ==~ /\d+\.\d+\.\d+/)) {
            echo("odooPipeline: tag '${tag}' is not a release X.Y.Z; nothing to do")
            return [summary: summary]
        }
        releaseTag(cfg, commit, tag, summary)
    } else if (branch == cfg.mainBranch) {
        String ref = buildAndTest(cfg, commit)
        String digest = ''
        stage('Publish image') {
            digest = publishImage(image: ref, tags: ['latest'], registryCredentialsId: cfg.registryCredentialsId,
                                  insecureRegistry: cfg.insecureRegistry)
        }
        summary << "image ${cfg.image}:${commit} (+ latest) = ${digest}".toString()
        stage('Deploy test') {
            deployRancherStack(deployParams(cfg, 'test', digest, cfg.testSettingsCredentialsId) +
                               [recreateDatabase: cfg.recreateTestDatabase])
        }
        summary << "test: ${cfg.client}-odoo-test runs ${digest}".toString()
    } else {
        String ref = buildAndTest(cfg, commit)
        summary << "built ${ref} (branch ${branch}: not published, not deployed)".toString()
    }
    echo("odooPipeline summary:\n  " + summary.join('\n  '))
    currentBuild.description = summary.join('; ')
    return [summary: summary]
}

private String buildAndTest(Map cfg, String commit) {
    String ref = ''
    stage('Build image') {
        // logged in, so that a base image from the same private registry can be pulled
        ref = buildOdooImage(image: cfg.image, tag: commit, project: cfg.project, builder: cfg.builder,
                             buildArgs: cfg.buildArgs, commit: commit, registryCredentialsId: cfg.registryCredentialsId)
    }
    if (cfg.imageTests != false) {
        stage('Test image') {
            testOdooImage([image: ref, project: cfg.project] + cfg.imageTests)
        }
    }
    if (cfg.test) {
        stage('Test') {
            cfg.test.call(ref)
        }
    }
    return ref
}

private void releaseTag(Map cfg, String commit, String version, List<String> summary) {
    String source = "${cfg.image}:${commit}"
    String digest = ''
    stage('Release image') {
        int found = withRegistryLogin(credentialsId: cfg.registryCredentialsId, image: cfg.image) {
            odooPlatformCli(args: ['image', 'resolve', source], okStatus: [0, 3]).status
        }
        if (found == 3) {
            echo("odooPipeline: no image ${source} yet; building it")
            String ref = buildAndTest(cfg, commit)
            publishImage(image: ref, registryCredentialsId: cfg.registryCredentialsId,
                         insecureRegistry: cfg.insecureRegistry)
        }
        digest = promoteImage(from: source, to: "${cfg.image}:${version}", registryCredentialsId: cfg.registryCredentialsId)
    }
    summary << "image ${cfg.image}:${version} = ${digest}".toString()
    if (cfg.resetIntegrationDb) {
        stage('Reset integration database') {
            resetIntegrationDb(client: cfg.client, project: cfg.project,
                               settingsCredentialsId: cfg.integrationSettingsCredentialsId,
                               databaseCredentialsId: cfg.databaseCredentialsId,
                               databaseHost: cfg.databaseHost, databasePort: cfg.databasePort)
        }
        summary << "integration: database reset".toString()
    }
    stage('Deploy integration') {
        deployRancherStack(deployParams(cfg, 'integration', digest, cfg.integrationSettingsCredentialsId))
    }
    summary << "integration: ${cfg.client}-odoo-integration runs ${version} = ${digest}".toString()
}

@NonCPS
Map deployParams(Map cfg, String instance, String image, String settingsCredentialsId) {
    return [client: cfg.client, instance: instance, image: image, project: cfg.project,
            rancherCredentialsId: cfg.rancherCredentialsId, settingsCredentialsId: settingsCredentialsId,
            rancherUrl: cfg.rancherUrl, timeout: cfg.timeout]
}

@NonCPS
Map withCredentialDefaults(Map cfg) {
    Map ids = [
        registryCredentialsId: "${cfg.client}-registry",
        rancherCredentialsId: "${cfg.client}-rancher",
        testSettingsCredentialsId: "${cfg.client}-test-settings",
        integrationSettingsCredentialsId: "${cfg.client}-integration-settings",
        databaseCredentialsId: "${cfg.client}-db-admin",
    ]
    Map result = [:] + cfg
    ids.each { k, v -> result[k] = cfg[k] ?: v.toString() }
    return result
}

@NonCPS
String validate(Map defaults, Map config) {
    String unknown = StepParameters.unknown(defaults, config)
    if (unknown) {
        return unknown
    }
    Map cfg = defaults + config
    if (!(cfg.client ==~ /[a-z0-9][a-z0-9_-]*/)) {
        return "'client' is required: the client's short name in lower case (stacks are <client>-odoo-<instance>), not '${cfg.client}'"
    }
    if (!cfg.image || cfg.image.contains('@') || cfg.image.split('/')[-1].contains(':')) {
        return "'image' is required: the image repository without tag, e.g. registry.example.com/acme/acme_odoo, not '${cfg.image}'"
    }
    if (!(cfg.imageTests instanceof Map) && cfg.imageTests != false) {
        return "'imageTests' must be a map of testOdooImage parameters, e.g. [lint: false], or false, not ${cfg.imageTests}"
    }
    if (cfg.test != null && !(cfg.test instanceof Closure)) {
        return "'test' must be a closure, e.g. test: { image -> sh './run-tests.sh' }"
    }
    return null
}
