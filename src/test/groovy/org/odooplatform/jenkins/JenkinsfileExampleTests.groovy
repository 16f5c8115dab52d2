package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

/** Runs the Jenkinsfiles users copy, with the library, in the jobs the docs set up, and asserts what a build does. */
class JenkinsfileExampleTests extends LibraryTestBase {

    String digestRef = "registry.example.com/acme/acme_odoo@${DIGEST}"

    @Test
    void aMasterBuildBuildsPublishesAndRecreatesTheTestStack() {
        multibranchBranch('master')

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(events.findAll { !it.startsWith('bind') }).containsExactly('agent none',
            'option timeout 1 HOURS', 'buildDiscarder', 'stage Odoo', 'node', 'checkout master',
            'stage Build image', 'stage Test image', 'junit test-reports/**/*.xml', 'stage Publish image', 'stage Deploy test',
            'milestone deploy acme-odoo-test: waiting', 'lock rancher:acme-odoo-test', 'milestone deploy acme-odoo-test: locked',
            'unlock rancher:acme-odoo-test', 'end node')
        assertThat(cliCalls()).containsExactly(
            ['image', 'build', '--project', '.', '--repository', 'registry.example.com/acme/acme_odoo', '--tag', MASTER_COMMIT,
             '--builder', 'auto', '--commit', MASTER_COMMIT],
            ['image', 'test', '--project', '.', '--image', "registry.example.com/acme/acme_odoo:${MASTER_COMMIT}".toString(),
             '--runtime', 'auto', '--junit', 'test-reports'],
            ['image', 'publish', '--image', "registry.example.com/acme/acme_odoo:${MASTER_COMMIT}".toString(), '--also-tag', 'latest'],
            ['deploy', '--project', '.', '--instance', 'test', '--env-file', '$OP_ENV_FILE', '--image', digestRef,
             '--client', 'acme', '--recreate-db', '--timeout', '15m', '--commit', MASTER_COMMIT, '--triggered-by', env.BUILD_URL])
        assertThat(cliCall('deploy').env.OP_ENV_FILE).isEqualTo('CANARY-/ws@tmp/secretFiles/FILE-acme-test-settings')
        assertThat(binding.getVariable('currentBuild').description as String).isEqualTo(
            "image registry.example.com/acme/acme_odoo:${MASTER_COMMIT} (+ latest) = ${digestRef}; test: acme-odoo-test runs ${digestRef}".toString())
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void masterBuildsAreNotQueuedSoThatTheNewestOneWinsTheTestStack() {
        // workflow-job DisableConcurrentBuildsJobProperty: without abortPrevious a new build waits for the running
        // one, so the test deploy's milestones (newest wins) would never have an older build to abort
        multibranchBranch('master')

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(events).noneMatch { it == 'disableConcurrentBuilds' }
        assertThat(lockCalls).containsExactly([resource: 'rancher:acme-odoo-test', inversePrecedence: true])
    }

    @Test
    void aTagBuildAsksWhetherToResetOutsideAnyNodeThenResetsAndDeploysIntegrationUnderOneLock() {
        multibranchTag('10.2.0')
        inputAnswers.RESET_INTEGRATION_DB = true

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(events.findAll { it.startsWith('stage') || it.startsWith('lock') || it.startsWith('unlock') ||
                                    it.startsWith('input') || it.startsWith('node') || it == 'end node' }).containsExactly(
            'stage Odoo', 'node', 'stage Release image', 'stage Test upgrade', 'end node',
            'stage Reset integration database?', 'input submitter=null submitterParameter=null',
            'node', 'lock rancher:acme-odoo-integration', 'stage Reset integration database', 'stage Deploy integration',
            'unlock rancher:acme-odoo-integration', 'end node')
        // the commit's image (tested by its master build) is tested for the upgrade from the previous release, then promoted
        assertThat(cliCommands()).containsExactly('image resolve', 'image test', 'image promote', 'db reset', 'deploy')
        assertThat(cliCall('image test').cli).containsSequence('--upgrade-from', 'previous-release')
        assertThat(cliCall('image promote').cli).containsExactly('image', 'promote',
            '--from', "registry.example.com/acme/acme_odoo:${TAG_COMMIT}".toString(), '--to', 'registry.example.com/acme/acme_odoo:10.2.0')
        assertThat(cliCall('db reset').env.PGPASSWORD).isEqualTo('CANARY-PASSWORD-acme-db-admin')
        assertThat(cliCall('deploy').cli).containsSequence('--instance', 'integration', '--env-file', '$OP_ENV_FILE', '--image', digestRef)
            .containsSequence('--commit', TAG_COMMIT).doesNotContain('--recreate-db')
        assertThat(cliCall('deploy').env.OP_ENV_FILE).isEqualTo('CANARY-/ws@tmp/secretFiles/FILE-acme-integration-settings')
        assertThat(lockCalls*.inversePrecedence).containsExactly(false)
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aTagBuildThatNobodyAnswersKeepsTheDatabaseAndDeploys() {
        multibranchTag('10.2.0')
        inputUnanswered = true

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(cliCommands()).containsExactly('image resolve', 'image test', 'image promote', 'deploy')
        assertThat(log).contains('odooPipeline: no answer within 5 minutes: the integration database is kept')
    }

    @Test
    void aTagBuildWhoseAnswerIsNoKeepsTheDatabase() {
        multibranchTag('10.2.0')

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(cliCommands()).containsExactly('image resolve', 'image test', 'image promote', 'deploy')
    }

    @Test
    void aFeatureBranchRunsNothing() {
        multibranchBranch('feature-x')

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(events).contains('steps skipped')
        assertThat(shCalls).isEmpty()
    }

    @Test
    void thePromoteJobAsksTheConfiguredApproversOutsideAnyNodeThenDeploysTheTagsTree() {
        pipelineJob('master')
        binding.setVariable('params', [VERSION: '10.2.0'])
        approver = 'bob'

        runScript(loadScript('Jenkinsfile.promote.example'))

        assertThat(events.findAll { it.startsWith('stage') || it.startsWith('input') || it.startsWith('parameter') ||
                                    it.startsWith('agent') || it.startsWith('node') || it == 'end node' }).containsExactly(
            'agent none', 'parameter VERSION', 'parameter FORCE', 'stage Promote to prod', 'node', 'stage Resolve version', 'stage Plan',
            'end node', 'stage Approval', 'input submitter=acme-release-managers submitterParameter=APPROVER',
            'node', 'stage Deploy prod', 'end node')
        assertThat(cliCommands()).containsExactly('image resolve', 'diff', 'deploy')
        assertThat(cliCall('deploy').cli).containsSequence('--commit', TAG_COMMIT)
            .containsSequence('--approved-by', 'bob', '--require-same-as', 'integration')
        assertThat(cliCall('deploy').tree).isEqualTo('refs/tags/10.2.0')
        assertNoCredentialInAnyCallArgument()
    }
}
