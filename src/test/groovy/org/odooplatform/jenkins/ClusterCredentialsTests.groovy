package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

/** ClusterCredentials: what resetIntegrationDb, refreshIntegrationDb and deployRancherStack bind to reach the cluster. */
class ClusterCredentialsTests extends LibraryTestBase {

    private static final String USE_BOTH = '''import org.odooplatform.jenkins.ClusterCredentials
node {
    List bindings = []
    List<String> envList = []
    ClusterCredentials.addDatabaseAdmin(this, [databaseCredentialsId: 'pg-admin', databaseHost: 'db.example.com',
                                               databasePort: '5433'], bindings, envList)
    ClusterCredentials.addRancherKey(this, [rancherCredentialsId: 'rancher-key', rancherUrl: 'https://rancher.example.com'],
                                     bindings, envList)
    withCredentials(bindings) {
        withEnv(envList) {
            sh(label: 'uses the cluster', script: 'psql -c "select 1" && curl -su "$RANCHER_ACCESS_KEY:$RANCHER_SECRET_KEY" "$RANCHER_URL"')
        }
    }
}
'''

    @Test
    void theSecretsReachTheScriptOnlyAsBoundVariablesAndTheRestAsPlainEnvironment() {
        runPipeline('clusterCredentials', USE_BOTH)

        Map call = shCalls.find { it.label == 'uses the cluster' }
        assertThat(call.env.PGUSER).isEqualTo('CANARY-USER-pg-admin')
        assertThat(call.env.PGPASSWORD).isEqualTo('CANARY-PASSWORD-pg-admin')
        assertThat(call.env.RANCHER_ACCESS_KEY).isEqualTo('CANARY-USER-rancher-key')
        assertThat(call.env.RANCHER_SECRET_KEY).isEqualTo('CANARY-PASSWORD-rancher-key')
        assertThat(call.env.PGHOST).isEqualTo('db.example.com')
        assertThat(call.env.PGPORT).isEqualTo('5433')
        assertThat(call.env.RANCHER_URL).isEqualTo('https://rancher.example.com')
        assertThat(events).contains('bind [pg-admin, rancher-key]')
        // no canary in any script text, step argument (withEnv's list included) or log line
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void noHostOrPortGivenLeavesTheCliDefaults() {
        runPipeline('clusterCredentialsDefaults', '''import org.odooplatform.jenkins.ClusterCredentials
node {
    List bindings = []
    List<String> envList = []
    ClusterCredentials.addDatabaseAdmin(this, [databaseCredentialsId: 'pg-admin'], bindings, envList)
    withCredentials(bindings) {
        withEnv(envList) {
            sh(label: 'uses the cluster', script: 'psql -c "select 1"')
        }
    }
}
''')
        Map call = shCalls.find { it.label == 'uses the cluster' }
        assertThat(call.env.PGUSER).isEqualTo('CANARY-USER-pg-admin')
        assertThat(call.env).doesNotContainKeys('PGHOST', 'PGPORT', 'RANCHER_ACCESS_KEY', 'RANCHER_SECRET_KEY')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void withBoundBindsTheSettingsFileAndTheKeyForItsBodyAndReturnsTheBodysValue() {
        def result = runPipeline('clusterCredentialsBound', '''import org.odooplatform.jenkins.CliArgs
import org.odooplatform.jenkins.ClusterCredentials
node {
    List bindings = []
    List<String> envList = []
    ClusterCredentials.addRancherKey(this, [rancherCredentialsId: 'rancher-key', rancherUrl: 'https://rancher.example.com'],
                                     bindings, envList)
    ClusterCredentials.addSettingsFile(this, 'acme-prod-settings', 'OP_ENV_FILE', bindings)
    return ClusterCredentials.withBound(this, bindings, envList) {
        odooPlatformCli(args: ['diff', '--env-file', CliArgs.credentialFile('OP_ENV_FILE')], okStatus: [0, 4])
    }
}
''')

        assertThat(result.status).isEqualTo(4)
        Map diff = cliCall('diff')
        assertThat(diff.env.OP_ENV_FILE).isEqualTo('CANARY-/ws@tmp/secretFiles/FILE-acme-prod-settings')
        // the launcher expands the file path; the argument itself is only the variable's name
        assertThat(diff.env.OP_ARG_3_FROM).isEqualTo('OP_ENV_FILE')
        assertThat(diff.env.RANCHER_SECRET_KEY).isEqualTo('CANARY-PASSWORD-rancher-key')
        assertThat(diff.env.RANCHER_URL).isEqualTo('https://rancher.example.com')
        assertThat(events).contains('bind [rancher-key, acme-prod-settings]')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void stoppingOdooNeedsTheRancherKeyAndUrl() {
        // the library's classes load with the library, not on the test's class path: asked from a pipeline
        List answers = runPipeline('stopOdooNeedsRancher', '''import org.odooplatform.jenkins.ClusterCredentials
return [ClusterCredentials.stopOdooNeedsRancher([stopOdoo: true, rancherUrl: 'https://r'], "'stopOdoo: true'"),
        ClusterCredentials.stopOdooNeedsRancher([stopOdoo: true, rancherCredentialsId: 'k', rancherUrl: 'https://r'], 'x'),
        ClusterCredentials.stopOdooNeedsRancher([stopOdoo: false], 'x')]
''') as List

        assertThat(answers).containsExactly("'stopOdoo: true' needs 'rancherCredentialsId' and 'rancherUrl' (or RANCHER_URL)", null, null)
    }
}
