package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

/** odooPipeline called from `agent none` (Jenkinsfile.example): it takes its own nodes and checks out the scm. */
class OdooPipelineStepTests extends LibraryTestBase {

    Map pipeline = [client: 'acme', image: 'registry.example.com/acme/acme_odoo']

    @Test
    void onATagWithoutAnImageForTheCommitItBuildsPublishesThenPromotes() {
        multibranchTag('10.2.0')
        outsideAnyNode()
        cliStatus['image resolve'] = 3

        runPipeline('tagWithTests', '''odooPipeline(client: 'acme', image: 'registry.example.com/acme/acme_odoo',
            test: { image -> sh(label: "project tests of ${image}", script: './run-tests.sh') })''')

        assertThat(cliCommands()).containsExactly('image resolve', 'image build', 'image test', 'image publish',
            'image promote', 'deploy')
        assertThat(shCalls*.label).contains("project tests of registry.example.com/acme/acme_odoo:${TAG_COMMIT}".toString())
        assertThat(cliCall('image publish').cli).doesNotContain('--also-tag')
        assertThat(cliCall('image promote').cli).containsSequence('--from', "registry.example.com/acme/acme_odoo:${TAG_COMMIT}".toString(),
            '--to', 'registry.example.com/acme/acme_odoo:10.2.0')
        assertThat(cliCall('deploy').cli).containsSequence('--commit', TAG_COMMIT)
        assertThat(events).contains('stage Build image', 'stage Test image', 'stage Test').doesNotContain('stage Reset integration database')
    }

    @Test
    void onMasterItBuildsTheCheckedOutCommitInOneNode() {
        outsideAnyNode()

        runStep('odooPipeline', pipeline)

        assertThat(events.findAll { it.startsWith('node') || it == 'end node' || it.startsWith('checkout') })
            .containsExactly('node', 'checkout master', 'end node')
        assertThat(cliCall('image build').cli).containsSequence('--tag', MASTER_COMMIT)
        assertThat(cliCall('deploy').cli).containsSequence('--commit', MASTER_COMMIT)
    }

    @Test
    void aTagThatIsNotAReleaseDoesNothing() {
        multibranchTag('before-refactoring')
        outsideAnyNode()

        Map result = runStep('odooPipeline', pipeline)

        assertThat(result.summary).isEmpty()
        assertThat(shCalls).isEmpty()
    }

    @Test
    void anotherBranchOrAPullRequestIsBuiltAndTestedButNeitherPublishedNorDeployed() {
        multibranchPullRequest(7, 'master')
        outsideAnyNode()

        Map result = runStep('odooPipeline', pipeline)

        assertThat(cliCommands()).containsExactly('image build', 'image test')
        assertThat(result.summary).containsExactly(
            "built registry.example.com/acme/acme_odoo:${PR_COMMIT} (branch PR-7: not published, not deployed)".toString())
    }

    @Test
    void aFailingTestStopsBeforeAnythingIsPublished() {
        outsideAnyNode()
        failingShLabels << 'project tests'
        Throwable error = null
        try {
            runPipeline('failingTests', '''odooPipeline(client: 'acme', image: 'registry.example.com/acme/acme_odoo',
                test: { image -> sh(label: 'project tests', script: './run-tests.sh') })''')
        } catch (Throwable t) {
            error = t
        }

        assertThat(error.message).isEqualTo('script returned exit code 1')
        assertThat(cliCommands()).containsExactly('image build', 'image test')
    }

    @Test
    void itRefusesAMissingClientOrImageAndUnknownOrRemovedParameters() {
        assertThat(runStepExpectingError('odooPipeline', [image: 'r/a']).message)
            .startsWith("odooPipeline: 'client' is required")
        assertThat(runStepExpectingError('odooPipeline', [client: 'acme']).message)
            .startsWith("odooPipeline: 'image' is required")
        assertThat(runStepExpectingError('odooPipeline', pipeline + [resetIntegrationDb: true]).message)
            .startsWith('odooPipeline: unknown parameter(s) [resetIntegrationDb]')
        assertThat(runStepExpectingError('odooPipeline', pipeline + [askResetIntegrationDb: '5m']).message)
            .startsWith("odooPipeline: 'askResetIntegrationDb' must be a number of minutes")
        assertThat(shCalls).isEmpty()
    }
}
