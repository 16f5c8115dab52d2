package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class PublishImageStepTests extends LibraryTestBase {

    @Test
    void itPushesTheImageWithItsExtraTagsAndReturnsTheDigestWithCredentialsOnlyInTheEnvironment() {
        def digest = runStep('publishImage', [image: 'registry.example.com/acme/acme_odoo:abc123', tags: ['latest', 'master'],
                                              registryCredentialsId: 'acme-registry'])

        assertThat(digest).isEqualTo("registry.example.com/acme/acme_odoo@${DIGEST}".toString())
        Map publish = cliCall('image publish')
        assertThat(publish.cli).containsExactly('image', 'publish', '--image', 'registry.example.com/acme/acme_odoo:abc123',
            '--also-tag', 'latest,master')
        assertRegistryCredentialOnlyInEnvironment(publish, 'acme-registry')
        assertThat(files).isEmpty()
        assertThat(shCalls*.label).containsExactly(
            'odoo-platform image publish --image registry.example.com/acme/acme_odoo:abc123 --also-tag latest,master')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aBodyThatRunsDockerItselfGetsAConfigFileRemovedInFinally() {
        // the registry is the CLI's answer (ImageRegistryHostCommandTest tests the rule itself)
        cliStdout['image registry-host'] = 'https://index.docker.io/v1/'
        runPipeline('dockerConfig', """withRegistryLogin(credentialsId: 'hub', image: 'camptocamp/acme_odoo:abc123', dockerConfig: true) { config ->
            sh(label: "docker pull with \${config}", script: 'docker pull camptocamp/acme_odoo:abc123')
        }""")

        assertThat(cliCalls()).containsExactly(['image', 'registry-host', 'camptocamp/acme_odoo:abc123'])
        // asked before the credential is bound
        assertThat(shCalls[0].env).doesNotContainKeys('REGISTRY_USERNAME', 'REGISTRY_PASSWORD')
        Map login = shCalls[1]
        assertThat(login.env.OP_REGISTRY).isEqualTo('https://index.docker.io/v1/')
        assertThat(shCalls.drop(1)*.label).containsExactly('registry login https://index.docker.io/v1/',
            "docker pull with ${login.env.REGISTRY_AUTH_FILE}".toString(), 'registry logout')
        assertThat(login.env.REGISTRY_AUTH_FILE).matches('/ws@tmp/registry-auth-42-[0-9a-f-]+/config.json')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void aGivenRegistryNeedsNoQuestion() {
        runPipeline('dockerConfigRegistry', """withRegistryLogin(credentialsId: 'r', registry: 'registry.example.com', dockerConfig: true) { config ->
            sh(label: 'docker pull', script: 'docker pull registry.example.com/acme/acme_odoo:1')
        }""")

        assertThat(cliCalls()).isEmpty()
        assertThat(shCalls[0].env.OP_REGISTRY).isEqualTo('registry.example.com')
    }

    @Test
    void aFailedPushFailsTheBuildAndRemovesTheLogin() {
        cliStatus['image publish'] = 1

        Throwable error = runStepExpectingError('publishImage', [image: 'registry.example.com/acme/acme_odoo:abc123',
                                                                 registryCredentialsId: 'acme-registry'])

        assertThat(error.message).startsWith('odoo-platform image publish').contains('exit 1 (failed after cleanup or rollback)')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void itRefusesAMissingImageBadTagsParameterAndMissingCredentials() {
        assertThat(runStepExpectingError('publishImage', [registryCredentialsId: 'r']).message)
            .isEqualTo("publishImage: 'image' is required: REPO:TAG, what buildOdooImage returned")
        assertThat(runStepExpectingError('publishImage', [image: 'r/a:t', tags: 'latest', registryCredentialsId: 'r']).message)
            .startsWith("publishImage: 'tags' must be a list of tags")
        assertThat(runStepExpectingError('publishImage', [image: 'r/a:t']).message)
            .startsWith("publishImage: 'registryCredentialsId' is required")
        assertThat(runStepExpectingError('publishImage', [image: 'r/a:t', registryCredentialsId: 'r', tag: 'x']).message)
            .startsWith('publishImage: unknown parameter(s) [tag]')
        assertThat(shCalls).isEmpty()
    }
}
