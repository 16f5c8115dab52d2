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
            'image', 'build', '--project', '.', '--image', 'registry.example.com/acme/acme_odoo', '--tag', 'abc123',
            '--builder', 'auto', '--build-arg', 'BASE_IMAGE=camptocamp/odoo-project:11.0', '--label', 'team=acme',
            '--commit', env.GIT_COMMIT])
        assertThat(shCalls*.script).containsOnly(CLI_SCRIPT)
    }

    @Test
    void itLogsInToTheRegistryOnlyWhenGivenCredentialsAndRemovesTheLogin() {
        runStep('buildOdooImage', [image: 'registry.example.com/acme/acme_odoo', tag: 'abc123', registryCredentialsId: 'acme-registry'])

        assertThat(shCalls*.label).containsExactly('registry login registry.example.com',
            'odoo-platform image build --project . --image registry.example.com/acme/acme_odoo --tag abc123 --builder auto --commit ' + env.GIT_COMMIT,
            'registry logout')
        Map build = cliCall('image build')
        assertThat(build.env.DOCKER_CONFIG as String).startsWith('/ws@tmp/registry-auth-42-')
        assertThat(build.env.REGISTRY_AUTH_FILE).isEqualTo(build.env.DOCKER_CONFIG + '/config.json')
        assertThat(build.env.REGISTRY_PASSWORD).isEqualTo('CANARY-PASSWORD-acme-registry')
        assertThat(shCalls[0].script).contains('base64').doesNotContain('docker login --password ')
        assertThat(shCalls[2].script.trim()).isEqualTo('rm -rf "$DOCKER_CONFIG"')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void itRemovesTheRegistryLoginWhenTheBuildFails() {
        cliStatus['image build'] = 1

        Throwable error = runStepExpectingError('buildOdooImage',
            [image: 'registry.example.com/acme/acme_odoo', tag: 'abc123', registryCredentialsId: 'acme-registry'])

        assertThat(error.message).contains('image build').contains('exit 1 (failed after cleanup or rollback)')
        assertThat(shCalls.last().label).isEqualTo('registry logout')
    }

    @Test
    void itRefusesUnknownAndMissingParameters() {
        assertThat(runStepExpectingError('buildOdooImage', [image: 'r/a', tag: 't', tags: ['x']]).message)
            .startsWith('buildOdooImage: unknown parameter(s) [tags]; expected some of')
        assertThat(runStepExpectingError('buildOdooImage', [tag: 't']).message)
            .startsWith("buildOdooImage: 'image' is required")
        assertThat(runStepExpectingError('buildOdooImage', [image: 'r/a']).message)
            .startsWith("buildOdooImage: 'tag' is required")
        assertThat(runStepExpectingError('buildOdooImage', [image: 'r/a', tag: 't', builder: 'kaniko']).message)
            .startsWith("buildOdooImage: 'builder' must be auto, docker or buildah")
        assertThat(shCalls).isEmpty()
    }
}
