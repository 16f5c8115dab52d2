package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class BuildOdooImageStepTests extends LibraryTestBase {

    @Test
    void itBuildsTheProjectImageAndReturnsItsReference() {
        def ref = runStep('buildOdooImage', [image: 'registry.example.com/acme/acme_odoo', tag: 'abc123',
                                             buildArgs: [BASE_IMAGE: 'camptocamp/odoo-project:11.0'], labels: [team: 'acme']])

        assertThat(ref).isEqualTo('registry.example.com/acme/acme_odoo:abc123')
        assertThat(cliCalls()).containsExactly([
            'image', 'build', '--project', '.', '--repository', 'registry.example.com/acme/acme_odoo', '--tag', 'abc123',
            '--builder', 'auto', '--build-arg', 'BASE_IMAGE=camptocamp/odoo-project:11.0', '--label', 'team=acme',
            '--commit', env.GIT_COMMIT])
        assertThat(shCalls*.script).containsOnly(CLI_SCRIPT)
    }

    @Test
    void withCredentialsTheCliGetsThemFromTheEnvironmentAndNoConfigFileIsWritten() {
        runStep('buildOdooImage', [image: 'registry.example.com/acme/acme_odoo', tag: 'abc123', registryCredentialsId: 'acme-registry'])

        assertThat(shCalls*.label).containsExactly(
            'odoo-platform image build --project . --repository registry.example.com/acme/acme_odoo --tag abc123 --builder auto --commit ' + env.GIT_COMMIT)
        Map build = cliCall('image build')
        assertRegistryCredentialOnlyInEnvironment(build, 'acme-registry')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aFailedBuildFailsTheStepWithTheCliMessage() {
        cliStatus['image build'] = 1
        cliStderr['image build'] = 'error: buildah bud failed at step 3'

        Throwable error = runStepExpectingError('buildOdooImage',
            [image: 'registry.example.com/acme/acme_odoo', tag: 'abc123', registryCredentialsId: 'acme-registry'])

        assertThat(error.message).contains('image build').endsWith('exit 1 (failed after cleanup or rollback): error: buildah bud failed at step 3')
    }

    @Test
    void itRefusesUnknownAndMissingParameters() {
        assertThat(runStepExpectingError('buildOdooImage', [image: 'r/a', tag: 't', tags: ['x']]).message)
            .startsWith('buildOdooImage: unknown parameter(s) [tags]; expected some of')
        assertThat(runStepExpectingError('buildOdooImage', [tag: 't']).message)
            .startsWith("buildOdooImage: 'image' is required")
        assertThat(runStepExpectingError('buildOdooImage', [image: 'r/a']).message)
            .startsWith("buildOdooImage: 'tag' is required")
        assertThat(shCalls).isEmpty()
    }
}
