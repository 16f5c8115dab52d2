package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class DeployRancherStackStepTests extends LibraryTestBase {

    Map testDeploy = [client: 'acme', instance: 'test', image: "registry.example.com/acme/acme_odoo@${DIGEST}".toString(),
                      rancherCredentialsId: 'acme-rancher', settingsCredentialsId: 'acme-test-settings', recreateDatabase: true]

    @Test
    void itDeploysTheTestStackUnderItsLockAndTheNewestBuildWins() {
        def result = runStep('deployRancherStack', testDeploy)

        assertThat(events).containsExactly('milestone deploy acme-odoo-test: waiting', 'lock rancher:acme-odoo-test',
            'milestone deploy acme-odoo-test: locked', 'bind [acme-rancher, acme-test-settings]', 'unlock rancher:acme-odoo-test')
        assertThat(lockCalls[0]).isEqualTo([resource: 'rancher:acme-odoo-test', inversePrecedence: true])
        Map deploy = cliCall('deploy')
        assertThat(deploy.cli).containsExactly('deploy', '--project', '.', '--instance', 'test', '--env-file', '$OP_ENV_FILE',
            '--image', "registry.example.com/acme/acme_odoo@${DIGEST}".toString(), '--client', 'acme', '--recreate-db',
            '--timeout', '15m', '--commit', env.GIT_COMMIT, '--triggered-by', 'https://ci.example.com/job/acme/42/')
        assertThat(deploy.env).containsEntry('RANCHER_URL', 'https://rancher.example.com')
            .containsEntry('RANCHER_ACCESS_KEY', 'CANARY-USER-acme-rancher')
            .containsEntry('RANCHER_SECRET_KEY', 'CANARY-PASSWORD-acme-rancher')
            .containsEntry('OP_ENV_FILE', 'CANARY-/ws@tmp/secretFiles/FILE-acme-test-settings')
            .containsEntry('OP_PASS_ENV', CLI_ENVIRONMENT.join(' '))
        assertThat(result).containsEntry('stack', 'acme-odoo-test').containsEntry('instance', 'test')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void prodDeploysFirstInFirstOutWithoutMilestonesAndRecordsTheApprover() {
        runStep('deployRancherStack', [client: 'acme', instance: 'prod', image: "r.example.com/acme/acme_odoo@${DIGEST}".toString(),
                                       rancherCredentialsId: 'acme-rancher', settingsCredentialsId: 'acme-prod-settings',
                                       approvedBy: 'alice', requireSameAs: 'integration', timeout: '30m', onPending: 'rollback'])

        assertThat(events).noneMatch { it.startsWith('milestone') }
        assertThat(lockCalls[0]).isEqualTo([resource: 'rancher:acme-odoo-prod', inversePrecedence: false])
        assertThat(cliCall('deploy').cli.join(' ')).contains('--instance prod')
            .contains('--timeout 30m --on-pending rollback').contains('--approved-by alice --require-same-as integration')
    }

    @Test
    void aFailedDeployFailsTheBuildAndReleasesTheLock() {
        cliStatus['deploy'] = 1

        Throwable error = runStepExpectingError('deployRancherStack', testDeploy)

        assertThat(error.message).startsWith('odoo-platform deploy').contains('exit 1 (failed after cleanup or rollback)')
        assertThat(events.last()).isEqualTo('unlock rancher:acme-odoo-test')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aFailingShStepPropagatesAndReleasesTheLock() {
        cliThrows << 'deploy'

        Throwable error = runStepExpectingError('deployRancherStack', testDeploy)

        assertThat(error.message).isEqualTo('script returned exit code 127')
        assertThat(events.last()).isEqualTo('unlock rancher:acme-odoo-test')
    }

    @Test
    void itChecksOnlyWhatTheCliCannotKnowBeforeTakingTheLock() {
        assertThat(runStepExpectingError('deployRancherStack', testDeploy + [settingsCredentialsId: null]).message)
            .startsWith("deployRancherStack: 'settingsCredentialsId' is required: a Secret file credential")
        assertThat(runStepExpectingError('deployRancherStack', testDeploy + [recreateDb: true]).message)
            .startsWith('deployRancherStack: unknown parameter(s) [recreateDb]')
        env.remove('RANCHER_URL')
        assertThat(runStepExpectingError('deployRancherStack', testDeploy).message)
            .startsWith("deployRancherStack: 'rancherUrl' is required")
        assertThat(events).isEmpty()
        assertThat(shCalls).isEmpty()
    }

    @Test
    void theCliChecksTheValuesAndTheStepReportsItsMessage() {
        cliStatus['stack-name'] = 2
        cliStderr['stack-name'] = "error: unknown instance 'staging': expected one of test, integration, prod\nnothing was changed."

        Throwable error = runStepExpectingError('deployRancherStack', testDeploy + [instance: 'staging'])

        assertThat(error.message).isEqualTo('odoo-platform stack-name --project . --instance staging --client acme: exit 2 ' +
            "(bad input, nothing was changed): error: unknown instance 'staging': expected one of test, integration, prod")
        assertThat(events).isEmpty()
    }

    @Test
    void theStackAndSoTheLockAreTheOnesTheCliResolves() {
        // e.g. 'stacks: {test: acme-odoo-testing}' in .odoo-platform.yml: the step no longer builds <client>-odoo-<instance>
        cliStdout['stack-name'] = 'acme-odoo-testing'

        Map result = runStep('deployRancherStack', testDeploy)

        assertThat(cliCall('stack-name').cli).containsExactly('stack-name', '--project', '.', '--instance', 'test', '--client', 'acme')
        assertThat(lockCalls*.resource).containsExactly('rancher:acme-odoo-testing')
        assertThat(result.stack).isEqualTo('acme-odoo-testing')
    }

    @Test
    void aParameterThatLooksLikeAVariableReachesTheCliAsTextAndOnlyTheSettingsFileIsExpanded() {
        runStep('deployRancherStack', testDeploy + [commit: '$RANCHER_SECRET_KEY', triggeredBy: '$OP_ENV_FILE'])

        Map deploy = cliCall('deploy')
        int commitAt = deploy.cli.indexOf('--commit') + 2        // OP_ARG_n is 1-based
        int fileAt = deploy.cli.indexOf('--env-file') + 2
        assertThat(deploy.env["OP_ARG_${commitAt}".toString()]).isEqualTo('$RANCHER_SECRET_KEY')
        assertThat(deploy.env.findAll { k, v -> k.endsWith('_FROM') }).isEqualTo([("OP_ARG_${fileAt}_FROM".toString()): 'OP_ENV_FILE'])
    }

    @Test
    void withLockFalseItDeploysInsideTheLockItsCallerHolds() {
        runPipeline('callerLock', """lock(resource: 'rancher:acme-odoo-integration') {
            deployRancherStack(client: 'acme', instance: 'integration', image: 'r/a@${DIGEST}', rancherCredentialsId: 'acme-rancher',
                               settingsCredentialsId: 'acme-integration-settings', lock: false)
        }""")

        assertThat(events.findAll { it.startsWith('lock') }).containsExactly('lock rancher:acme-odoo-integration')
        assertThat(cliCommands()).containsExactly('deploy')
    }
}
