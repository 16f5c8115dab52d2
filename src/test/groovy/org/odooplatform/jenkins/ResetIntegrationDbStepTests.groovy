package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class ResetIntegrationDbStepTests extends LibraryTestBase {

    Map reset = [client: 'acme', settingsCredentialsId: 'acme-integration-settings', databaseCredentialsId: 'acme-db-admin',
                 databaseHost: 'pg.example.com', databasePort: '5433']

    @Test
    void itResetsTheDatabaseUnderTheIntegrationLockWithAdminCredentialsInTheEnvironment() {
        runStep('resetIntegrationDb', reset)

        assertThat(events).containsExactly('lock rancher:acme-odoo-integration', 'bind [acme-db-admin, acme-integration-settings]',
            'unlock rancher:acme-odoo-integration')
        Map call = cliCall('db reset')
        assertThat(call.cli).containsExactly('db', 'reset', '--project', '.', '--instance', 'integration',
            '--env-file', '$OP_ENV_FILE', '--yes', '--client', 'acme')
        assertThat(call.env).containsEntry('PGHOST', 'pg.example.com').containsEntry('PGPORT', '5433')
            .containsEntry('PGUSER', 'CANARY-USER-acme-db-admin').containsEntry('PGPASSWORD', 'CANARY-PASSWORD-acme-db-admin')
            .doesNotContainKey('RANCHER_SECRET_KEY')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void stoppingOdooAlsoBindsTheRancherKeys() {
        runStep('resetIntegrationDb', reset + [stopOdoo: true, rancherCredentialsId: 'acme-rancher', dryRun: true])

        Map call = cliCall('db reset')
        assertThat(call.cli).endsWith('--stop-odoo', '--dry-run')
        assertThat(call.env).containsEntry('RANCHER_SECRET_KEY', 'CANARY-PASSWORD-acme-rancher')
            .containsEntry('RANCHER_URL', 'https://rancher.example.com')
    }

    @Test
    void aFailedResetFailsTheBuildAndReleasesTheLock() {
        cliStatus['db reset'] = 2

        Throwable error = runStepExpectingError('resetIntegrationDb', reset)

        assertThat(error.message).contains('exit 2 (bad input, nothing was changed): error: db failed')
        assertThat(events.last()).isEqualTo('unlock rancher:acme-odoo-integration')
    }

    @Test
    void itRefusesMissingCredentials() {
        assertThat(runStepExpectingError('resetIntegrationDb', reset + [databaseCredentialsId: null]).message)
            .startsWith("resetIntegrationDb: 'databaseCredentialsId' is required")
        assertThat(runStepExpectingError('resetIntegrationDb', reset + [stopOdoo: true]).message)
            .startsWith("resetIntegrationDb: 'stopOdoo: true' needs 'rancherCredentialsId'")
        assertThat(events).isEmpty()
    }
}
