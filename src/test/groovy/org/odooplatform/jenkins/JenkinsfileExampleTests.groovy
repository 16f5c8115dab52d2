package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

/** Runs the Jenkinsfiles users copy, with the library, and asserts what a build does. */
class JenkinsfileExampleTests extends LibraryTestBase {

    String sha = 'c0ffee' * 6 + 'c0ff'
    String digestRef = "registry.example.com/acme/acme_odoo@${DIGEST}"

    @Test
    void aMasterBuildBuildsPublishesAndRecreatesTheTestStack() {
        runScript(loadScript('Jenkinsfile.example'))

        assertThat(events.findAll { !it.startsWith('bind') }).containsExactly('agent any', 'disableConcurrentBuilds',
            'option timeout 1 HOURS', 'buildDiscarder', 'parameter RESET_INTEGRATION_DB', 'stage Odoo',
            'stage Build image', 'stage Test image', 'junit test-reports/**/*.xml', 'stage Publish image', 'stage Deploy test',
            'milestone deploy acme-odoo-test: waiting', 'lock rancher:acme-odoo-test', 'milestone deploy acme-odoo-test: locked',
            'unlock rancher:acme-odoo-test')
        assertThat(cliCalls()).containsExactly(
            ['image', 'build', '--project', '.', '--image', 'registry.example.com/acme/acme_odoo', '--tag', sha,
             '--builder', 'auto', '--commit', sha],
            ['image', 'test', '--project', '.', '--image', "registry.example.com/acme/acme_odoo:${sha}".toString(),
             '--runtime', 'auto', '--junit', 'test-reports'],
            ['image', 'publish', '--image', "registry.example.com/acme/acme_odoo:${sha}".toString(), '--also-tag', 'latest',
             '--registry-config', cliCall('image publish').env.REGISTRY_AUTH_FILE],
            ['deploy', '--project', '.', '--instance', 'test', '--env-file', '$OP_ENV_FILE', '--image', digestRef,
             '--client', 'acme', '--recreate-db', '--timeout', '15m', '--commit', sha, '--triggered-by', env.BUILD_URL])
        assertThat(cliCall('deploy').env.OP_ENV_FILE).isEqualTo('CANARY-/ws@tmp/secretFiles/FILE-acme-test-settings')
        assertThat(binding.getVariable('currentBuild').description as String)
            .isEqualTo("image registry.example.com/acme/acme_odoo:${sha} (+ latest) = ${digestRef}; test: acme-odoo-test runs ${digestRef}".toString())
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aTagBuildPromotesTheCommitsImageResetsTheDatabaseWhenAskedAndDeploysIntegration() {
        env.TAG_NAME = '10.2.0'
        env.BRANCH_NAME = '10.2.0'
        binding.setVariable('params', [RESET_INTEGRATION_DB: true])

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(events.findAll { it.startsWith('stage') || it.startsWith('lock') }).containsExactly('stage Odoo',
            'stage Release image', 'stage Reset integration database', 'lock rancher:acme-odoo-integration',
            'stage Deploy integration', 'lock rancher:acme-odoo-integration')
        assertThat(cliCommands()).containsExactly('image resolve', 'image promote', 'db reset', 'deploy')
        assertThat(cliCall('image promote').cli).containsExactly('image', 'promote',
            '--from', "registry.example.com/acme/acme_odoo:${sha}".toString(), '--to', 'registry.example.com/acme/acme_odoo:10.2.0')
        assertThat(cliCall('db reset').env.PGPASSWORD).isEqualTo('CANARY-PASSWORD-acme-db-admin')
        assertThat(cliCall('deploy').cli).containsSequence('--instance', 'integration', '--env-file', '$OP_ENV_FILE', '--image', digestRef)
            .doesNotContain('--recreate-db')
        assertThat(cliCall('deploy').env.OP_ENV_FILE).isEqualTo('CANARY-/ws@tmp/secretFiles/FILE-acme-integration-settings')
        assertThat(lockCalls*.inversePrecedence).containsExactly(null, false)
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aTagBuildLeavesTheDatabaseAloneByDefault() {
        env.TAG_NAME = '10.2.0'

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(cliCommands()).containsExactly('image resolve', 'image promote', 'deploy')
    }

    @Test
    void aFeatureBranchRunsNothing() {
        env.BRANCH_NAME = 'feature-x'

        runScript(loadScript('Jenkinsfile.example'))

        assertThat(events).contains('steps skipped')
        assertThat(shCalls).isEmpty()
    }

    @Test
    void thePromoteJobAsksTheConfiguredApproversThenDeploysProd() {
        binding.setVariable('params', [VERSION: '10.2.0'])
        approver = 'bob'

        runScript(loadScript('Jenkinsfile.promote.example'))

        assertThat(events.findAll { it.startsWith('stage') || it.startsWith('input') || it.startsWith('parameter') }).containsExactly(
            'parameter VERSION', 'parameter FORCE', 'stage Promote to prod', 'stage Resolve version', 'stage Plan', 'stage Approval',
            'input submitter=acme-release-managers submitterParameter=APPROVER', 'stage Deploy prod')
        assertThat(cliCommands()).containsExactly('image resolve', 'diff', 'deploy')
        assertThat(cliCall('deploy').cli).containsSequence('--approved-by', 'bob', '--require-same-as', 'integration')
        assertNoCredentialInAnyCallArgument()
    }
}
