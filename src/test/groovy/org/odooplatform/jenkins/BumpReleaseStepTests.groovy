package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import java.nio.file.Files
import java.nio.file.Path
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

class BumpReleaseStepTests extends LibraryTestBase {

    @TempDir
    Path dir

    @Test
    void itBumpsCommitsAndTagsWithTheHistorySectionWithoutPushingByDefault() {
        files['./odoo/VERSION'] = '10.2.0\n'

        def version = runStep('bumpRelease', [kind: 'feature', date: '2026-11-26'])

        assertThat(version).isEqualTo('10.2.0')
        assertThat(cliCalls()).containsExactly(
            ['release', 'bump', '--feature', '--project', '.', '--list-changed', '--date', '2026-11-26'],
            ['release', 'check', '--project', '.'],
            ['release', 'notes', '10.2.0', '--project', '.'])
        assertThat(files['/ws@tmp/release-10.2.0.txt']).isEqualTo('10.2.0 (2026-11-26)\n+++++++++++++++++++\n\n* Feature A\n')
        Map git = shCalls.find { it.label == 'commit and tag the release' }
        assertThat(git.script).contains('git commit -q -m "Release $OP_VERSION"').contains('git tag -a "$OP_VERSION" -F "$OP_MESSAGE_FILE"')
        assertThat(git.env).containsEntry('OP_VERSION', '10.2.0').containsEntry('OP_MESSAGE_FILE', '/ws@tmp/release-10.2.0.txt')
        assertThat(shCalls*.label).doesNotContain('push the release')
    }

    @Test
    void itStagesExactlyTheFilesTheBumpChangedAndNotAnUntrackedSettingsFile() {
        Path repo = gitRepo()
        Files.writeString(repo.resolve('rancher/integration/rancher.env'), 'export DB_PASSWORD=CANARY-untracked\n')
        runStep('bumpRelease', [kind: 'feature'])
        Map git = shCalls.find { it.label == 'commit and tag the release' }
        ['odoo/VERSION', 'HISTORY.rst', 'odoo/migration.yml', 'rancher/integration/docker-compose.yml'].each {
            Files.writeString(repo.resolve(it), 'bumped\n')
        }

        runShell(repo, git.script, git.env + [OP_PROJECT: '.', OP_MESSAGE_FILE: message(), OP_VERSION: '10.2.0'])

        assertThat(shell(repo, 'git', 'show', '--name-only', '--format=', 'HEAD').readLines()).containsExactlyInAnyOrder(
            'odoo/VERSION', 'HISTORY.rst', 'odoo/migration.yml', 'rancher/integration/docker-compose.yml')
        assertThat(shell(repo, 'git', 'status', '--porcelain')).contains('?? rancher/integration/rancher.env')
        assertThat(shell(repo, 'git', 'tag')).isEqualTo('10.2.0\n')
    }

    @Test
    void itRefusesToCommitAFileThatLooksLikeSettingsWithSecrets() {
        cliStdout['release bump'] = 'version changed to 10.2.0\nchanged: odoo/VERSION\nchanged: rancher/prod/rancher.env'

        Throwable error = runStepExpectingError('bumpRelease', [kind: 'feature'])

        assertThat(error.message).isEqualTo('bumpRelease: refusing to commit rancher/prod/rancher.env: it looks like a settings ' +
            'file with secrets (keep those in Jenkins credentials); nothing was committed')
        assertThat(shCalls*.label).doesNotContain('commit and tag the release')
    }

    @Test
    void aFailedPushRemovesTheLocalTagAndTheReleaseCommitSoThatARetryCanTagAgain() {
        Path repo = gitRepo()
        runStep('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-git'])
        Map push = shCalls.find { it.label == 'push the release' }
        String before = shell(repo, 'git', 'rev-parse', 'HEAD')
        Files.writeString(repo.resolve('odoo/VERSION'), '10.1.3\n')
        shell(repo, 'git', 'commit', '-qam', 'Release 10.1.3')
        shell(repo, 'git', 'tag', '-a', '10.1.3', '-m', 'notes')

        int status = runShell(repo, push.script, [OP_PROJECT: '.', OP_REMOTE: dir.resolve('no-such-remote').toString(),
                                                  OP_BRANCH: 'master', OP_VERSION: '10.1.3'], false)

        assertThat(status).isNotZero()
        assertThat(shell(repo, 'git', 'tag')).isEmpty()
        assertThat(shell(repo, 'git', 'rev-parse', 'HEAD')).isEqualTo(before)
        assertThat(push.script).contains('git push --atomic')
    }

    @Test
    void onATagOrAPullRequestBuildItRefusesToPushAndPushesTheMainBranchOtherwise() {
        multibranchTag('10.2.0')
        assertThat(runStepExpectingError('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-git']).message)
            .isEqualTo('bumpRelease: releases are pushed from builds of master only, not of tag 10.2.0')
        multibranchPullRequest(7, 'master')
        assertThat(runStepExpectingError('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-git']).message)
            .isEqualTo('bumpRelease: releases are pushed from builds of master only, not of PR-7')
        assertThat(shCalls).isEmpty()

        pipelineJob()
        env.GIT_COMMIT = MASTER_COMMIT
        tree = 'master'
        runStep('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-git'])
        assertThat(shCalls.find { it.label == 'push the release' }.env).containsEntry('OP_BRANCH', 'master')
    }

    @Test
    void sshPushesCheckTheHostKeyAgainstTheJobsKnownHostsAndNeverAcceptAnUnknownOne() {
        String knownHosts = 'git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample'

        runStep('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-git', knownHosts: knownHosts])

        Map push = shCalls.find { it.label == 'push the release' }
        assertThat(push.env.GIT_SSH_COMMAND).isEqualTo('ssh -i "$GIT_KEY_FILE" -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes ' +
            '-o UserKnownHostsFile="$OP_KNOWN_HOSTS"')
        assertThat(files[push.env.OP_KNOWN_HOSTS]).isEqualTo(knownHosts + '\n')
        assertThat(push.env.GIT_KEY_FILE).isEqualTo('CANARY-/ws@tmp/secretFiles/KEY-acme-git')
        assertThat(shCalls.last().label).isEqualTo('remove known_hosts')
        assertNoCredentialInAnyCallArgument()

        shCalls.clear()
        runStep('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-git'])
        assertThat(shCalls.find { it.label == 'push the release' }.env.GIT_SSH_COMMAND)
            .isEqualTo('ssh -i "$GIT_KEY_FILE" -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes')
    }

    @Test
    void httpsPushesUseTheGitPluginsUsernamePasswordBinding() {
        runStep('bumpRelease', [kind: 'patch', push: true, gitCredentialsId: 'acme-token', gitCredentialsKind: 'usernamePassword'])

        Map push = shCalls.find { it.label == 'push the release' }
        assertThat(push.env).containsEntry('GIT_TERMINAL_PROMPT', '0').containsEntry('GIT_PASSWORD', 'CANARY-PASSWORD-acme-token')
        assertThat(events).contains('bind [acme-token]')
        assertThat(files.keySet()).noneMatch { it.contains('askpass') }
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

    // ---- a real git repository for the scripts the step runs ----

    Path gitRepo() {
        Path repo = dir.resolve('repo')
        ['odoo', 'rancher/integration'].each { Files.createDirectories(repo.resolve(it)) }
        ['odoo/VERSION', 'HISTORY.rst', 'odoo/migration.yml', 'rancher/integration/docker-compose.yml'].each {
            Files.writeString(repo.resolve(it), 'before\n')
        }
        shell(repo, 'git', 'init', '-q', '-b', 'master')
        shell(repo, 'git', 'add', '-A')
        shell(repo, 'git', 'commit', '-qm', 'initial')
        repo
    }

    String message() {
        Path m = dir.resolve('message.txt')
        Files.writeString(m, 'notes\n')
        m.toString()
    }

    static final Map GIT_ENV = [GIT_AUTHOR_NAME: 'T', GIT_AUTHOR_EMAIL: 't@localhost', GIT_COMMITTER_NAME: 'T',
                                GIT_COMMITTER_EMAIL: 't@localhost', HOME: System.getProperty('java.io.tmpdir')]

    static String shell(Path repo, String... command) {
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).with {
            environment().putAll(GIT_ENV)
            it.start()
        }
        String out = p.inputStream.text
        assert p.waitFor() == 0: "${command.join(' ')}: ${out}"
        out
    }

    static int runShell(Path repo, String script, Map env, boolean mustSucceed = true) {
        Process p = new ProcessBuilder('sh', '-xe', '-c', script).directory(repo.toFile()).redirectErrorStream(true).with {
            environment().putAll(GIT_ENV)
            env.each { k, v -> environment().put(k as String, v as String) }
            it.start()
        }
        String out = p.inputStream.text
        int status = p.waitFor()
        assert !mustSucceed || status == 0: out
        status
    }
}
