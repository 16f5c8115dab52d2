/**
 * The whole pipeline of an Odoo project, chosen by what is being built:
 *   master          build <sha>, test it (testOdooImage), publish <sha> + latest, recreate the test stack
 *   tag X.Y.Z       test the upgrade from the previous release (HISTORY.rst's, its image by digest),
 *                   promote the commit's image to X.Y.Z by digest (build and test it fully only if absent),
 *                   offer (input, outside any node) to reset the integration database, then reset
 *                   and deploy integration under one lock
 *   other branches  build and test only
 * It takes its own nodes (run it from `agent none`): waiting for an answer holds no executor.
 * Ends with a summary of what was deployed where, and returns it.
 *   odooPipeline(client: 'acme', image: 'registry.example.com/acme/acme_odoo')
 */
import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        client: null,                             // required: the client's short name (stacks <client>-odoo-*)
        image: null,                              // required: image repository with its registry host
        registryCredentialsId: null,              // default <client>-registry (username/password)
        rancherCredentialsId: null,               // default <client>-rancher (username/password = access/secret key)
        testSettingsCredentialsId: null,          // default <client>-test-settings (Secret file)
        integrationSettingsCredentialsId: null,   // default <client>-integration-settings (Secret file)
        databaseCredentialsId: null,              // default <client>-db-admin (username/password): resets, integration backups
        databaseHost: env.PGHOST,                 // PostgreSQL cluster of integration, for resets
        databasePort: env.PGPORT,
        rancherUrl: env.RANCHER_URL,              // Rancher API URL
        askResetIntegrationDb: 5,                 // tag builds: minutes an input offers to reset the integration
                                                  // database before the deploy (no answer: no reset); 0: never ask
        agentLabel: null,                         // label of the agents that build and deploy; null = any
        imageTests: [:],                          // parameters of testOdooImage (lint, tests, scenario, upgradeFrom...), false: none;
                                                  // tag builds: upgradeFrom defaults to 'previous-release'
                                                  // (false: no upgrade test)
        test: null,                               // Closure run with the built image reference, before publishing
        project: '.',                             // the Odoo project's root directory
        mainBranch: 'master',                     // the branch deployed to the test stack
        builder: 'auto',                          // docker, buildah or auto
        buildArgs: [:],                           // --build-arg K=V for the image build
        recreateTestDatabase: true,               // master: recreate the test stack's database
        timeout: '15m',                           // how long deploys wait for healthy containers
        insecureRegistry: false,                  // plain-HTTP registry (local test registries only)
    ]
    Map given = StepParameters.checked(this, 'odooPipeline', defaults, config) { Map c -> validate(c) }
    Map cfg = withCredentialDefaults(given)
    String tag = env.TAG_NAME
    String branch = env.BRANCH_NAME
    List<String> summary = []
    if (tag) {
        if (!(tag ==~ /\d+\.\d+\.\d+/)) {
            echo("odooPipeline: tag '${tag}' is not a release X.Y.Z; nothing to do")
            return [summary: summary]
        }
        releaseTag(cfg, tag, summary)
    } else if (branch == cfg.mainBranch) {
        node(cfg.agentLabel) {
            String commit = checkoutCommit()
            String ref = buildAndTest(cfg, commit)
            String digest = ''
            stage('Publish image') {
                digest = publishImage(image: ref, tags: ['latest'], registryCredentialsId: cfg.registryCredentialsId,
                                      insecureRegistry: cfg.insecureRegistry)
            }
            summary << "image ${cfg.image}:${commit} (+ latest) = ${digest}".toString()
            stage('Deploy test') {
                Map deployed = deployRancherStack(deployParams(cfg, 'test', digest, cfg.testSettingsCredentialsId) +
                                                  [recreateDatabase: cfg.recreateTestDatabase, commit: commit])
                summary << "test: ${deployed.stack} runs ${digest}".toString()
            }
        }
    } else {
        node(cfg.agentLabel) {
            String ref = buildAndTest(cfg, checkoutCommit())
            summary << "built ${ref} (branch ${branch}: not published, not deployed)".toString()
        }
    }
    echo("odooPipeline summary:\n  " + summary.join('\n  '))
    currentBuild.description = summary.join('; ')
    return [summary: summary]
}

/**
 * The commit being built: declarative `agent none` checks nothing out (pipeline-model-extensions
 * CheckoutScript runs checkout(scm) only for an agent), so check out the job's scm here.
 */
private String checkoutCommit() {
    Map vars = checkout(scm)
    if (!vars?.GIT_COMMIT) {
        error('odooPipeline: checkout scm gave no GIT_COMMIT: run it from a multibranch job of a git repository')
    }
    return vars.GIT_COMMIT
}

/** {@code release}: a tag build, whose tests include the upgrade from the previous release unless turned off. */
private String buildAndTest(Map cfg, String commit, boolean release = false) {
    String ref = ''
    stage('Build image') {
        // logged in, so that a base image from the same private registry can be pulled
        ref = buildOdooImage(image: cfg.image, tag: commit, project: cfg.project, builder: cfg.builder,
                             buildArgs: cfg.buildArgs, commit: commit, registryCredentialsId: cfg.registryCredentialsId)
    }
    if (cfg.imageTests != false) {
        stage('Test image') {
            testOdooImage(imageTestParams(cfg, ref, release))
        }
    }
    if (cfg.test) {
        stage('Test') {
            cfg.test.call(ref)
        }
    }
    return ref
}

private void releaseTag(Map cfg, String version, List<String> summary) {
    String digest = ''
    String commit = ''
    node(cfg.agentLabel) {
        commit = checkoutCommit()
        String source = "${cfg.image}:${commit}"
        stage('Release image') {
            int found = withRegistryLogin(credentialsId: cfg.registryCredentialsId, image: cfg.image) {
                odooPlatformCli(args: ['image', 'resolve', source], okStatus: [0, 3]).status
            }
            if (found == 3) {
                echo("odooPipeline: no image ${source} yet; building it")
                String ref = buildAndTest(cfg, commit, true)
                publishImage(image: ref, registryCredentialsId: cfg.registryCredentialsId,
                             insecureRegistry: cfg.insecureRegistry)
            } else if (cfg.imageTests != false && imageTestParams(cfg, source, true).upgradeFrom) {
                // the master build tested everything else on this very image: only the upgrade is new
                stage('Test upgrade') {
                    testOdooImage(imageTestParams(cfg, source, true) +
                                  [lint: false, tests: false, scenario: false, pull: true])
                }
            }
            digest = promoteImage(from: source, to: "${cfg.image}:${version}", registryCredentialsId: cfg.registryCredentialsId)
        }
    }
    summary << "image ${cfg.image}:${version} = ${digest}".toString()
    boolean reset = false
    if (cfg.askResetIntegrationDb > 0) {
        stage('Reset integration database?') {
            reset = askReset(cfg, version)
        }
    }
    node(cfg.agentLabel) {
        checkoutCommit()
        String stack = odooPlatformCli(args: CliArgs.stackName(cfg, 'integration')).value
        // one lock around the reset and the deploy: no other deploy of integration runs in between
        lock(resource: "rancher:${stack}", inversePrecedence: false) {
            if (reset) {
                stage('Reset integration database') {
                    resetIntegrationDb(client: cfg.client, project: cfg.project,
                                       settingsCredentialsId: cfg.integrationSettingsCredentialsId,
                                       databaseCredentialsId: cfg.databaseCredentialsId,
                                       databaseHost: cfg.databaseHost, databasePort: cfg.databasePort, lock: false)
                }
                summary << 'integration: database reset'
            }
            stage('Deploy integration') {
                // with the cluster admin: the release's migration check and the backup before a migrating upgrade
                deployRancherStack(deployParams(cfg, 'integration', digest, cfg.integrationSettingsCredentialsId) +
                                   [commit: commit, lock: false, databaseCredentialsId: cfg.databaseCredentialsId,
                                    databaseHost: cfg.databaseHost])
            }
        }
        summary << "integration: ${stack} runs ${version} = ${digest}".toString()
    }
}

/** An input outside any node; no answer within the time means no reset (TimeoutStepExecution.ExceededTimeout). */
private boolean askReset(Map cfg, String version) {
    try {
        def answer = timeout(time: cfg.askResetIntegrationDb, unit: 'MINUTES') {
            // one parameter and no submitterParameter: input returns the parameter's value
            input(message: "Reset the integration database before deploying ${version}?", ok: 'Continue',
                  parameters: [booleanParam(name: 'RESET_INTEGRATION_DB', defaultValue: false,
                                            description: 'Drop and recreate the integration database first')])
        }
        return answer == true
    } catch (err) {
        if (!timedOut(err)) {
            throw err
        }
        echo("odooPipeline: no answer within ${cfg.askResetIntegrationDb} minutes: the integration database is kept")
        return false
    }
}

@NonCPS
boolean timedOut(Throwable err) {
    return err.hasProperty('causes') && err.causes.any { it.getClass().simpleName == 'ExceededTimeout' }
}

/** testOdooImage's parameters: the project's imageTests over the defaults (the previous release on tag builds). */
@NonCPS
Map imageTestParams(Map cfg, String ref, boolean release) {
    Map defaults = [image: ref, project: cfg.project, registryCredentialsId: cfg.registryCredentialsId]
    if (release) {
        defaults.upgradeFrom = 'previous-release'
    }
    return defaults + cfg.imageTests
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
String validate(Map cfg) {
    // the values themselves (client name, image reference) are checked by the CLI
    if (!cfg.client) {
        return "'client' is required: the client's short name (credential ids <client>-registry, <client>-rancher...)"
    }
    if (!cfg.image) {
        return "'image' is required: the image repository without tag, e.g. registry.example.com/acme/acme_odoo"
    }
    if (!(cfg.askResetIntegrationDb instanceof Number) || cfg.askResetIntegrationDb < 0) {
        return "'askResetIntegrationDb' must be a number of minutes (0: never ask), not '${cfg.askResetIntegrationDb}'"
    }
    if (!(cfg.imageTests instanceof Map) && cfg.imageTests != false) {
        return "'imageTests' must be a map of testOdooImage parameters, e.g. [lint: false], or false, not ${cfg.imageTests}"
    }
    if (cfg.test != null && !(cfg.test instanceof Closure)) {
        return "'test' must be a closure, e.g. test: { image -> sh './run-tests.sh' }"
    }
    return null
}
