package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import org.junit.jupiter.api.Test

class BumpReleaseStepTests extends LibraryTestBase {

    @Test
    void itBumpsCommitsAndTagsWithTheHistorySectionWithoutPushingByDefault() {
        files['./odoo/VERSION'] = '10.2.0\n'

        def version = runStep('bumpRelease', [kind: 'feature', date: '2026-11-26'])

        assertThat(version).isEqualTo('10.2.0')
        assertThat(cliCalls()).containsExactly(
            ['release', 'bump', '--feature', '--project', '.', '--date', '2026-11-26'],
            ['release', 'check', '--project', '.'],
            ['release', 'notes', '10.2.0', '--project', '.'])
        assertThat(files['/ws@tmp/release-10.2.0.txt']).isEqualTo('10.2.0 (2026-11-26)\n+++++++++++++++++++\n\n* Feature A\n')
        Map git = shCalls.find { it.label == 'commit and tag the release' }
        assertThat(git.script).contains('git commit -q -m "Release $OP_VERSION"').contains('git tag -a "$OP_VERSION" -F "$OP_MESSAGE_FILE"')
        assertThat(git.env).containsEntry('OP_VERSION', '10.2.0').containsEntry('OP_MESSAGE_FILE', '/ws@tmp/release-10.2.0.txt')
        assertThat(shCalls*.label).doesNotContain('push the release')
    }

    @Test
    void itPushesWithAnSshKeyFromTheEnvironment() {
        runStep('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-git', branch: 'master'])

        Map push = shCalls.find { it.label == 'push the release' }
        assertThat(push.script).contains('git push "$OP_REMOTE" "HEAD:refs/heads/$OP_BRANCH" "refs/tags/$OP_VERSION"')
        assertThat(push.env).containsEntry('GIT_KEY_FILE', 'CANARY-/ws@tmp/secretFiles/KEY-acme-git')
            .containsEntry('GIT_SSH_COMMAND', 'ssh -i "$GIT_KEY_FILE" -o IdentitiesOnly=yes')
            .containsEntry('OP_REMOTE', 'origin').containsEntry('OP_BRANCH', 'master')
        assertThat(cliCalls().first()).contains('--patch')
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void itPushesWithATokenThroughAnAskpassProgramThatItRemoves() {
        failingShLabels << 'push the release'

        Throwable error = runStepExpectingError('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-token',
                                                                gitCredentialsKind: 'usernamePassword'])

        assertThat(error.message).isEqualTo('script returned exit code 1')
        String askpass = files.keySet().find { it.contains('git-askpass') }
        assertThat(files[askpass]).contains('"$GIT_PASSWORD"')
        assertThat(shCalls.last().label).isEqualTo('remove askpass')
        assertThat(shCalls.last().env.GIT_ASKPASS).isEqualTo(askpass)
        assertNoCredentialInAnyCallArgument()
    }

    @Test
    void itRefusesAnUnknownKindAPushWithoutCredentialsAndABadVersion() {
        assertThat(runStepExpectingError('bumpRelease', [kind: 'major']).message)
            .isEqualTo("bumpRelease: 'kind' must be feature or patch, not 'major'")
        assertThat(runStepExpectingError('bumpRelease', [kind: 'patch', push: true]).message)
            .startsWith("bumpRelease: 'push: true' needs 'gitCredentialsId'")
        assertThat(shCalls).isEmpty()
        files['./odoo/VERSION'] = 'garbage'
        assertThat(runStepExpectingError('bumpRelease', [kind: 'patch']).message)
            .isEqualTo("bumpRelease: ./odoo/VERSION holds 'garbage' after the bump, expected X.Y.Z")
    }
}
