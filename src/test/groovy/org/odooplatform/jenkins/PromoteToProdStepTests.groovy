package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/** promoteToProd as the promote job runs it: a Pipeline job from SCM (master), declarative `agent none`. */
class PromoteToProdStepTests extends LibraryTestBase {

    Map promote = [client: 'acme', image: 'registry.example.com/acme/acme_odoo', version: '10.2.0',
                   approvers: 'acme-release-managers']
    String digestRef = "registry.example.com/acme/acme_odoo@${DIGEST}"

    @BeforeEach
    void promoteJob() {
        pipelineJob('master')
        outsideAnyNode()
    }

    @Test
    void itChecksThePlanAsksForApprovalThenDeploysTheDigestRecordingTheApprover() {
        approver = 'alice'

        Map result = runStep('promoteToProd', promote)

        assertThat(cliCalls()).containsExactly(
            ['image', 'resolve', 'registry.example.com/acme/acme_odoo:10.2.0'],
            ['diff', '--project', '.', '--instance', 'prod', '--env-file', '$OP_ENV_FILE', '--client', 'acme',
             '--image', digestRef, '--require-same-as', 'integration'],
            ['deploy', '--project', '.', '--instance', 'prod', '--env-file', '$OP_ENV_FILE', '--image', digestRef,
             '--client', 'acme', '--timeout', '15m', '--commit', TAG_COMMIT, '--triggered-by', env.BUILD_URL,
             '--approved-by', 'alice', '--require-same-as', 'integration'])
        assertThat(lockCalls[0].inversePrecedence).isEqualTo(false)
        assertThat(result).containsEntry('approvedBy', 'alice').containsEntry('digest', digestRef).containsEntry('deployed', true)
            .containsEntry('commit', TAG_COMMIT)
        assertThat(binding.getVariable('currentBuild').description as String).isEqualTo('prod 10.2.0 approved by alice')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void theApprovalWaitsOutsideAnyNodeAndLockBetweenANodeThatPlansAndOneThatDeploys() {
        runStep('promoteToProd', promote)

        assertThat(events.findAll { !it.startsWith('bind') }).containsExactly('node', 'stage Resolve version', 'checkout refs/tags/10.2.0',
            'stage Plan', 'end node',
            'stage Approval', 'timeout 60 MINUTES', 'input submitter=acme-release-managers submitterParameter=APPROVER',
            'node', 'stage Deploy prod', 'checkout refs/tags/10.2.0', 'lock rancher:acme-odoo-prod', 'unlock rancher:acme-odoo-prod',
            'end node')
    }

    @Test
    void itPlansAndDeploysFromTheReleaseTagsTreeNotTheJobsBranch() {
        runStep('promoteToProd', promote)

        assertThat(shCalls.findAll { it.cli }.collect { [it.cli[0], it.tree] }).containsOnly(
            ['stack-name', 'refs/tags/10.2.0'], ['image', 'refs/tags/10.2.0'], ['diff', 'refs/tags/10.2.0'], ['deploy', 'refs/tags/10.2.0'])
        assertThat(cliCall('deploy').cli).containsSequence('--commit', TAG_COMMIT).doesNotContain(MASTER_COMMIT)
    }

    @Test
    void aTagThatMovedBetweenThePlanAndTheDeployIsNotDeployed() {
        helper.registerAllowedMethod('input', [Map], { Map m -> commits['refs/tags/10.2.0'] = 'f00d' * 10; approver })

        Throwable error = runStepExpectingError('promoteToProd', promote)

        assertThat(error.message).startsWith("promoteToProd: tag 10.2.0 moved from ${TAG_COMMIT} to ${'f00d' * 10}".toString())
        assertThat(cliCommands()).doesNotContain('deploy')
    }

    @Test
    void anAdministratorOutsideTheApproversCanAnswerTheInputButIsRefusedBeforeTheDeploy() {
        // pipeline-input-step InputStepExecution.canSettle lets Overall/Administer settle any input
        approver = 'root'

        Throwable error = runStepExpectingError('promoteToProd', promote)

        assertThat(error.message).isEqualTo("promoteToProd: root approved, but is not one of the approvers 'acme-release-managers' " +
            '(Jenkins lets administrators answer any input); nothing was deployed')
        assertThat(cliCommands()).doesNotContain('deploy')
        assertThat(events).noneMatch { it.startsWith('lock') }
    }

    @Test
    void anAdministratorWhoIsAnApproverDeploys() {
        approver = 'root'
        userGroups.root = ['acme-release-managers']

        assertThat(runStep('promoteToProd', promote).approvedBy).isEqualTo('root')
    }

    @Test
    void aVersionIntegrationDoesNotRunStopsBeforeTheApprovalUnlessForced() {
        cliStatus['diff'] = 3
        cliStderr['diff'] = 'error: acme-odoo-integration runs registry.example.com/acme/acme_odoo:10.1.0, not 10.2.0\nnothing was changed.'

        Throwable error = runStepExpectingError('promoteToProd', promote)

        assertThat(error.message).isEqualTo('promoteToProd: 10.2.0 cannot be promoted: error: acme-odoo-integration runs ' +
            'registry.example.com/acme/acme_odoo:10.1.0, not 10.2.0 (deploy it to integration first, or run again with force)')
        assertThat(events).noneMatch { it.startsWith('input') || it.startsWith('lock') }

        cliStatus.clear()
        shCalls.clear()
        runStep('promoteToProd', promote + [force: true])
        assertThat(cliCalls()*.join(' ')).noneMatch { it.contains('--require-same-as') }
    }

    @Test
    void aPlanThatFailedStopsTheJobInsteadOfAskingForApproval() {
        // diff exit 1 is "failed"; changes are exit 4 (the CLI's own code for them)
        cliStatus['diff'] = 1

        Throwable error = runStepExpectingError('promoteToProd', promote)

        assertThat(error.message).startsWith('odoo-platform diff').contains('exit 1 (failed after cleanup or rollback)')
        assertThat(events).noneMatch { it.startsWith('input') }
    }

    @Test
    void aVersionMissingFromTheRegistryStopsTheJob() {
        cliStatus['image resolve'] = 3

        Throwable error = runStepExpectingError('promoteToProd', promote)

        assertThat(error.message).startsWith('promoteToProd: registry.example.com/acme/acme_odoo:10.2.0 is not in the registry')
        assertThat(cliCalls()).hasSize(1)
    }

    @Test
    void prodAlreadyRunningTheVersionNeedsNoApproval() {
        cliStatus['diff'] = 0

        Map result = runStep('promoteToProd', promote)

        assertThat(result.deployed).isEqualTo(false)
        assertThat(events).noneMatch { it.startsWith('input') }
    }

    @Test
    void itRefusesAVersionThatIsNotXYZAndAMissingApproverList() {
        assertThat(runStepExpectingError('promoteToProd', promote + [version: 'latest']).message)
            .isEqualTo("promoteToProd: 'version' is required as X.Y.Z (a released tag), not 'latest'")
        assertThat(runStepExpectingError('promoteToProd', promote + [approvalTimeout: '1h']).message)
            .startsWith("promoteToProd: 'approvalTimeout' must be a number of minutes")
        assertThat(runStepExpectingError('promoteToProd', promote + [approvers: null]).message)
            .startsWith("promoteToProd: 'approvers' is required")
        assertThat(shCalls).isEmpty()
    }
}
