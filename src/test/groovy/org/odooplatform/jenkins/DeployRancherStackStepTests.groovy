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
    void itRefusesBadParametersBeforeTakingTheLock() {
        assertThat(runStepExpectingError('deployRancherStack', testDeploy + [instance: 'staging']).message)
            .isEqualTo("deployRancherStack: 'instance' must be test, integration or prod, not 'staging'")
        assertThat(runStepExpectingError('deployRancherStack', testDeploy + [settingsCredentialsId: null]).message)
            .startsWith("deployRancherStack: 'settingsCredentialsId' is required: a Secret file credential")
        assertThat(runStepExpectingError('deployRancherStack', testDeploy + [client: null]).message)
            .startsWith("deployRancherStack: 'client' is required")
        assertThat(runStepExpectingError('deployRancherStack', testDeploy + [recreateDb: true]).message)
            .startsWith('deployRancherStack: unknown parameter(s) [recreateDb]')
        assertThat(runStepExpectingError('deployRancherStack', testDeploy + [onPending: 'ignore']).message)
            .startsWith("deployRancherStack: 'onPending' must be finish, rollback or fail")
        env.remove('RANCHER_URL')
        assertThat(runStepExpectingError('deployRancherStack', testDeploy).message)
            .startsWith("deployRancherStack: 'rancherUrl' is required")
        assertThat(events).isEmpty()
    }
}
