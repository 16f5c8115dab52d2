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
    void itRefusesOnlyWhatTheCliCannotSayBeforeRunningAnything() {
        assertThat(runStepExpectingError('testOdooImage', [:]).message)
            .isEqualTo("testOdooImage: 'image' is required: the built image REPO:TAG (what buildOdooImage returned)")
        assertThat(runStepExpectingError('testOdooImage', [image: ref, lint: false, tests: false, scenario: false]).message)
            .startsWith('testOdooImage: every phase is off')
        assertThat(runStepExpectingError('testOdooImage', [image: ref, timeouts: [test: '5m']]).message)
            .startsWith("testOdooImage: 'timeouts' must map lint, db, tests, scenario or upgrade")
        assertThat(runStepExpectingError('testOdooImage', [image: ref, upgrade: 'x:1']).message)
            .startsWith('testOdooImage: unknown parameter(s) [upgrade]')
        assertThat(shCalls).isEmpty()
    }

    @Test
    void aBadImageReferenceIsTheClisToRefuseAndItsExit2FailsTheStep() {
        // the CLI validates references (ImageReference: exit 2, nothing created); the step passes the value through
        cliStatus['image test'] = 2
        cliStderr['image test'] = "error: --image registry.example.com/acme/acme_odoo: give a tag or a digest (REPO:TAG or REPO@sha256:...)"

        Throwable error = runStepExpectingError('testOdooImage', [image: 'registry.example.com/acme/acme_odoo', runtime: 'lxc'])

        assertThat(cliCall('image test').cli).containsSequence('--image', 'registry.example.com/acme/acme_odoo', '--runtime', 'lxc')
        assertThat(error.message).startsWith('odoo-platform image test').contains('exit 2 (bad input, nothing was changed)',
            'give a tag or a digest (REPO:TAG or REPO@sha256:...)')
        assertThat(events).containsExactly('junit test-reports/**/*.xml')
    }

    @Test
    void thePreviousReleaseIsResolvedByTheCliWithTheRegistryLoginAndAPublishedImageCanBePulled() {
        runStep('testOdooImage', [image: ref, upgradeFrom: 'previous-release', pull: true, lintIn: 'image',
                                  registryCredentialsId: 'acme-registry'])

        assertThat(cliCalls()).containsExactly(['image', 'test', '--project', '.', '--image', ref, '--runtime', 'auto',
                                                '--junit', 'test-reports', '--lint-in', 'image', '--pull',
                                                '--upgrade-from', 'previous-release'])
        assertThat(cliCall('image test').env.REGISTRY_USERNAME).isEqualTo('CANARY-USER-acme-registry')
        assertThat(cliCall('image test').env.REGISTRY_PASSWORD).isEqualTo('CANARY-PASSWORD-acme-registry')
        assertNoCredentialInAnyCallArgument()
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

    @Test
    void aTagBuildWhoseImageExistsTestsTheUpgradeFromThePreviousReleaseBeforePromotingIt() {
        multibranchTag('10.2.0')
        outsideAnyNode()

        runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo', askResetIntegrationDb: 0])

        assertThat(cliCommands()).containsExactly('image resolve', 'image test', 'image promote', 'deploy')
        assertThat(cliCall('image test').cli).containsExactly('image', 'test', '--project', '.', '--image',
            "registry.example.com/acme/acme_odoo:${TAG_COMMIT}".toString(), '--runtime', 'auto', '--junit', 'test-reports',
            '--no-lint', '--pull', '--no-tests', '--no-scenario', '--upgrade-from', 'previous-release')
        assertThat(cliCall('image test').env.REGISTRY_USERNAME).isEqualTo('CANARY-USER-acme-registry')
        assertThat(events.findAll { it.startsWith('stage') }).containsSubsequence('stage Release image', 'stage Test upgrade')
    }

    @Test
    void aTagBuildWithoutAnImageRunsEveryPhaseAndTheUpgradeFromThePreviousRelease() {
        multibranchTag('10.2.0')
        outsideAnyNode()
        cliStatus['image resolve'] = 3

        runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo', askResetIntegrationDb: 0])

        assertThat(cliCommands()).containsExactly('image resolve', 'image build', 'image test', 'image publish', 'image promote', 'deploy')
        assertThat(cliCall('image test').cli).containsExactly('image', 'test', '--project', '.', '--image',
            "registry.example.com/acme/acme_odoo:${TAG_COMMIT}".toString(), '--runtime', 'auto', '--junit', 'test-reports',
            '--upgrade-from', 'previous-release')
    }

    @Test
    void aFailedUpgradeOrAMissingPreviousReleaseImageStopsTheReleaseBeforeThePromotion() {
        multibranchTag('10.2.0')
        outsideAnyNode()
        [1, 3].each { int status ->
            cliStatus['image test'] = status
            shCalls.clear()

            Throwable error = null
            try {
                runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo', askResetIntegrationDb: 0])
            } catch (Throwable t) {
                error = t
            }

            assertThat(error).as("image test exit ${status}".toString()).isNotNull()
            assertThat(cliCommands()).containsExactly('image resolve', 'image test')
        }
    }

    @Test
    void aTagBuildCanTurnTheUpgradeTestOffOrNameTheImageItStartsFrom() {
        multibranchTag('10.2.0')
        outsideAnyNode()
        runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo', askResetIntegrationDb: 0,
                                 imageTests: [upgradeFrom: false]])
        assertThat(cliCommands()).containsExactly('image resolve', 'image promote', 'deploy')

        shCalls.clear()
        runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo', askResetIntegrationDb: 0,
                                 imageTests: [upgradeFrom: 'registry.example.com/acme/acme_odoo:10.0.5']])
        assertThat(cliCall('image test').cli).containsSequence('--upgrade-from', 'registry.example.com/acme/acme_odoo:10.0.5')
    }

    @Test
    void masterBuildsTestTheUpgradeOnlyWhenAsked() {
        runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo'])
        assertThat(cliCall('image test').cli).doesNotContain('--upgrade-from', '--pull')

        shCalls.clear()
        runStep('odooPipeline', [client: 'acme', image: 'registry.example.com/acme/acme_odoo',
                                 imageTests: [upgradeFrom: 'previous-release']])
        assertThat(cliCall('image test').cli).containsSequence('--upgrade-from', 'previous-release').doesNotContain('--pull')
    }
}
