package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

/** RegistryCredentials: how buildOdooImage, testOdooImage, publishImage, promoteImage and promoteToProd give the CLI the registry credential. */
class RegistryCredentialsTests extends LibraryTestBase {

    @Test
    void theCredentialReachesOnlyTheCliCallAsBoundVariablesAndItsResultComesBack() {
        def result = runPipeline('registryCredentials', '''import org.odooplatform.jenkins.RegistryCredentials
node {
    return RegistryCredentials.cli(this, 'acme-registry', 'registry.example.com/acme/acme_odoo',
                                   [args: ['image', 'resolve', 'registry.example.com/acme/acme_odoo:10.2.0'], okStatus: [0, 3]])
}
''')

        assertThat(result.status).isEqualTo(0)
        assertThat(result.value).isEqualTo("registry.example.com/acme/acme_odoo@${DIGEST}".toString())
        Map resolve = cliCall('image resolve')
        assertRegistryCredentialOnlyInEnvironment(resolve, 'acme-registry')
        assertThat(files).isEmpty()
        assertThat(events).contains('bind [acme-registry]')
        // no canary in any script text, step argument or log line
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void theCallsOkStatusAndLabelArePassedOn() {
        cliStatus['image resolve'] = 3
        def result = runPipeline('registryCredentialsStatus', '''import org.odooplatform.jenkins.RegistryCredentials
node {
    return RegistryCredentials.cli(this, 'acme-registry', 'registry.example.com/acme/acme_odoo',
                                   [args: ['image', 'resolve', 'registry.example.com/acme/acme_odoo:9.9.9'], okStatus: [0, 3],
                                    label: 'resolve the release'])
}
''')

        assertThat(result.status).isEqualTo(3)
        assertThat(cliCall('image resolve').label).isEqualTo('resolve the release')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void withoutACredentialIdNothingIsBound() {
        def result = runPipeline('registryCredentialsNone', '''import org.odooplatform.jenkins.RegistryCredentials
node {
    return RegistryCredentials.cli(this, null, 'camptocamp/acme_odoo', [args: ['image', 'resolve', 'camptocamp/acme_odoo:1.0.0']])
}
''')

        assertThat(result.value).isEqualTo("camptocamp/acme_odoo@${DIGEST}".toString())
        assertThat(cliCall('image resolve').env).doesNotContainKeys('REGISTRY_USERNAME', 'REGISTRY_PASSWORD')
        assertThat(events.findAll { it.startsWith('bind') }).isEmpty()
    }
}
