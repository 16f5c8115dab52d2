package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test

/** examples/jenkins/Jenkinsfile.fleet-status, with the library: the CLI call and the published page. */
class FleetStatusJobTests extends LibraryTestBase {

    List<Map> published = []

    @BeforeEach
    void fleetMocks() {
        helper.registerAllowedMethod('triggers', [Closure], { Closure body -> helper.callClosure(body) })
        helper.registerAllowedMethod('cron', [String], { String spec -> events << "cron ${spec}".toString() })
        helper.registerAllowedMethod('script', [Closure], { Closure body -> helper.callClosure(body) })
        helper.registerAllowedMethod('publishHTML', [Map], { Map m -> published << (m.target as Map) })
    }

    @Test
    void theJobListsTheFleetWithAReadOnlyKeyAndPublishesThePage() {
        runScript(loadScript('examples/jenkins/Jenkinsfile.fleet-status'))

        assertThat(cliCalls()).containsExactly(['status', '--all', '--html', 'fleet-status.html'])
        assertThat(cliCall('status').env.RANCHER_ACCESS_KEY).isNotNull()
        assertThat(events).contains('cron H/15 * * * *', 'stage Fleet status')
        assertThat(published*.reportFiles).containsExactly('fleet-status.html')
        assertNoCredentialInAnyCallArgument()
    }
}
