package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class PublishImageStepTests extends LibraryTestBase {

    @Test
    void itPushesTheImageWithItsExtraTagsAndReturnsTheDigest() {
        def digest = runStep('publishImage', [image: 'registry.example.com/acme/acme_odoo:abc123', tags: ['latest', 'master'],
                                              registryCredentialsId: 'acme-registry'])

        assertThat(digest).isEqualTo("registry.example.com/acme/acme_odoo@${DIGEST}".toString())
        Map publish = cliCall('image publish')
        String config = publish.env.REGISTRY_AUTH_FILE
        assertThat(publish.cli).containsExactly('image', 'publish', '--image', 'registry.example.com/acme/acme_odoo:abc123',
            '--also-tag', 'latest,master', '--registry-config', config)
        assertThat(config).matches('/ws@tmp/registry-auth-42-[0-9a-f-]+/config.json')
        assertThat(publish.env.REGISTRY_USERNAME).isEqualTo('CANARY-USER-acme-registry')
        assertThat(shCalls[0].env.OP_REGISTRY).isEqualTo('registry.example.com')
        assertThat(shCalls*.label).containsExactly('registry login registry.example.com',
            'odoo-platform image publish --image registry.example.com/acme/acme_odoo:abc123 --also-tag latest,master --registry-config ' + config,
            'registry logout')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void itLogsInToDockerHubForAnImageWithoutRegistryHost() {
        runStep('publishImage', [image: 'camptocamp/acme_odoo:abc123', registryCredentialsId: 'hub', insecureRegistry: true])

        assertThat(shCalls[0].env.OP_REGISTRY).isEqualTo('https://index.docker.io/v1/')
        assertThat(cliCall('image publish').cli).endsWith('--insecure-registry').doesNotContain('--also-tag')
    }

    @Test
    void aFailedPushFailsTheBuildAndRemovesTheLogin() {
        cliStatus['image publish'] = 1

        Throwable error = runStepExpectingError('publishImage', [image: 'registry.example.com/acme/acme_odoo:abc123',
                                                                 registryCredentialsId: 'acme-registry'])

        assertThat(error.message).startsWith('odoo-platform image publish').contains('exit 1 (failed after cleanup or rollback)')
        assertThat(shCalls.last().label).isEqualTo('registry logout')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void itRefusesAnImageWithoutTagBadTagsAndMissingCredentials() {
        assertThat(runStepExpectingError('publishImage', [image: 'registry.example.com/acme/acme_odoo', registryCredentialsId: 'r']).message)
            .isEqualTo("publishImage: 'image' is required as REPO:TAG (what buildOdooImage returned), not 'registry.example.com/acme/acme_odoo'")
        assertThat(runStepExpectingError('publishImage', [image: 'r/a:t', tags: 'latest', registryCredentialsId: 'r']).message)
            .startsWith("publishImage: 'tags' must be a list of tags")
        assertThat(runStepExpectingError('publishImage', [image: 'r/a:t']).message)
            .startsWith("publishImage: 'registryCredentialsId' is required")
        assertThat(runStepExpectingError('publishImage', [image: 'r/a:t', registryCredentialsId: 'r', tag: 'x']).message)
            .startsWith('publishImage: unknown parameter(s) [tag]')
        assertThat(shCalls).isEmpty()
    }
}
