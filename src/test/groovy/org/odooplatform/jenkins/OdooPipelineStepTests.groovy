package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class OdooPipelineStepTests extends LibraryTestBase {

    String sha = 'c0ffee' * 6 + 'c0ff'
    Map pipeline = [client: 'acme', image: 'registry.example.com/acme/acme_odoo']

    @Test
    void onATagWithoutAnImageForTheCommitItBuildsPublishesThenPromotes() {
        env.TAG_NAME = '10.2.0'
        env.BRANCH_NAME = '10.2.0'
        cliStatus['image resolve'] = 3

        runPipeline('tagWithTests', '''odooPipeline(client: 'acme', image: 'registry.example.com/acme/acme_odoo',
            test: { image -> sh(label: "project tests of ${image}", script: './run-tests.sh') })''')

        assertThat(cliCommands()).containsExactly('image resolve', 'image build', 'image test', 'image publish',
            'image promote', 'deploy')
        assertThat(shCalls*.label).contains("project tests of registry.example.com/acme/acme_odoo:${sha}".toString())
        assertThat(cliCall('image publish').cli).doesNotContain('--also-tag')
        assertThat(cliCall('image promote').cli).containsSequence('--from', "registry.example.com/acme/acme_odoo:${sha}".toString(),
            '--to', 'registry.example.com/acme/acme_odoo:10.2.0')
        assertThat(events).contains('stage Build image', 'stage Test image', 'stage Test').doesNotContain('stage Reset integration database')
    }

    @Test
    void aTagThatIsNotAReleaseDoesNothing() {
        env.TAG_NAME = 'before-refactoring'

        Map result = runStep('odooPipeline', pipeline)

        assertThat(result.summary).isEmpty()
        assertThat(shCalls).isEmpty()
    }

    @Test
    void anotherBranchIsBuiltAndTestedButNeitherPublishedNorDeployed() {
        env.BRANCH_NAME = 'feature-x'

        Map result = runStep('odooPipeline', pipeline)

        assertThat(cliCommands()).containsExactly('image build', 'image test')
        assertThat(result.summary).containsExactly(
            "built registry.example.com/acme/acme_odoo:${sha} (branch feature-x: not published, not deployed)".toString())
    }

    @Test
    void aFailingTestStopsBeforeAnythingIsPublished() {
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
    void itRefusesAMissingClientAnImageWithATagAndAMissingCommit() {
        assertThat(runStepExpectingError('odooPipeline', [image: 'r/a']).message)
            .startsWith("odooPipeline: 'client' is required")
        assertThat(runStepExpectingError('odooPipeline', pipeline + [image: 'r.example.com/a/b:latest']).message)
            .startsWith("odooPipeline: 'image' is required: the image repository without tag")
        assertThat(runStepExpectingError('odooPipeline', pipeline + [resetDb: true]).message)
            .startsWith('odooPipeline: unknown parameter(s) [resetDb]')
        env.remove('GIT_COMMIT')
        assertThat(runStepExpectingError('odooPipeline', pipeline).message)
            .startsWith('odooPipeline: GIT_COMMIT is not set')
        assertThat(shCalls).isEmpty()
    }
}
