package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class RefreshIntegrationDbStepTests extends LibraryTestBase {

    Map refresh = [client: 'acme', settingsCredentialsId: 'acme-integration-settings',
                   prodSettingsCredentialsId: 'acme-prod-settings', databaseCredentialsId: 'acme-db-admin',
                   rancherCredentialsId: 'acme-rancher', databaseHost: 'pg.example.com']

    @Test
    void itRefreshesUnderTheIntegrationLockWithBothSettingsFilesAndTheKeysInTheEnvironment() {
        runStep('refreshIntegrationDb', refresh)

        assertThat(events).containsExactly('lock rancher:acme-odoo-integration',
            'bind [acme-db-admin, acme-integration-settings, acme-prod-settings, acme-rancher]',
            'unlock rancher:acme-odoo-integration')
        Map call = cliCall('db refresh')
        assertThat(call.cli).containsExactly('db', 'refresh', '--project', '.', '--instance', 'integration',
            '--env-file', '$OP_ENV_FILE', '--from', 'prod', '--from-env-file', '$OP_PROD_ENV_FILE', '--yes',
            '--client', 'acme')
        assertThat(call.env).containsEntry('PGHOST', 'pg.example.com')
            .containsEntry('PGPASSWORD', 'CANARY-PASSWORD-acme-db-admin')
            .containsEntry('RANCHER_SECRET_KEY', 'CANARY-PASSWORD-acme-rancher')
            .containsEntry('RANCHER_URL', 'https://rancher.example.com')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void withoutStoppingOdooNoRancherKeyIsBoundAndOptionsPassThrough() {
        runStep('refreshIntegrationDb', refresh + [stopOdoo: false, rancherCredentialsId: null,
                                                   baseUrl: 'https://int.acme.example.com', dryRun: true])

        Map call = cliCall('db refresh')
        assertThat(call.cli).endsWith('--no-stop-odoo', '--base-url', 'https://int.acme.example.com', '--dry-run')
        assertThat(call.env).doesNotContainKey('RANCHER_SECRET_KEY')
    }

    @Test
    void aFailedRefreshFailsTheBuildAndReleasesTheLock() {
        cliStatus['db refresh'] = 3

        Throwable error = runStepExpectingError('refreshIntegrationDb', refresh)

        assertThat(error.message).contains('exit 3')
        assertThat(events.last()).isEqualTo('unlock rancher:acme-odoo-integration')
    }

    @Test
    void itRefusesMissingOrSwappedCredentialsBeforeAnything() {
        assertThat(runStepExpectingError('refreshIntegrationDb', refresh + [prodSettingsCredentialsId: null]).message)
            .startsWith("refreshIntegrationDb: 'prodSettingsCredentialsId' is required")
        assertThat(runStepExpectingError('refreshIntegrationDb',
            refresh + [prodSettingsCredentialsId: 'acme-integration-settings']).message)
            .contains('are the same credential')
        assertThat(runStepExpectingError('refreshIntegrationDb', refresh + [rancherCredentialsId: null]).message)
            .startsWith("refreshIntegrationDb: 'stopOdoo: true' (the default) needs 'rancherCredentialsId'")
        assertThat(runStepExpectingError('refreshIntegrationDb', refresh + [prodDb: 'x']).message)
            .startsWith('refreshIntegrationDb: unknown parameter')
        assertThat(events).isEmpty()
    }
}
