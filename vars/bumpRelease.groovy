/**
 * Bumps the project's version (odoo/VERSION, HISTORY.rst, integration compose, migration.yml),
 * commits "Release X.Y.Z", creates the annotated tag X.Y.Z with the HISTORY section as message,
 * and pushes both when asked. Returns the new version.
 *   bumpRelease(kind: 'feature', push: true, gitCredentialsId: 'acme-git')
 */
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        kind: null,                    // required: feature (X.Y+1.0) or patch (X.Y.Z+1)
        push: false,                   // push the commit and the tag
        gitCredentialsId: null,        // required with push: SSH key or username/password (token)
        gitCredentialsKind: 'ssh',     // ssh (sshUserPrivateKey) or usernamePassword (HTTPS token)
        remote: 'origin',              // the remote pushed to
        branch: env.BRANCH_NAME ?: 'master',  // the branch pushed to
        project: '.',                  // the Odoo project's root directory (inside the git checkout)
        date: null,                    // release date YYYY-MM-DD written to HISTORY.rst; default today
        authorName: 'Jenkins',         // the release commit's author and committer
        authorEmail: 'jenkins@localhost',
    ]
    String problem = validate(defaults, config)
    if (problem) {
        error("bumpRelease: ${problem}")
    }
    Map cfg = defaults + config
    List<String> bump = ['release', 'bump', "--${cfg.kind}".toString(), '--project', cfg.project]
    if (cfg.date) {
        bump += ['--date', cfg.date]
    }
    odooPlatformCli(args: bump)
    odooPlatformCli(args: ['release', 'check', '--project', cfg.project])
    String version = readFile("${cfg.project}/odoo/VERSION").trim()
    if (!(version ==~ /\d+\.\d+\.\d+/)) {
        error("bumpRelease: ${cfg.project}/odoo/VERSION holds '${version}' after the bump, expected X.Y.Z")
    }
    String notes = odooPlatformCli(args: ['release', 'notes', version, '--project', cfg.project]).stdout
    String messageFile = "${pwd(tmp: true)}/release-${version}.txt"
    writeFile(file: messageFile, text: "${notes}\n")
    withEnv(["OP_VERSION=${version}", "OP_MESSAGE_FILE=${messageFile}", "OP_PROJECT=${cfg.project}",
             "GIT_AUTHOR_NAME=${cfg.authorName}", "GIT_AUTHOR_EMAIL=${cfg.authorEmail}",
             "GIT_COMMITTER_NAME=${cfg.authorName}", "GIT_COMMITTER_EMAIL=${cfg.authorEmail}"]) {
        sh(label: 'commit and tag the release', script: '''
            set -eu
            cd "$OP_PROJECT"
            git add -A -- odoo/VERSION HISTORY.rst odoo/migration.yml rancher
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
    String push = '''
        set -eu
        cd "$OP_PROJECT"
        git push "$OP_REMOTE" "HEAD:refs/heads/$OP_BRANCH" "refs/tags/$OP_VERSION"
    '''
    if (cfg.gitCredentialsKind == 'ssh') {
        withCredentials([sshUserPrivateKey(credentialsId: cfg.gitCredentialsId, keyFileVariable: 'GIT_KEY_FILE')]) {
            withEnv(['GIT_SSH_COMMAND=ssh -i "$GIT_KEY_FILE" -o IdentitiesOnly=yes']) {
                sh(label: 'push the release', script: push)
            }
        }
    } else {
        // An askpass program that answers from the environment: the token is never in a URL or argument.
        String askpass = "${pwd(tmp: true)}/git-askpass-${UUID.randomUUID()}.sh"
        writeFile(file: askpass, text: '#!/bin/sh\ncase "$1" in Username*) printf \'%s\\n\' "$GIT_USERNAME" ;; ' +
            '*) printf \'%s\\n\' "$GIT_PASSWORD" ;; esac\n')
        withCredentials([usernamePassword(credentialsId: cfg.gitCredentialsId,
                usernameVariable: 'GIT_USERNAME', passwordVariable: 'GIT_PASSWORD')]) {
            withEnv(["GIT_ASKPASS=${askpass}", 'GIT_TERMINAL_PROMPT=0']) {
                try {
                    sh(label: 'push the release', script: 'chmod 700 "$GIT_ASKPASS"\n' + push)
                } finally {
                    sh(label: 'remove askpass', script: 'rm -f "$GIT_ASKPASS"')
                }
            }
        }
    }
}

@NonCPS
String validate(Map defaults, Map config) {
    String unknown = StepParameters.unknown(defaults, config)
    if (unknown) {
        return unknown
    }
    Map cfg = defaults + config
    if (!(cfg.kind in ['feature', 'patch'])) {
        return "'kind' must be feature or patch, not '${cfg.kind}'"
    }
    if (cfg.push && !cfg.gitCredentialsId) {
        return "'push: true' needs 'gitCredentialsId': an SSH key or username/password credential allowed to push"
    }
    if (!(cfg.gitCredentialsKind in ['ssh', 'usernamePassword'])) {
        return "'gitCredentialsKind' must be ssh or usernamePassword, not '${cfg.gitCredentialsKind}'"
    }
    if (cfg.date && !(cfg.date ==~ /\d{4}-\d{2}-\d{2}/)) {
        return "'date' must be YYYY-MM-DD, not '${cfg.date}'"
    }
    return null
}
