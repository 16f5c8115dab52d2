package org.odooplatform.jenkins

import static com.lesfurets.jenkins.unit.global.lib.LibraryConfiguration.library

import com.lesfurets.jenkins.unit.cps.BasePipelineTestCPS
import org.junit.jupiter.api.BeforeEach

/**
 * Runs the library's steps in JenkinsPipelineUnit's CPS mode with Jenkins' steps replaced by
 * recorders: every `sh` (its script, label and environment), the odoo-platform command lines,
 * locks, milestones, nodes, inputs and credential bindings. Bound credentials get canary values so
 * tests can assert they never reach a script text or any other step argument.
 *
 * Where it matters, the recorders behave as Jenkins does; each such behaviour names the plugin class
 * it follows (see JenkinsModelTests for the tests of the model itself):
 * - withEnv drops a variable whose value is empty (workflow-basic-steps EnvStep, whose EnvironmentExpander
 *   calls EnvVars.overrideAll: EnvVars.override removes the key for an empty value).
 * - sh(returnStdout: true) returns stdout and does not log it; stderr is logged while the script runs
 *   (workflow-durable-task-step DurableTaskStep.Execution: durableTask.captureOutput()).
 * - sh, readFile, writeFile, pwd, dir, checkout and file credential bindings need a workspace: outside
 *   a node they fail (StepDescriptor.getRequiredContext holds FilePath for them; declarative `agent none`
 *   gives none, pipeline-model-definition Agent / `node` of workflow-durable-task-step ExecutorStep).
 * - input waits for a person: inside a node it holds an executor and inside a lock the resource, which
 *   the library never allows, so both fail the test (pipeline-input-step InputStepExecution).
 * - input can be settled only by a listed submitter (user or group) or an administrator
 *   (InputStepExecution.canSettle); its value is the single parameter or submitterParameter, or a map.
 * - lock is not reentrant: a nested lock of a resource the build holds waits forever
 *   (lockable-resources LockableResourcesManager: a locked resource is not free, whoever holds it).
 * - BRANCH_NAME, TAG_NAME, CHANGE_ID follow the job type (branch-api BranchNameContributor: only for
 *   jobs of a MultiBranchProject); GIT_COMMIT exists only after a checkout: declarative's
 *   agent checkout (pipeline-model-extensions CheckoutScript: withEnv(checkout(scm))) or `checkout`.
 */
abstract class LibraryTestBase extends BasePipelineTestCPS {
    static final String CLI_SCRIPT = new File('resources/org/odooplatform/jenkins/odoo-platform.sh').text
    static final List<String> CLI_ENVIRONMENT = new File('resources/org/odooplatform/jenkins/cli-environment.txt')
        .readLines().findAll { it.trim() && !it.startsWith('#') }
    static final String DIGEST = 'sha256:' + 'ab12' * 16
    static final String MASTER_COMMIT = 'c0ffee' * 6 + 'c0ff'
    static final String TAG_COMMIT = '7a9' * 13 + '7'
    static final String PR_COMMIT = 'b0b' * 13 + 'b'

    /** Every sh call: [script:, label:, env: Map, cli: List (odoo-platform arguments) or null, tree: checked-out ref]. */
    List<Map> shCalls = []
    /** lock/unlock/milestone/input/node events in order. */
    List<String> events = []
    List<Map> lockCalls = []
    /** The build log: echo, the output of sh steps that log it, the CLI's stdout and stderr (the launcher streams both). */
    List<String> log = []
    Set<String> canaries = [] as Set
    Map<String, String> files = [:]
    /** Exit status per odoo-platform command prefix, e.g. ['image resolve': 3]. */
    Map<String, Integer> cliStatus = [:]
    /** Stdout per odoo-platform command prefix, overriding the default answer. */
    Map<String, String> cliStdout = [:]
    /** Stderr (messages) per odoo-platform command prefix. */
    Map<String, String> cliStderr = [:]
    /** Non-CLI sh scripts whose label contains one of these fail. */
    List<String> failingShLabels = []
    /** Stdout of non-CLI sh steps with returnStdout, by label. */
    Map<String, String> shStdout = [:]
    /** odoo-platform command prefixes whose sh step itself fails (agent lost, launcher missing...). */
    List<String> cliThrows = []

    /** Who answers an input, the groups of each user, and the administrators (Overall/Administer). */
    String approver = 'alice'
    Map<String, List<String>> userGroups = [alice: ['acme-release-managers'], bob: ['acme-release-managers'], root: []]
    List<String> administrators = ['root']
    /** Values given to an input's parameters (else their defaults); true: nobody answers before the timeout. */
    Map<String, Object> inputAnswers = [:]
    boolean inputUnanswered = false

    /** The git repository: ref -> commit. */
    Map<String, String> commits = ['master': MASTER_COMMIT, 'refs/tags/10.2.0': TAG_COMMIT, '10.2.0': TAG_COMMIT,
                                   'PR-7': PR_COMMIT]
    /** The ref checked out in the current node's workspace, null before any checkout. */
    String tree = null
    int nodeDepth = 1
    List<String> heldLocks = []

    @BeforeEach
    void setUpLibrary() {
        scriptRoots = ['.'] as String[]
        scriptExtension = ''
        super.setUp()
        helper.registerSharedLibrary(library().name('odoo-platform').defaultVersion('master').allowOverride(true)
            .implicit(false).targetPath('unused').retriever(new ProjectSource()).build())
        binding.setVariable('params', [:])
        multibranchBranch('master')
        // step tests run as inside `node { checkout scm }` of a declarative `agent any`
        env.GIT_COMMIT = MASTER_COMMIT
        tree = 'master'
        registerStepMocks()
        registerDeclarativeMocks()
    }

    Map getEnv() {
        binding.getVariable('env') as Map
    }

    // ---- job types (branch-api BranchNameContributor, git-plugin GitSCM) ----

    private void job(Map vars, String scmRef) {
        binding.setVariable('env', [BUILD_NUMBER: '42', BUILD_TAG: 'jenkins-acme-42',
                                    BUILD_URL: 'https://ci.example.com/job/acme/42/', RANCHER_URL: 'https://rancher.example.com'] + vars)
        binding.setVariable('scm', [$class: 'GitSCM', branches: [[name: scmRef]],
                                    userRemoteConfigs: [[url: 'https://git.example.com/acme/acme_odoo.git', credentialsId: 'acme-git-read']]])
        tree = null
    }

    /** A branch job of a multibranch project: BRANCH_NAME only. */
    void multibranchBranch(String name) {
        job([BRANCH_NAME: name], name)
    }

    /** A tag job of a multibranch project: BRANCH_NAME and TAG_NAME are the tag. */
    void multibranchTag(String name) {
        job([BRANCH_NAME: name, TAG_NAME: name], "refs/tags/${name}".toString())
    }

    /** A pull-request job: BRANCH_NAME PR-n, CHANGE_ID n, CHANGE_TARGET. */
    void multibranchPullRequest(int id, String target) {
        job([BRANCH_NAME: "PR-${id}".toString(), CHANGE_ID: "${id}".toString(), CHANGE_TARGET: target], "PR-${id}".toString())
    }

    /** A Pipeline job reading its script from SCM (the promote job): no BRANCH_NAME, its scm is the configured branch. */
    void pipelineJob(String branch = 'master') {
        job([:], branch)
    }

    /** A pipeline run starting outside any node (declarative `agent none`, or a step called before `node`). */
    void outsideAnyNode() {
        nodeDepth = 0
        env.remove('GIT_COMMIT')
        tree = null
    }

    String commitOf(String ref) {
        String name = ref.startsWith('*/') ? ref.substring(2) : ref
        if (!commits.containsKey(name)) {
            // git-plugin GitSCM.determineRevisionToBuild
            throw new Exception("ERROR: Couldn't find any revision to build. Verify the repository and branch configuration for this job.")
        }
        commits[name]
    }

    void requireNode(String step) {
        if (nodeDepth < 1) {
            fail("${step} outside a node: Jenkins fails it with MissingContextVariableException " +
                "(Required context class hudson.FilePath is missing; perhaps you forgot to surround the code with a step that provides this, such as: node)")
        }
    }

    void registerStepMocks() {
        helper.registerAllowedMethod('error', [String], { String m -> throw new PipelineError(m) })
        helper.registerAllowedMethod('echo', [String], { String m -> log.addAll(m.readLines()) })
        helper.registerAllowedMethod('sh', [Map], { Map m -> recordSh(m) })
        helper.registerAllowedMethod('sh', [String], { String s -> recordSh([script: s]) })
        helper.registerAllowedMethod('withEnv', [List, Closure], { List l, Closure body ->
            Map values = l.collectEntries { String s -> int i = s.indexOf('='); [(s.substring(0, i)): s.substring(i + 1)] }
            withTemporaryEnv(values, body)
        })
        helper.registerAllowedMethod('usernamePassword', [Map], { Map m -> [kind: 'usernamePassword'] + m })
        helper.registerAllowedMethod('gitUsernamePassword', [Map], { Map m -> [kind: 'gitUsernamePassword'] + m })
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
                    case 'gitUsernamePassword':
                        // git-plugin GitUsernamePasswordBinding: GIT_USERNAME/GIT_PASSWORD and a GIT_ASKPASS it removes
                        requireNode('gitUsernamePassword binding')
                        bound.GIT_USERNAME = canary("USER-${b.credentialsId}")
                        bound.GIT_PASSWORD = canary("PASSWORD-${b.credentialsId}")
                        bound.GIT_ASKPASS = canary("/ws@tmp/askpass-${b.credentialsId}.sh")
                        break
                    case 'file':
                        // credentials-binding FileBinding (AbstractOnDiskBinding) writes into the workspace's @tmp
                        requireNode('file credential binding')
                        bound[b.variable] = canary("/ws@tmp/secretFiles/FILE-${b.credentialsId}")
                        break
                    case 'ssh':
                        requireNode('sshUserPrivateKey binding')
                        bound[b.keyFileVariable] = canary("/ws@tmp/secretFiles/KEY-${b.credentialsId}")
                        break
                }
            }
            events << "bind ${bindings*.credentialsId}".toString()
            withTemporaryEnv(bound, body)
        })
        helper.registerAllowedMethod('lock', [Map, Closure], { Map m, Closure body ->
            String resource = m.resource?.toString()
            if (resource in heldLocks) {
                fail("lock(${resource}) inside lock(${resource}): the build would wait for itself forever " +
                    '(lockable-resources does not re-enter a lock)')
            }
            lockCalls << [resource: resource, inversePrecedence: m.inversePrecedence]
            events << "lock ${resource}".toString()
            heldLocks << resource
            try {
                return helper.callClosure(body)
            } finally {
                heldLocks.remove(resource)
                events << "unlock ${resource}".toString()
            }
        })
        Closure node = { String label, Closure body ->
            events << "node ${label ?: ''}".trim()
            nodeDepth++
            String savedTree = tree
            Map savedEnv = new LinkedHashMap(env)
            try {
                return helper.callClosure(body)
            } finally {
                nodeDepth--
                tree = savedTree
                env.clear()
                env.putAll(savedEnv)
                events << 'end node'
            }
        }
        helper.registerAllowedMethod('node', [String, Closure], node)
        helper.registerAllowedMethod('node', [Closure], { Closure body -> node(null, body) })
        helper.registerAllowedMethod('checkout', [Map], { Map scm ->
            requireNode('checkout')
            String ref = scm.branches[0].name
            String commit = commitOf(ref)
            tree = ref.startsWith('*/') ? ref.substring(2) : ref
            events << "checkout ${tree}".toString()
            [GIT_COMMIT: commit, GIT_URL: scm.userRemoteConfigs[0].url]
        })
        helper.registerAllowedMethod('milestone', [Map], { Map m -> events << "milestone ${m.label}".toString() })
        helper.registerAllowedMethod('junit', [Map], { Map m -> events << "junit ${m.testResults}".toString() })
        helper.registerAllowedMethod('libraryResource', [String], { String p -> new File("resources/${p}").text })
        helper.registerAllowedMethod('pwd', [Map], { Map m -> requireNode('pwd'); m.tmp ? '/ws@tmp' : '/ws' })
        helper.registerAllowedMethod('writeFile', [Map], { Map m -> requireNode('writeFile'); files[m.file.toString()] = m.text.toString() })
        helper.registerAllowedMethod('readFile', [String], { String f -> requireNode('readFile'); files.containsKey(f) ? files[f] : '10.2.0\n' })
        helper.registerAllowedMethod('timeout', [Map, Closure], { Map m, Closure body ->
            events << "timeout ${m.time} ${m.unit}".toString()
            helper.callClosure(body)
        })
        helper.registerAllowedMethod('input', [Map], { Map m -> input(m) })
        helper.registerAllowedMethod('booleanParam', [Map], { Map m -> [kind: 'boolean'] + m })
        helper.registerAllowedMethod('stage', [String, Closure], { String name, Closure body ->
            events << "stage ${name}".toString(); helper.callClosure(body) })
        // hudson.model.User#impersonate2().getAuthorities() of a user id, as promoteToProd asks it
        helper.registerAllowedMethod('authoritiesOf', [String], { String user -> userGroups[user] ?: [] })
    }

    /** pipeline-input-step InputStepExecution: who may settle it (canSettle) and what it returns. */
    Object input(Map m) {
        if (nodeDepth > 0) {
            fail("input inside a node holds an executor and its workspace while it waits: ${m.message}")
        }
        if (heldLocks) {
            fail("input inside lock ${heldLocks} holds the resource while it waits: ${m.message}")
        }
        events << "input submitter=${m.submitter} submitterParameter=${m.submitterParameter}".toString()
        if (inputUnanswered) {
            // the enclosing timeout step ends the wait (workflow-basic-steps TimeoutStepExecution.ExceededTimeout)
            throw new FlowInterruptedException(new TimeoutStepExecution.ExceededTimeout())
        }
        String submitter = m.submitter?.toString()?.trim() ?: null
        if (submitter != null && !(approver in administrators)) {
            List<String> allowed = submitter.split(',')*.trim()*.toLowerCase()
            boolean member = approver.toLowerCase() in allowed || userGroups[approver].any { it.toLowerCase() in allowed }
            if (!member) {
                fail("${approver} cannot approve '${m.message}': not in submitter '${submitter}' " +
                    '(Jenkins would show no Proceed button and keep waiting)')
            }
        }
        Map result = [:]
        (m.parameters ?: []).each { Map p -> result[p.name] = inputAnswers.containsKey(p.name) ? inputAnswers[p.name] : p.defaultValue }
        if (m.submitterParameter) {
            result[m.submitterParameter] = approver
        }
        result.isEmpty() ? null : result.size() == 1 ? result.values().first() : result
    }

    /** Fails the test (an Error: the library's catch blocks, which catch Exceptions, do not hide it). */
    static void fail(Object message) {
        throw new AssertionError((Object) message.toString())
    }

    String canary(String value) {
        String v = "CANARY-${value}"
        canaries << v
        v
    }

    /** EnvStep: EnvVars.override removes a variable given an empty value. */
    Object withTemporaryEnv(Map values, Closure body) {
        Map saved = new LinkedHashMap(env)
        values.each { k, v ->
            if (v == null || v.toString().isEmpty()) {
                env.remove(k)
            } else {
                env[k] = v
            }
        }
        try {
            return helper.callClosure(body)
        } finally {
            env.clear()
            env.putAll(saved)
        }
    }

    Object recordSh(Map m) {
        requireNode('sh')
        Map snapshot = new LinkedHashMap(env)
        boolean isCli = m.script == CLI_SCRIPT
        List<String> cli = null
        if (isCli) {
            int argc = snapshot.OP_ARGC as int
            cli = (1..argc).collect { snapshot["OP_ARG_${it}".toString()] as String }
        }
        shCalls << [script: m.script?.toString(), label: m.label?.toString(), env: snapshot, cli: cli, tree: tree,
                    returnStdout: m.returnStdout]
        if (!isCli) {
            if (failingShLabels.any { m.label?.contains(it) }) {
                throw new Exception('script returned exit code 1')
            }
            String out = shStdout[m.label?.toString()] ?: ''
            if (m.returnStdout) {
                return out
            }
            log.addAll(out.readLines())
            return 0
        }
        assert m.returnStdout: 'the launcher is run with returnStdout: its last lines are the exit status'
        String command = cli.join(' ')
        if (cliThrows.any { command.startsWith(it) }) {
            throw new Exception('script returned exit code 127')
        }
        if (cli.any { it == null }) {
            // the launcher: "argument n is not set (an empty value? withEnv drops variables whose value is empty)"
            return '\nodoo-platform-message=odoo-platform.sh: argument is not set\nodoo-platform-exit-status=2\n'
        }
        int status = command.startsWith('diff') ? 4 : 0   // a promotion normally has changes to show
        cliStatus.each { k, v -> if (command.startsWith(k)) { status = v } }
        (1..cli.size()).each { int i ->
            String from = snapshot["OP_ARG_${i}_FROM".toString()]
            if (from && !snapshot[from]) {
                status = 2
            }
        }
        String out = cliStdout.find { k, v -> command.startsWith(k) }?.value ?: defaultStdout(cli)
        String stdout = status == 0 || command.startsWith('diff') ? out : ''
        String stderr = cliStderr.find { k, v -> command.startsWith(k) }?.value ?: (status == 0 || status == 4 ? '' : "error: ${cli[0]} failed")
        // the launcher copies both streams to stderr, which sh(returnStdout: true) still streams to the log
        log.addAll(stdout.readLines())
        log.addAll(stderr.readLines())
        String message = stderr.readLines().find { it.startsWith('error') } ?: (stderr.readLines() ? stderr.readLines().last() : '')
        return "${stdout}\nodoo-platform-message=${message}\nodoo-platform-exit-status=${status}\n".toString()
    }

    static String defaultStdout(List<String> cli) {
        String command = cli.take(2).join(' ')
        switch (command) {
            case 'image build':
                return "progress\n${option(cli, '--repository')}:${option(cli, '--tag')}"
            case 'image publish':
                return "${repo(option(cli, '--image'))}@${DIGEST}"
            case 'image promote':
                return "${repo(option(cli, '--to'))}@${DIGEST}"
            case 'image resolve':
                return "${repo(cli[2])}@${DIGEST}"
            case 'release notes':
                return "10.2.0 (2026-11-26)\n+++++++++++++++++++\n\n* Feature A"
            case 'release bump':
                return 'version changed to 10.2.0 (was 10.1.2)\nchanged: odoo/VERSION\nchanged: HISTORY.rst\n' +
                    'changed: odoo/migration.yml\nchanged: rancher/integration/docker-compose.yml'
            default:
                if (cli[0] == 'stack-name') {
                    // the CLI's rule: --stack, else <client>-odoo-<instance>
                    return option(cli, '--stack') ?: "${option(cli, '--client')}-odoo-${option(cli, '--instance')}"
                }
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

    /** The odoo-platform command lines run, in order (stack-name lookups left out). */
    List<List<String>> cliCalls() {
        shCalls.findAll { it.cli != null && it.cli[0] != 'stack-name' }*.cli
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
        fail("${step} should have failed")
    }

    /**
     * The registry credential {@code credentialsId} reached the call only as the canaries
     * REGISTRY_USERNAME/REGISTRY_PASSWORD of its environment: the CLI reads the pair there, so no
     * config.json is written on the agent (DOCKER_CONFIG, REGISTRY_AUTH_FILE unset).
     */
    void assertRegistryCredentialOnlyInEnvironment(Map call, String credentialsId) {
        assert call.env.REGISTRY_USERNAME == "CANARY-USER-${credentialsId}".toString()
        assert call.env.REGISTRY_PASSWORD == "CANARY-PASSWORD-${credentialsId}".toString()
        assert !call.env.containsKey('DOCKER_CONFIG') && !call.env.containsKey('REGISTRY_AUTH_FILE')
    }

    /** No canary (credential value or credential file path) in any recorded step argument. */
    void assertNoCredentialInAnyCallArgument() {
        assert !canaries.isEmpty(): 'no credential was bound'
        helper.callStack.each { call ->
            String text = call.argsToString()
            canaries.each { c -> assert !text.contains(c): "credential ${c} leaked into ${call.methodName}(${text})" }
        }
        shCalls.each { c -> canaries.each { assert !c.script.contains(it) } }
        log.each { line -> canaries.each { assert !line.contains(it): "credential ${it} in the log: ${line}" } }
    }

    void registerDeclarativeMocks() {
        binding.setVariable('any', 'any')
        binding.setVariable('none', 'none')
        Closure run = { Closure body -> helper.callClosure(body) }
        helper.registerAllowedMethod('pipeline', [Closure], { Closure body ->
            // a run starts outside any node; the agent directive decides
            outsideAnyNode()
            helper.callClosure(body)
        })
        ['options', 'stages', 'post', 'always'].each { helper.registerAllowedMethod(it, [Closure], run) }
        boolean inParameters = false
        helper.registerAllowedMethod('parameters', [Closure], { Closure body ->
            inParameters = true
            try {
                helper.callClosure(body)
            } finally {
                inParameters = false
            }
        })
        helper.registerAllowedMethod('agent', [Object], { Object agent ->
            events << "agent ${agent}".toString()
            if (agent != 'none') {
                // pipeline-model-extensions CheckoutScript: the agent's workspace gets checkout(scm), whose map is the stages' env
                nodeDepth++
                env.putAll(checkoutForAgent())
            }
        })
        helper.registerAllowedMethod('disableConcurrentBuilds', [], { events << 'disableConcurrentBuilds' })
        helper.registerAllowedMethod('disableConcurrentBuilds', [Map], { Map m -> events << "disableConcurrentBuilds ${m}".toString() })
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
        helper.registerAllowedMethod('booleanParam', [Map], { Map m ->
            // inside parameters {} it declares a job parameter; as an input's parameter it is a value
            if (inParameters) {
                param(m)
            }
            [kind: 'boolean'] + m
        })
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

    Map checkoutForAgent() {
        Map scm = binding.getVariable('scm') as Map
        String ref = scm.branches[0].name
        tree = ref
        events << "checkout ${ref}".toString()
        [GIT_COMMIT: commitOf(ref)]
    }
}
