package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class PromoteToProdStepTests extends LibraryTestBase {

    Map promote = [client: 'acme', image: 'registry.example.com/acme/acme_odoo', version: '10.2.0',
                   approvers: 'acme-release-managers']
    String digestRef = "registry.example.com/acme/acme_odoo@${DIGEST}"

    @Test
    void itChecksThePlanAsksForApprovalThenDeploysTheDigestRecordingTheApprover() {
        approver = 'alice'

        Map result = runStep('promoteToProd', promote)

        assertThat(cliCalls()).containsExactly(
            ['image', 'resolve', 'registry.example.com/acme/acme_odoo:10.2.0'],
            ['diff', '--project', '.', '--instance', 'prod', '--env-file', '$OP_ENV_FILE', '--client', 'acme',
             '--image', digestRef, '--require-same-as', 'integration'],
            ['deploy', '--project', '.', '--instance', 'prod', '--env-file', '$OP_ENV_FILE', '--image', digestRef,
             '--client', 'acme', '--timeout', '15m', '--commit', env.GIT_COMMIT, '--triggered-by', env.BUILD_URL,
             '--approved-by', 'alice', '--require-same-as', 'integration'])
        assertThat(events.findAll { !it.startsWith('bind') }).containsExactly('stage Resolve version', 'stage Plan', 'stage Approval',
            'timeout 60 MINUTES', 'input submitter=acme-release-managers submitterParameter=APPROVER',
            'stage Deploy prod', 'lock rancher:acme-odoo-prod', 'unlock rancher:acme-odoo-prod')
        assertThat(lockCalls[0].inversePrecedence).isEqualTo(false)
        assertThat(result).containsEntry('approvedBy', 'alice').containsEntry('digest', digestRef).containsEntry('deployed', true)
        assertThat(binding.getVariable('currentBuild').description as String).isEqualTo('prod 10.2.0 approved by alice')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aVersionIntegrationDoesNotRunStopsBeforeTheApprovalUnlessForced() {
        cliStatus['diff'] = 3

        Throwable error = runStepExpectingError('promoteToProd', promote)

        assertThat(error.message).isEqualTo("promoteToProd: 10.2.0 (${digestRef}) is not what acme-odoo-integration runs; ".toString() +
            'deploy it there first, or run again with force')
        assertThat(events).noneMatch { it.startsWith('input') || it.startsWith('lock') }

        cliStatus.clear()
        shCalls.clear()
        runStep('promoteToProd', promote + [force: true])
        assertThat(cliCalls()*.join(' ')).noneMatch { it.contains('--require-same-as') }
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
    void itRefusesAVersionThatIsNotXYZ() {
        assertThat(runStepExpectingError('promoteToProd', promote + [version: 'latest']).message)
            .isEqualTo("promoteToProd: 'version' is required as X.Y.Z (a released tag), not 'latest'")
        assertThat(runStepExpectingError('promoteToProd', promote + [approvalTimeout: '1h']).message)
            .startsWith("promoteToProd: 'approvalTimeout' must be a number of minutes")
        assertThat(shCalls).isEmpty()
    }
}
