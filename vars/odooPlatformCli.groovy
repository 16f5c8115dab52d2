/**
 * Runs one odoo-platform command on the agent and returns [status:, stdout:, value:, message:].
 * The only step that calls `sh` for the CLI: arguments travel as OP_ARG_n environment
 * variables to a fixed script, so no value is ever interpolated into shell text. The command's
 * output reaches the build log while it runs (the launcher copies it to stderr).
 */
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        args: null,          // required: the command's arguments, e.g. ['image', 'resolve', 'repo:tag'];
                             // [fromVariable: 'OP_ENV_FILE'] = the path of a file credential the calling step bound
        okStatus: [0],       // exit codes that are not an error (diff: [0, 4])
        env: [:],            // extra environment for this call (never secrets: bind those with withCredentials)
        label: null,         // text shown in the Jenkins log instead of the raw script
    ]
    Map cfg = StepParameters.checked(this, 'odooPlatformCli', defaults, config) { Map c -> validate(c) }
    List<String> envList = environment(cfg.args, cfg.env)
    // the names docker gets by name in container mode: the CLI's own list (odoo-platform environment)
    envList << "OP_PASS_ENV=${passEnv(libraryResource('org/odooplatform/jenkins/cli-environment.txt'))}".toString()

    String command = "odoo-platform ${display(cfg.args).join(' ')}"
    echo(command)
    String text = ''
    withEnv(envList) {
        text = sh(script: libraryResource('org/odooplatform/jenkins/odoo-platform.sh'),
                  returnStdout: true, label: cfg.label ?: command)
    }
    Map result = parseResult(text)
    if (!(result.status in cfg.okStatus)) {
        error("${command}: exit ${result.status} (${meaning(result.status)})" + (result.message ? ": ${result.message}" : ''))
    }
    return result
}

// Collection methods with closures only behave outside CPS, hence the @NonCPS helpers.
@NonCPS
String validate(Map config) {
    if (!(config.args instanceof List) || config.args.isEmpty()) {
        return "'args' must be a non-empty list of the odoo-platform command's arguments"
    }
    int empty = config.args.findIndexOf { it == null || (!(it instanceof Map) && it.toString().isEmpty()) }
    if (empty >= 0) {
        // withEnv(['OP_ARG_n=']) would unset the variable (EnvVars.override): refuse it here, clearly
        return "argument ${empty + 1} of ${display(config.args)} is empty: give a value or leave the option out"
    }
    Map bad = config.args.find { it instanceof Map && !(it.fromVariable ==~ /[A-Za-z_][A-Za-z0-9_]*/) }
    if (bad != null) {
        return "argument ${bad} must be [fromVariable: NAME], NAME a variable bound by withCredentials"
    }
    return null
}

@NonCPS
List<String> display(List values) {
    return values.collect { it instanceof Map ? "\$${it.fromVariable}".toString() : it as String }
}

@NonCPS
List<String> environment(List args, Map extra) {
    List<String> envList = ["OP_ARGC=${args.size()}".toString()]
    args.eachWithIndex { a, int i ->
        if (a instanceof Map) {
            envList << "OP_ARG_${i + 1}=\$${a.fromVariable}".toString()
            envList << "OP_ARG_${i + 1}_FROM=${a.fromVariable}".toString()
        } else {
            envList << "OP_ARG_${i + 1}=${a}".toString()
        }
    }
    extra.each { k, v -> envList << "${k}=${v}".toString() }
    return envList
}

@NonCPS
String passEnv(String resource) {
    return resource.readLines()*.trim().findAll { it && !it.startsWith('#') }.join(' ')
}

@NonCPS
Map parseResult(String text) {
    List<String> lines = (text ?: '').readLines()
    int at = lines.findLastIndexOf { it.startsWith('odoo-platform-exit-status=') }
    if (at < 0) {
        return [status: -1, stdout: text ?: '', value: '', message: '']
    }
    int status = lines[at].substring('odoo-platform-exit-status='.length()).trim() as int
    int messageAt = lines.findLastIndexOf { it.startsWith('odoo-platform-message=') }
    String message = messageAt >= 0 ? lines[messageAt].substring('odoo-platform-message='.length()).trim() : ''
    List<String> out = lines.subList(0, messageAt >= 0 && messageAt < at ? messageAt : at)
    String stdout = out.join('\n').trim()
    String value = out.findAll { it.trim() }.with { it ? it.last().trim() : '' }
    return [status: status, stdout: stdout, value: value, message: message]
}

@NonCPS
String meaning(int status) {
    switch (status) {
        case 0: return 'ok'
        case 1: return 'failed after cleanup or rollback'
        case 2: return 'bad input, nothing was changed'
        case 3: return 'precondition not met'
        case 4: return 'there are changes'
        case -1: return 'the CLI did not run: check ODOO_PLATFORM_CLI or ODOO_PLATFORM_IMAGE'
        default: return 'unexpected exit code'
    }
}
