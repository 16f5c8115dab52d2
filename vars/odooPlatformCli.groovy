/**
 * Runs one odoo-platform command on the agent and returns [status:, stdout:, value:].
 * The only step that calls `sh` for the CLI: arguments travel as OP_ARG_n environment
 * variables to a fixed script, so no value is ever interpolated into shell text.
 */
import org.odooplatform.jenkins.StepParameters

def call(Map config = [:]) {
    Map defaults = [
        args: null,          // required: the command's arguments, e.g. ['image', 'resolve', 'repo:tag']
        okStatus: [0],       // exit codes that are not an error (diff: [0, 1])
        env: [:],            // extra environment for this call (never secrets: bind those with withCredentials)
        label: null,         // text shown in the Jenkins log instead of the raw script
    ]
    String problem = validate(defaults, config)
    if (problem) {
        error("odooPlatformCli: ${problem}")
    }
    Map cfg = defaults + config
    List<String> args = strings(cfg.args)
    List<String> envList = environment(args, cfg.env)

    String command = "odoo-platform ${args.join(' ')}"
    echo(command)
    String text = ''
    withEnv(envList) {
        text = sh(script: libraryResource('org/odooplatform/jenkins/odoo-platform.sh'),
                  returnStdout: true, label: cfg.label ?: command)
    }
    Map result = parseResult(text)
    if (result.stdout) {
        echo(result.stdout)
    }
    if (!(result.status in cfg.okStatus)) {
        error("${command}: exit ${result.status} (${meaning(result.status)}); see its messages above")
    }
    return result
}

// Collection methods with closures only behave outside CPS, hence the @NonCPS helpers.
@NonCPS
String validate(Map defaults, Map config) {
    String unknown = StepParameters.unknown(defaults, config)
    if (unknown) {
        return unknown
    }
    if (!(config.args instanceof List) || config.args.isEmpty()) {
        return "'args' must be a non-empty list of the odoo-platform command's arguments"
    }
    return null
}

@NonCPS
List<String> strings(List values) {
    return values.collect { it as String }
}

@NonCPS
List<String> environment(List<String> args, Map extra) {
    List<String> envList = ["OP_ARGC=${args.size()}".toString()]
    args.eachWithIndex { String a, int i -> envList << "OP_ARG_${i + 1}=${a}".toString() }
    extra.each { k, v -> envList << "${k}=${v}".toString() }
    return envList
}

@NonCPS
Map parseResult(String text) {
    List<String> lines = (text ?: '').readLines()
    int at = lines.findLastIndexOf { it.startsWith('odoo-platform-exit-status=') }
    if (at < 0) {
        return [status: -1, stdout: text ?: '', value: '']
    }
    int status = lines[at].substring('odoo-platform-exit-status='.length()).trim() as int
    List<String> out = lines.subList(0, at)
    String stdout = out.join('\n').trim()
    String value = out.findAll { it.trim() }.with { it ? it.last().trim() : '' }
    return [status: status, stdout: stdout, value: value]
}

@NonCPS
String meaning(int status) {
    switch (status) {
        case 0: return 'ok'
        case 1: return 'failed after cleanup or rollback'
        case 2: return 'bad input, nothing was changed'
        case 3: return 'precondition not met'
        case -1: return 'the CLI did not run: check ODOO_PLATFORM_CLI or ODOO_PLATFORM_IMAGE'
        default: return 'unexpected exit code'
    }
}
