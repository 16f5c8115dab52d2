package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import org.junit.jupiter.api.Test

/** The test harness (LibraryTestBase) behaves as Jenkins does where the library depends on it. */
class JenkinsModelTests extends LibraryTestBase {

    @Test
    void withEnvDropsAVariableWhoseValueIsEmpty() {
        // workflow-basic-steps EnvStep.ExpanderImpl: env.overrideAll(overrides); EnvVars.override removes a key given ''
        env.KEEP = 'x'
        runPipeline('withEnvEmpty', '''withEnv(['KEEP=', 'SET=1']) { sh(label: 'look', script: 'env') }''')

        assertThat(shCalls[0].env).doesNotContainKey('KEEP').containsEntry('SET', '1')
        assertThat(env).containsEntry('KEEP', 'x')
    }

    @Test
    void shWithReturnStdoutDoesNotLogItsOutputButPlainShDoes() {
        // workflow-durable-task-step DurableTaskStep.Execution: returnStdout -> durableTask.captureOutput()
        shStdout['quiet'] = 'captured line'
        shStdout['loud'] = 'logged line'
        def value = runPipeline('shLog', '''sh(label: 'loud', script: 'x'); return sh(label: 'quiet', script: 'y', returnStdout: true)''')

        assertThat(value).isEqualTo('captured line')
        assertThat(log).contains('logged line').doesNotContain('captured line')
    }

    @Test
    void agentNoneGivesNoWorkspaceAndNodesAreRecorded() {
        // pipeline-model-definition: agent none allocates no node; workflow-durable-task-step ExecutorStep (node) does
        outsideAnyNode()

        assertThatThrownBy { runPipeline('shOutside', '''sh(label: 'x', script: 'true')''') }
            .isInstanceOf(AssertionError).hasMessageContaining('sh outside a node')
        runPipeline('shInside', '''node('docker') { sh(label: 'x', script: 'true') }''')
        assertThat(events).containsExactly('node docker', 'end node')
    }

    @Test
    void anInputInsideANodeOrALockFailsTheTest() {
        // pipeline-input-step InputStepExecution waits for a person: inside node/lock it would hold them meanwhile
        assertThatThrownBy { runPipeline('inputInNode', '''input(message: 'ok?')''') }
            .isInstanceOf(AssertionError).hasMessageContaining('input inside a node')
        outsideAnyNode()
        assertThatThrownBy { runPipeline('inputInLock', '''lock(resource: 'r') { input(message: 'ok?') }''') }
            .isInstanceOf(AssertionError).hasMessageContaining('input inside lock [r]')
    }

    @Test
    void anInputIsSettledOnlyByASubmitterOrAnAdministratorAndReturnsItsSingleValue() {
        // InputStepExecution.canSettle: submitter users or groups (split on ',', trimmed), or Jenkins.ADMINISTER
        outsideAnyNode()
        String code = '''return input(message: 'ok?', submitter: 'carol, acme-release-managers', submitterParameter: 'WHO')'''

        approver = 'alice'   // in the group
        assertThat(runPipeline('inputGroup', code)).isEqualTo('alice')
        approver = 'root'    // an administrator, in no listed group
        assertThat(runPipeline('inputAdmin', code)).isEqualTo('root')
        approver = 'mallory'
        assertThatThrownBy { runPipeline('inputOther', code) }.isInstanceOf(AssertionError).hasMessageContaining('mallory cannot approve')
        approver = 'alice'
        inputAnswers['RESET'] = true
        assertThat(runPipeline('inputParams', '''return input(message: 'm', parameters: [booleanParam(name: 'RESET', defaultValue: false)],
            submitterParameter: 'WHO')''')).isEqualTo([RESET: true, WHO: 'alice'])
    }

    @Test
    void aNestedLockOfTheSameResourceFailsTheTestInsteadOfWaitingForever() {
        // lockable-resources LockableResourcesManager: a resource locked by this very build is not free
        assertThatThrownBy { runPipeline('nestedLock', '''lock(resource: 'r') { lock(resource: 'r') { echo 'never' } }''') }
            .isInstanceOf(AssertionError).hasMessageContaining('would wait for itself forever')
    }

    @Test
    void branchAndTagVariablesFollowTheJobTypeAndGitCommitComesFromTheCheckout() {
        // branch-api BranchNameContributor (multibranch jobs only); GIT_COMMIT from git-plugin's checkout
        multibranchTag('10.2.0')
        assertThat(env).containsEntry('BRANCH_NAME', '10.2.0').containsEntry('TAG_NAME', '10.2.0').doesNotContainKey('GIT_COMMIT')
        multibranchPullRequest(7, 'master')
        assertThat(env).containsEntry('BRANCH_NAME', 'PR-7').containsEntry('CHANGE_ID', '7').containsEntry('CHANGE_TARGET', 'master')
            .doesNotContainKey('TAG_NAME')
        pipelineJob()
        assertThat(env).doesNotContainKey('BRANCH_NAME').doesNotContainKey('TAG_NAME')
        multibranchTag('10.2.0')
        def vars = runPipeline('checkoutTag', '''node { return checkout(scm) }''')
        assertThat(vars.GIT_COMMIT).isEqualTo(TAG_COMMIT)
    }

    @Test
    void declarativeAgentAnyChecksOutTheJobsScmAndAgentNoneDoesNot() {
        // pipeline-model-extensions CheckoutScript: withEnv(checkout(scm)) around the stages of an agent
        runPipeline('agentAny', '''pipeline { agent any; stages { stage('s') { steps { echo "commit ${env.GIT_COMMIT}" } } } }''')
        assertThat(log).contains("commit ${MASTER_COMMIT}".toString())
        log.clear()
        runPipeline('agentNone', '''pipeline { agent none; stages { stage('s') { steps { echo "commit ${env.GIT_COMMIT}" } } } }''')
        assertThat(log).contains('commit null')
    }
}
