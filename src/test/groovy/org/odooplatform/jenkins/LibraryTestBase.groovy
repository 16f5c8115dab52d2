package org.odooplatform.jenkins

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import org.junit.jupiter.api.BeforeEach

/**
 * Runs the library's steps in JenkinsPipelineUnit's CPS mode with Jenkins' steps replaced by
 * recorders: every `sh` (its script, label and environment), the odoo-platform command lines,
 * locks, milestones and credential bindings. Bound credentials get canary values so tests can
 * assert they never reach a script text or any other step argument.
 */
abstract class LibraryTestBase extends BasePipelineTestCPS {
    static final String CLI_SCRIPT = new File('resources/org/odooplatform/jenkins/odoo-platform.sh').text
    static final String DIGEST = 'sha256:' + 'ab12' * 16

    /** Every sh call: [script:, label:, env: Map, cli: List (odoo-platform arguments) or null]. */
    List<Map> shCalls = []
    /** lock/unlock/milestone/input events in order. */
    List<String> events = []
    List<Map> lockCalls = []
    Set<String> canaries = [] as Set
    Map<String, String> files = [:]
    /** Exit status per odoo-platform command prefix, e.g. ['image resolve': 3]. */
    Map<String, Integer> cliStatus = [:]
    /** Stdout per odoo-platform command prefix, overriding the default answer. */
    Map<String, String> cliStdout = [:]
    /** Non-CLI sh scripts whose label contains one of these fail. */
    List<String> failingShLabels = []
    /** odoo-platform command prefixes whose sh step itself fails (agent lost, launcher missing...). */
    List<String> cliThrows = []
    String approver = 'alice'

    @BeforeEach
    void setUpLibrary() {
        scriptRoots = ['.'] as String[]
        scriptExtension = ''
        super.setUp()
        helper.registerSharedLibrary(library().name('odoo-platform').defaultVersion('master').allowOverride(true)
            .implicit(false).targetPath('unused').retriever(new ProjectSource()).build())
        binding.setVariable('env', [BUILD_NUMBER: '42', BUILD_TAG: 'jenkins-acme-master-42',
                                    BUILD_URL: 'https://ci.example.com/job/acme/42/', RANCHER_URL: 'https://rancher.example.com',
                                    GIT_COMMIT: 'c0ffee' * 6 + 'c0ff', BRANCH_NAME: 'master'])
        binding.setVariable('params', [:])
        registerStepMocks()
        registerDeclarativeMocks()
    }

    Map getEnv() {
        binding.getVariable('env') as Map
    }

    void registerStepMocks() {
        helper.registerAllowedMethod('error', [String], { String m -> throw new PipelineError(m) })
        helper.registerAllowedMethod('sh', [Map], { Map m -> recordSh(m) })
        helper.registerAllowedMethod('sh', [String], { String s -> recordSh([script: s]) })
        helper.registerAllowedMethod('withEnv', [List, Closure], { List l, Closure body ->
            withTemporaryEnv(l.collectEntries { String s -> int i = s.indexOf('='); [(s.substring(0, i)): s.substring(i + 1)] }, body)
        })
        helper.registerAllowedMethod('usernamePassword', [Map], { Map m -> [kind: 'usernamePassword'] + m })
        helper.registerAllowedMethod('file', [Map], { Map m -> [kind: 'file'] + m })
        helper.registerAllowedMethod('sshUserPrivateKey', [Map], { Map m -> [kind: 'ssh'] + m })
        helper.registerAllowedMethod('withCredentials', [List, Closure], { List bindings, Closure body ->
            Map bound = [:]
            bindings.each { Map b ->
                switch (b.kind) {
                    case 'usernamePassword':
                        bound[b.usernameVariable] = canary("USER-${b.credentialsId}")
                        bound[b.passwordVariable] = canary("PASSWORD-${b.credentialsId}")
                        break
                    case 'file':
                        bound[b.variable] = canary("/ws@tmp/secretFiles/FILE-${b.credentialsId}")
                        break
                    case 'ssh':
                        bound[b.keyFileVariable] = canary("/ws@tmp/secretFiles/KEY-${b.credentialsId}")
                        break
                }
            }
            events << "bind ${bindings*.credentialsId}".toString()
            withTemporaryEnv(bound, body)
        })
        helper.registerAllowedMethod('lock', [Map, Closure], { Map m, Closure body ->
            lockCalls << [resource: m.resource?.toString(), inversePrecedence: m.inversePrecedence]
            events << "lock ${m.resource}".toString()
            try {
                return helper.callClosure(body)
            } finally {
                events << "unlock ${m.resource}".toString()
            }
        })
        helper.registerAllowedMethod('milestone', [Map], { Map m -> events << "milestone ${m.label}".toString() })
        helper.registerAllowedMethod('junit', [Map], { Map m -> events << "junit ${m.testResults}".toString() })
        helper.registerAllowedMethod('libraryResource', [String], { String p -> new File("resources/${p}").text })
        helper.registerAllowedMethod('pwd', [Map], { Map m -> m.tmp ? '/ws@tmp' : '/ws' })
        helper.registerAllowedMethod('writeFile', [Map], { Map m -> files[m.file.toString()] = m.text.toString() })
        helper.registerAllowedMethod('readFile', [String], { String f -> files.containsKey(f) ? files[f] : '10.2.0\n' })
        helper.registerAllowedMethod('timeout', [Map, Closure], { Map m, Closure body ->
            events << "timeout ${m.time} ${m.unit}".toString(); helper.callClosure(body) })
        helper.registerAllowedMethod('input', [Map], { Map m ->
            events << "input submitter=${m.submitter} submitterParameter=${m.submitterParameter}".toString()
            approver
        })
        helper.registerAllowedMethod('stage', [String, Closure], { String name, Closure body ->
            events << "stage ${name}".toString(); helper.callClosure(body) })
    }

    String canary(String value) {
        String v = "CANARY-${value}"
        canaries << v
        v
    }

    Object withTemporaryEnv(Map values, Closure body) {
        Map saved = new LinkedHashMap(env)
        env.putAll(values)
        try {
            return helper.callClosure(body)
        } finally {
            env.clear()
            env.putAll(saved)
        }
    }

    Object recordSh(Map m) {
        Map snapshot = new LinkedHashMap(env)
        boolean isCli = m.script == CLI_SCRIPT
        List<String> cli = isCli ? (1..(snapshot.OP_ARGC as int)).collect { snapshot["OP_ARG_${it}".toString()] as String } : null
        shCalls << [script: m.script?.toString(), label: m.label?.toString(), env: snapshot, cli: cli]
        if (!isCli) {
            if (failingShLabels.any { m.label?.contains(it) }) {
                throw new Exception("script returned exit code 1")
            }
            return m.returnStdout ? '' : 0
        }
        String command = cli.join(' ')
        if (cliThrows.any { command.startsWith(it) }) {
            throw new Exception('script returned exit code 127')
        }
        int status = command.startsWith('diff') ? 1 : 0   // a promotion normally has changes to show
        cliStatus.each { k, v -> if (command.startsWith(k)) { status = v } }
        if (cli.any { it.startsWith('$') && !snapshot.containsKey(it.substring(1)) }) {
            status = 2
        }
        String out = cliStdout.find { k, v -> command.startsWith(k) }?.value ?: defaultStdout(cli)
        return "${status == 0 || command.startsWith('diff') ? out : ''}\nodoo-platform-exit-status=${status}\n".toString()
    }

    static String defaultStdout(List<String> cli) {
        String command = cli.take(2).join(' ')
        switch (command) {
            case 'image build':
                return "progress\n${option(cli, '--image')}:${option(cli, '--tag')}"
            case 'image publish':
                return "${repo(option(cli, '--image'))}@${DIGEST}"
            case 'image promote':
                return "${repo(option(cli, '--to'))}@${DIGEST}"
            case 'image resolve':
                return "${repo(cli[2])}@${DIGEST}"
            case 'release notes':
                return "10.2.0 (2026-11-26)\n+++++++++++++++++++\n\n* Feature A"
            default:
                return "${cli[0]}: done"
        }
    }

    static String option(List<String> cli, String name) {
        int i = cli.indexOf(name)
        i < 0 ? null : cli[i + 1]
    }

    static String repo(String ref) {
        ref.contains('@') ? ref.substring(0, ref.indexOf('@')) : ref.substring(0, ref.lastIndexOf(':'))
    }

    /** The odoo-platform command lines run, in order. */
    List<List<String>> cliCalls() {
        shCalls.findAll { it.cli != null }*.cli
    }

    /** The odoo-platform commands run, in order: 'image build', 'deploy', 'db reset'... */
    List<String> cliCommands() {
        cliCalls().collect { it[0] in ['image', 'db', 'release'] ? it.take(2).join(' ') : it[0] }
    }

    Map cliCall(String prefix) {
        shCalls.find { it.cli != null && it.cli.join(' ').startsWith(prefix) }
    }

    /** Runs a step of vars/ by a one-line pipeline script calling it. */
    Object runStep(String step, Map args) {
        String file = 'target/step-scripts/' + step + 'Call.groovy'
        new File('target/step-scripts').mkdirs()
        new File(file).text = "@Library('odoo-platform') _\nreturn ${step}(stepArgs)\n"
        binding.setVariable('stepArgs', args)
        runScript(loadScript(file))
    }

    /** Runs pipeline code written as a Jenkinsfile would (closures given to steps must be CPS ones). */
    Object runPipeline(String name, String code) {
        new File('target/step-scripts').mkdirs()
        String file = "target/step-scripts/${name}.groovy"
        new File(file).text = "@Library('odoo-platform') _\n" + code
        runScript(loadScript(file))
    }

    Throwable runStepExpectingError(String step, Map args) {
        try {
            runStep(step, args)
        } catch (Throwable t) {
            return t
        }
        throw new AssertionError("${step} should have failed")
    }

    /** No canary (credential value or credential file path) in any recorded step argument. */
    void assertNoCredentialInAnyCallArgument() {
        assert !canaries.isEmpty(): 'no credential was bound'
        helper.callStack.each { call ->
            String text = call.argsToString()
            canaries.each { c -> assert !text.contains(c): "credential ${c} leaked into ${call.methodName}(${text})" }
        }
        shCalls.each { c -> canaries.each { assert !c.script.contains(it) } }
    }

    void registerDeclarativeMocks() {
        binding.setVariable('any', 'any')
        Closure run = { Closure body -> helper.callClosure(body) }
        ['pipeline', 'options', 'parameters', 'stages', 'post', 'always'].each { helper.registerAllowedMethod(it, [Closure], run) }
        helper.registerAllowedMethod('agent', [Object], { events << "agent ${it}".toString() })
        helper.registerAllowedMethod('disableConcurrentBuilds', [], { events << 'disableConcurrentBuilds' })
        helper.registerAllowedMethod('timeout', [Map], { Map m -> events << "option timeout ${m.time} ${m.unit}".toString() })
        helper.registerAllowedMethod('logRotator', [Map], { Map m -> m })
        helper.registerAllowedMethod('buildDiscarder', [Object], { events << 'buildDiscarder' })
        Closure param = { Map m ->
            Map params = binding.getVariable('params') as Map
            if (!params.containsKey(m.name)) {
                params[m.name] = m.defaultValue
            }
            events << "parameter ${m.name}".toString()
        }
        helper.registerAllowedMethod('booleanParam', [Map], param)
        helper.registerAllowedMethod('string', [Map], param)
        // when { anyOf { branch 'master'; buildingTag() } }: conditions push results onto a stack
        List<List<Boolean>> conditions = []
        helper.registerAllowedMethod('branch', [String], { String b -> conditions.last() << (env.BRANCH_NAME == b && !env.TAG_NAME) })
        helper.registerAllowedMethod('buildingTag', [], { conditions.last() << (env.TAG_NAME != null) })
        helper.registerAllowedMethod('anyOf', [Closure], { Closure body ->
            conditions << []
            helper.callClosure(body)
            List<Boolean> r = conditions.remove(conditions.size() - 1)
            conditions.last() << r.any()
        })
        helper.registerAllowedMethod('when', [Closure], { Closure body ->
            conditions << []
            helper.callClosure(body)
            binding.setVariable('stageEnabled', conditions.remove(conditions.size() - 1).every())
        })
        helper.registerAllowedMethod('steps', [Closure], { Closure body ->
            boolean enabled = !binding.hasVariable('stageEnabled') || binding.getVariable('stageEnabled')
            binding.setVariable('stageEnabled', true)
            if (enabled) {
                helper.callClosure(body)
            } else {
                events << 'steps skipped'
            }
        })
    }
}
