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
}
