package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

/**
 * testOdooImage and its place in odooPipeline. Jenkins' junit step (junit-plugin JUnitResultArchiver)
 * is recorded; `allowEmptyResults` keeps a run that failed before any report from failing the step itself.
 */
class TestOdooImageStepTests extends LibraryTestBase {

    String sha = 'c0ffee' * 6 + 'c0ff'
    String ref = 'registry.example.com/acme/acme_odoo:abc123'

    @Test
    void itRunsEveryPhaseByDefaultAndRecordsTheReports() {
        def result = runStep('testOdooImage', [image: ref])

        assertThat(result).isEqualTo(ref)
        assertThat(cliCalls()).containsExactly(['image', 'test', '--project', '.', '--image', ref, '--runtime', 'auto',
                                                '--junit', 'test-reports'])
        assertThat(events).containsExactly('junit test-reports/**/*.xml')
    }

    @Test
    void phasesCanBeTurnedOffAndTheUpgradeAndTimeoutsGiven() {
        runStep('testOdooImage', [image: ref, lint: false, scenario: false, upgradeFrom: 'registry.example.com/acme/acme_odoo:10.1.0',
                                  dbImage: 'postgres:15', runtime: 'podman', reports: 'out/tests', dbCache: '/var/cache/dumps',
                                  timeouts: [tests: '90m', db: '5m']])

        assertThat(cliCalls()).containsExactly(['image', 'test', '--project', '.', '--image', ref, '--runtime', 'podman',
                                                '--junit', 'out/tests', '--no-lint', '--no-scenario',
                                                '--upgrade-from', 'registry.example.com/acme/acme_odoo:10.1.0',
                                                '--db-image', 'postgres:15', '--db-cache', '/var/cache/dumps',
                                                '--tests-timeout', '90m', '--db-timeout', '5m'])
        assertThat(events).containsExactly('junit out/tests/**/*.xml')
    }

    @Test
    void aFailedPhaseRecordsTheReportsThenFailsTheBuild() {
        cliStatus['image test'] = 1

        Throwable error = runStepExpectingError('testOdooImage', [image: ref])

        assertThat(error.message).isEqualTo("testOdooImage: ${ref} failed its tests (see the messages above and the test report);"
            + ' it is not published')
        assertThat(events).containsExactly('junit test-reports/**/*.xml')
    }

    @Test
    void aPreconditionFailureStillRecordsWhateverReportsThereAre() {
        cliStatus['image test'] = 3

        Throwable error = runStepExpectingError('testOdooImage', [image: ref])

        assertThat(error.message).startsWith('odoo-platform image test').contains('exit 3 (precondition not met)')
        assertThat(events).containsExactly('junit test-reports/**/*.xml')
    }

    @Test
    void itRefusesBadParametersBeforeRunningAnything() {
        assertThat(runStepExpectingError('testOdooImage', [image: 'registry.example.com/acme/acme_odoo']).message)
            .startsWith("testOdooImage: 'image' is required as REPO:TAG")
        assertThat(runStepExpectingError('testOdooImage', [image: ref, runtime: 'lxc']).message)
            .isEqualTo("testOdooImage: 'runtime' must be auto, docker or podman, not 'lxc'")
        assertThat(runStepExpectingError('testOdooImage', [image: ref, lint: false, tests: false, scenario: false]).message)
            .startsWith('testOdooImage: every phase is off')
        assertThat(runStepExpectingError('testOdooImage', [image: ref, timeouts: [test: '5m']]).message)
            .startsWith("testOdooImage: 'timeouts' must map lint, db, tests, scenario or upgrade")
        assertThat(runStepExpectingError('testOdooImage', [image: ref, timeouts: [tests: 'soon']]).message)
            .startsWith("testOdooImage: 'timeouts' must map")
        assertThat(runStepExpectingError('testOdooImage', [image: ref, upgrade: 'x:1']).message)
            .startsWith('testOdooImage: unknown parameter(s) [upgrade]')
        assertThat(shCalls).isEmpty()
    }

    @Test
    void odooPipelineTestsTheImageBeforePublishingIt() {
        runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo', imageTests: [lint: false]])

        assertThat(cliCommands()).containsExactly('image build', 'image test', 'image publish', 'deploy')
        assertThat(cliCall('image test').cli).containsExactly('image', 'test', '--project', '.', '--image',
            "registry.example.com/acme/acme_odoo:${sha}".toString(), '--runtime', 'auto', '--junit', 'test-reports', '--no-lint')
        assertThat(events.findAll { it.startsWith('stage') || it.startsWith('junit') }).containsExactly('stage Build image',
            'stage Test image', 'junit test-reports/**/*.xml', 'stage Publish image', 'stage Deploy test')
    }

    @Test
    void aFailedImageTestStopsThePipelineBeforePublishAndDeploy() {
        cliStatus['image test'] = 1

        Throwable error = null
        try {
            runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo'])
        } catch (Throwable t) {
            error = t
        }

        assertThat(error.message).startsWith("testOdooImage: registry.example.com/acme/acme_odoo:${sha} failed its tests".toString())
        assertThat(cliCommands()).containsExactly('image build', 'image test')
    }

    @Test
    void imageTestsFalseTurnsThemOffAndAnythingElseIsRefused() {
        runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo', imageTests: false])
        assertThat(cliCommands()).containsExactly('image build', 'image publish', 'deploy')

        assertThat(runStepExpectingError('odooPipeline', [client: 'acme', image: 'r.example.com/a/b', imageTests: true]).message)
            .startsWith("odooPipeline: 'imageTests' must be a map of testOdooImage parameters")
    }
}
