package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class PromoteImageStepTests extends LibraryTestBase {

    @Test
    void itGivesTheReleaseTagToThePushedDigestWithRegistryCredentialsFromTheEnvironment() {
        def digest = runStep('promoteImage', [from: "registry.example.com/acme/acme_odoo@${DIGEST}".toString(),
                                              to: 'registry.example.com/acme/acme_odoo:10.2.0', registryCredentialsId: 'acme-registry'])

        assertThat(digest).isEqualTo("registry.example.com/acme/acme_odoo@${DIGEST}".toString())
        Map promote = cliCall('image promote')
        assertThat(promote.cli).containsExactly('image', 'promote', '--from', "registry.example.com/acme/acme_odoo@${DIGEST}".toString(),
            '--to', 'registry.example.com/acme/acme_odoo:10.2.0')
        assertRegistryCredentialOnlyInEnvironment(promote, 'acme-registry')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aReleaseTagOnAnotherDigestStopsTheBuildUnlessForced() {
        cliStatus['image promote'] = 3

        Throwable error = runStepExpectingError('promoteImage', [from: 'r.example.com/a/b:abc', to: 'r.example.com/a/b:1.0.0',
                                                                 registryCredentialsId: 'r'])

        assertThat(error.message).contains('exit 3 (precondition not met)')

        cliStatus.clear()
        runStep('promoteImage', [from: 'r.example.com/a/b:abc', to: 'r.example.com/a/b:1.0.0', registryCredentialsId: 'r', force: true])
        assertThat(cliCalls().last()).endsWith('--force')
    }

    @Test
    void theCliChecksTheReferencesAndTheStepOnlyWhatIsMissing() {
        assertThat(runStepExpectingError('promoteImage', [from: 'r/a:abc', registryCredentialsId: 'r']).message)
            .isEqualTo("promoteImage: 'to' is required: REPO:X.Y.Z, the release tag")
        assertThat(runStepExpectingError('promoteImage', [to: 'r/a:1.0.0', registryCredentialsId: 'r']).message)
            .startsWith("promoteImage: 'from' is required")
        assertThat(shCalls).isEmpty()
        cliStatus['image promote'] = 2
        cliStderr['image promote'] = "error: --to r/a:latest: expected a release tag X.Y.Z"
        assertThat(runStepExpectingError('promoteImage', [from: 'r/a:abc', to: 'r/a:latest', registryCredentialsId: 'r']).message)
            .endsWith("exit 2 (bad input, nothing was changed): error: --to r/a:latest: expected a release tag X.Y.Z")
    }
}
