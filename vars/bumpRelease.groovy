/**
 * Bumps the project's version (odoo/VERSION, HISTORY.rst, integration compose, migration.yml),
 * commits exactly the files the bump changed as "Release X.Y.Z", creates the annotated tag X.Y.Z
 * with the HISTORY section as message, and pushes both (atomically) when asked. Returns the version.
 *   bumpRelease(kind: 'feature', push: true, gitCredentialsId: 'acme-git', knownHosts: '...')
 */
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        kind: null,                    // required: feature (X.Y+1.0) or patch (X.Y.Z+1)
        push: false,                   // push the commit and the tag
        gitCredentialsId: null,        // required with push: SSH key or username/password (token)
        gitCredentialsKind: 'ssh',     // ssh (sshUserPrivateKey) or usernamePassword (HTTPS, git plugin's gitUsernamePassword)
        knownHosts: null,              // ssh: known_hosts lines of the git server; default: the agent's ~/.ssh/known_hosts
        remote: 'origin',              // the remote pushed to
        branch: 'master',              // the main branch: releases are pushed to it, and only from its builds
        project: '.',                  // the Odoo project's root directory (inside the git checkout)
        date: null,                    // release date YYYY-MM-DD written to HISTORY.rst; default today
        authorName: 'Jenkins',         // the release commit's author and committer
        authorEmail: 'jenkins@localhost',
    ]
    Map cfg = StepParameters.checked(this, 'bumpRelease', defaults, config) { Map c ->
        validate(c, env.BRANCH_NAME, env.TAG_NAME, env.CHANGE_ID)
    }
    List<String> bump = ['release', 'bump', "--${cfg.kind}".toString(), '--project', cfg.project, '--list-changed']
    if (cfg.date) {
        bump += ['--date', cfg.date]
    }
    List<String> changed = changedFiles(odooPlatformCli(args: bump).stdout)
    String refused = secretLooking(changed)
    if (refused) {
        error("bumpRelease: refusing to commit ${refused}: it looks like a settings file with secrets (keep those in " +
              'Jenkins credentials); nothing was committed')
    }
    odooPlatformCli(args: ['release', 'check', '--project', cfg.project])
    String version = readFile("${cfg.project}/odoo/VERSION").trim()
    if (!(version ==~ /\d+\.\d+\.\d+/)) {
        error("bumpRelease: ${cfg.project}/odoo/VERSION holds '${version}' after the bump, expected X.Y.Z")
    }
    String notes = odooPlatformCli(args: ['release', 'notes', version, '--project', cfg.project]).stdout
    String messageFile = "${pwd(tmp: true)}/release-${version}.txt"
    writeFile(file: messageFile, text: "${notes}\n")
    withEnv(["OP_VERSION=${version}", "OP_MESSAGE_FILE=${messageFile}", "OP_PROJECT=${cfg.project}",
             "OP_FILES=${changed.join('\n')}",
             "GIT_AUTHOR_NAME=${cfg.authorName}", "GIT_AUTHOR_EMAIL=${cfg.authorEmail}",
             "GIT_COMMITTER_NAME=${cfg.authorName}", "GIT_COMMITTER_EMAIL=${cfg.authorEmail}"]) {
        // stage exactly what the bump wrote: never `git add -A` (an untracked rancher/*/rancher.env would go in)
        sh(label: 'commit and tag the release', script: '''
            set -eu
            cd "$OP_PROJECT"
            printf '%s\\n' "$OP_FILES" | while IFS= read -r f; do git add -- "$f" || exit 1; done
            staged="$(git diff --cached --name-only --relative | sort)"
            expected="$(printf '%s\\n' "$OP_FILES" | sort)"
            if [ "$staged" != "$expected" ]; then
                echo "bumpRelease: other changes are staged besides the release files; nothing was committed:" >&2
                printf '%s\\n' "$staged" >&2
                exit 1
            fi
            git commit -q -m "Release $OP_VERSION"
            git tag -a "$OP_VERSION" -F "$OP_MESSAGE_FILE"
            rm -f "$OP_MESSAGE_FILE"
        ''')
        if (cfg.push) {
            withEnv(["OP_REMOTE=${cfg.remote}", "OP_BRANCH=${cfg.branch}"]) {
                pushWithCredentials(cfg)
            }
        }
    }
    echo("bumpRelease: released ${version}${cfg.push ? " (pushed to ${cfg.remote} ${cfg.branch})" : ' (not pushed)'}")
    return version
}

private void pushWithCredentials(Map cfg) {
    // --atomic: the branch and the tag, or neither. On failure the local tag and the release commit are
    // undone, so that the retried build bumps and tags again instead of failing on "tag already exists".
    String push = '''
        set -eu
        cd "$OP_PROJECT"
        if ! git push --atomic "$OP_REMOTE" "HEAD:refs/heads/$OP_BRANCH" "refs/tags/$OP_VERSION"; then
            git tag -d "$OP_VERSION" >/dev/null
            git reset -q --keep HEAD~1
            echo "bumpRelease: the push failed; the local tag $OP_VERSION and the release commit were removed" >&2
            exit 1
        fi
    '''
    if (cfg.gitCredentialsKind == 'ssh') {
        String knownHostsFile = "${pwd(tmp: true)}/known_hosts-${UUID.randomUUID()}"
        if (cfg.knownHosts) {
            writeFile(file: knownHostsFile, text: "${cfg.knownHosts}\n")
        }
        // never accept an unknown host key: the job's known_hosts, else the agent's
        String ssh = 'ssh -i "$GIT_KEY_FILE" -o IdentitiesOnly=yes -o StrictHostKeyChecking=yes' +
            (cfg.knownHosts ? ' -o UserKnownHostsFile="$OP_KNOWN_HOSTS"' : '')
        withCredentials([sshUserPrivateKey(credentialsId: cfg.gitCredentialsId, keyFileVariable: 'GIT_KEY_FILE')]) {
            withEnv(["GIT_SSH_COMMAND=${ssh}", "OP_KNOWN_HOSTS=${cfg.knownHosts ? knownHostsFile : ''}"]) {
                try {
                    sh(label: 'push the release', script: push)
                } finally {
                    if (cfg.knownHosts) {
                        sh(label: 'remove known_hosts', script: 'rm -f "$OP_KNOWN_HOSTS"')
                    }
                }
            }
        }
    } else {
        // the git plugin's binding: GIT_ASKPASS answers from the environment, the token is never in a URL or argument
        withCredentials([gitUsernamePassword(credentialsId: cfg.gitCredentialsId)]) {
            withEnv(['GIT_TERMINAL_PROMPT=0']) {
                sh(label: 'push the release', script: push)
            }
        }
    }
}

@NonCPS
List<String> changedFiles(String stdout) {
    return stdout.readLines().findAll { it.startsWith('changed: ') }.collect { it.substring('changed: '.length()).trim() }
}

/** The first file named like instance settings (rancher.env, *.env other than *.public.env), or null. */
@NonCPS
String secretLooking(List<String> files) {
    return files.find { String f ->
        String name = f.tokenize('/').last()
        (name.endsWith('.env') && !name.endsWith('.public.env')) || name.endsWith('.env.gpg')
    }
}

@NonCPS
String validate(Map cfg, String branchName, String tagName, String changeId) {
    if (!(cfg.kind in ['feature', 'patch'])) {
        return "'kind' must be feature or patch, not '${cfg.kind}'"
    }
    if (cfg.push && !cfg.gitCredentialsId) {
        return "'push: true' needs 'gitCredentialsId': an SSH key or username/password credential allowed to push"
    }
    if (!(cfg.gitCredentialsKind in ['ssh', 'usernamePassword'])) {
        return "'gitCredentialsKind' must be ssh or usernamePassword, not '${cfg.gitCredentialsKind}'"
    }
    if (cfg.push && (tagName || changeId || (branchName && branchName != cfg.branch))) {
        // BRANCH_NAME is PR-n on pull requests and the tag on tag builds (branch-api BranchNameContributor)
        return "releases are pushed from builds of ${cfg.branch} only, not of ${tagName ? "tag ${tagName}" : branchName}"
    }
    return null
}
