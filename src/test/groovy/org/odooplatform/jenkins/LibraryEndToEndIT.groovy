package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assumptions
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.odooplatform.testsupport.NeedsServices
import org.odooplatform.testsupport.TestService

/**
 * The library end to end: its `sh` steps really run (sh -xe, as Jenkins runs them) the real CLI
 * (target/odoo-platform.jar) against the Rancher simulator, the local registry, buildah and
 * PostgreSQL. A master build, a tag build (with an integration DB reset) and a promotion to prod
 * happen, then the stacks are read back from the simulator. Only Jenkins itself is simulated:
 * credentials, locks, nodes, checkouts (of the one commit here), input.
 */
@NeedsServices([TestService.REGISTRY, TestService.POSTGRES, TestService.BUILDAH])
class LibraryEndToEndIT extends LibraryTestBase {

    static final String RANCHER_ACCESS = 'e2e-access-key'
    static final String RANCHER_SECRET = 'Canary-E2eRancherSecret-71c2'
    static final String DB_PASSWORD = 'Canary-E2eDbPassword-4b19'
    static final String ADMIN_PASSWD = 'Canary-E2eAdminPasswd-90de'

    Path work
    Path project
    Path secrets
    String repo
    String commit
    String dbName
    Process simulator
    Path simulatorLog
    String simulatorUrl
    String projectId
    Map<String, Map> credentials = [:]
    Map<String, String> agentEnv = [:]
    List<String> secretValues = []
    StringBuilder output = new StringBuilder()

    @BeforeEach
    void setUpServices() {
        Path jar = Path.of('target/odoo-platform.jar').toAbsolutePath()
        assert Files.isRegularFile(jar): 'run with mvn verify: the end-to-end test needs target/odoo-platform.jar (package phase)'
        // on a branch where the commands are still placeholders there is nothing to run end to end
        Assumptions.assumeTrue(cliHas(jar, ['deploy', '--help'], '--approved-by') && cliHas(jar, ['image', 'promote', '--help'], '--from')
            && cliHas(jar, ['db', 'reset', '--help'], '--yes') && cliHas(jar, ['rancher-simulator', '--help'], '--port'),
            'the CLI in target/odoo-platform.jar lacks deploy, image promote, db reset or rancher-simulator')
        work = Files.createTempDirectory('library-e2e')
        String suffix = UUID.randomUUID().toString().replace('-', '').take(8)
        dbName = "e2e_lib_${suffix}".toString()
        repo = "${System.getenv('TEST_REGISTRY')}/e2e-lib-${suffix}/acme_odoo".toString()
        project = copySampleProject(work.resolve('project'))
        secrets = Files.createDirectories(work.resolve('secretFiles'))
        startSimulator(jar)

        String registryPassword = Files.readString(Path.of(System.getenv('TEST_REGISTRY_PASSWORD_FILE'))).strip()
        String pgPassword = Files.readString(Path.of(System.getenv('TEST_PG_PASSWORD_FILE'))).strip()
        secretValues += [registryPassword, pgPassword, RANCHER_SECRET, DB_PASSWORD, ADMIN_PASSWD]
        credentials['acme-registry'] = [username: System.getenv('TEST_REGISTRY_USER'), password: registryPassword]
        credentials['acme-rancher'] = [username: RANCHER_ACCESS, password: RANCHER_SECRET]
        credentials['acme-db-admin'] = [username: System.getenv('TEST_PG_USER'), password: pgPassword]
        ['test', 'integration', 'prod'].each { credentials["acme-${it}-settings".toString()] = [file: writeSettings(it)] }

        agentEnv = [ODOO_PLATFORM_CLI: jar.toString(), RANCHER_URL: simulatorUrl, WORKSPACE: project.toString(),
                    PGHOST: System.getenv('TEST_PG_HOST'), PGPORT: System.getenv('TEST_PG_PORT'),
                    ODOO_PLATFORM_BUILDAH_ROOT: System.getenv('TEST_BUILDAH_ROOT') ?: '']
        // one commit here: the master build, the tag 10.1.3 and the promote job's checkout of the tag all see it
        commits.putAll([master: commit, '10.1.3': commit, 'refs/tags/10.1.3': commit])
        registerRealSteps()
    }

    @AfterEach
    void tearDown() {
        if (simulator != null && !simulator.alive) {
            System.err.println("the Rancher simulator exited (${simulator.exitValue()}):\n${simulatorLog.text}")
        }
        simulator?.destroy()
        simulator?.waitFor(10, TimeUnit.SECONDS)
        work?.toFile()?.deleteDir()
    }

    @Test
    void aMasterBuildATagBuildAndAPromotionDeployTheSameDigestToTestIntegrationAndProd() {
        String pipeline = """odooPipeline(client: 'acme', image: '${repo}', builder: 'buildah', insecureRegistry: true,
            buildArgs: [BASE_IMAGE: '${System.getenv('TEST_BASE_IMAGE')}'], timeout: '60s',
            imageTests: false)"""   // built with buildah, which docker cannot run; the image tests: ImageTestCommandTest

        asJob { multibranchBranch('master') }
        runPipeline('e2eMaster', pipeline)
        String digestRef = cliValues['image publish']
        assertThat(digestRef).startsWith("${repo}@sha256:".toString())
        assertThat(odooImage('acme-odoo-test')).isEqualTo("docker:${digestRef}".toString())

        asJob { multibranchTag('10.1.3') }
        inputAnswers.RESET_INTEGRATION_DB = true
        runPipeline('e2eTag', pipeline)
        assertThat(cliCommands()).containsSubsequence('image resolve', 'image promote', 'db reset', 'deploy')
        assertThat(cliValues['image promote']).isEqualTo(digestRef)
        assertThat(odooImage('acme-odoo-integration')).isEqualTo("docker:${digestRef}".toString())

        // what the integration Odoo's marabunta writes when 10.1.3 starts: promotion is gated on it
        markMigrated(dbName, '10.1.2') // the newest version of the sample's migration.yml up to 10.1.3
        asJob { pipelineJob('master') }
        approver = 'alice'
        userGroups.alice = ['release-managers']
        Map promoted = runPipeline('e2ePromote', """promoteToProd(client: 'acme', image: '${repo}', version: '10.1.3',
            approvers: 'release-managers', timeout: '60s', noBackup: true,
            databaseCredentialsId: 'acme-db-admin')""") as Map // no prod database here; the admin reads integration's marabunta version
        assertThat(promoted).containsEntry('approvedBy', 'alice').containsEntry('digest', digestRef)
        assertThat(odooImage('acme-odoo-prod')).isEqualTo("docker:${digestRef}".toString())
        assertThat(stackJson('acme-odoo-prod')).contains('alice').contains(digestRef.substring(digestRef.indexOf('@') + 1))

        String everything = output.toString() + helper.callStack*.argsToString().join('\n')
        secretValues.each { assertThat(everything).doesNotContain(it) }
        shCalls.each { c -> secretValues.each { assertThat(c.script).doesNotContain(it) } }
    }

    /** A build of that job, started outside any node (agent none), on an agent with the CLI. */
    void asJob(Closure jobType) {
        jobType()
        outsideAnyNode()
        env.putAll(agentEnv)
    }

    // ---- Jenkins steps that really act -------------------------------------------------------

    Map<String, String> cliValues = [:]

    void registerRealSteps() {
        helper.registerAllowedMethod('sh', [Map], { Map m -> requireNode('sh'); runSh(m) })
        helper.registerAllowedMethod('pwd', [Map], { Map m -> m.tmp ? Files.createDirectories(work.resolve('ws@tmp')).toString() : project.toString() })
        helper.registerAllowedMethod('readFile', [String], { String f -> project.resolve(f).text })
        helper.registerAllowedMethod('writeFile', [Map], { Map m -> Path p = project.resolve(m.file.toString()); p.text = m.text.toString() })
        helper.registerAllowedMethod('withCredentials', [List, Closure], { List bindings, Closure body ->
            Map bound = [:]
            bindings.each { Map b ->
                Map c = credentials[b.credentialsId]
                assert c != null: "no credential ${b.credentialsId}"
                if (b.kind == 'usernamePassword') {
                    bound[b.usernameVariable] = c.username
                    bound[b.passwordVariable] = c.password
                } else {
                    bound[b.variable] = c.file
                }
            }
            events << "bind ${bindings*.credentialsId}".toString()
            withTemporaryEnv(bound, body)
        })
    }

    Object runSh(Map m) {
        Map snapshot = new LinkedHashMap(env)
        boolean isCli = m.script.toString() == CLI_SCRIPT
        List<String> cli = isCli ? (1..(snapshot.OP_ARGC as int)).collect { snapshot["OP_ARG_${it}".toString()] as String } : null
        shCalls << [script: m.script.toString(), label: m.label?.toString(), env: snapshot, cli: cli]
        Path script = Files.createTempFile(work, 'script', '.sh')
        script.text = m.script.toString()
        ProcessBuilder pb = new ProcessBuilder('sh', '-xe', script.toString()).directory(project.toFile())
        snapshot.each { k, v -> if (v != null) { pb.environment().put(k.toString(), v.toString()) } }
        Path err = Files.createTempFile(work, 'stderr', '.txt')
        pb.redirectError(err.toFile())
        Process p = pb.start()
        String out = p.inputStream.text
        int status = p.waitFor()
        output << "+ ${m.label}\n${err.text}${out}"
        System.err.println("[sh ${m.label}] exit ${status}\n${err.text}${m.returnStdout ? out : ''}")
        if (status != 0) {
            throw new Exception("script returned exit code ${status}")
        }
        if (isCli) {
            Map r = [stdout: out.readLines().findAll { it.trim() && !it.startsWith('odoo-platform-') }]
            String key = cli[0] in ['image', 'db', 'release'] ? cli.take(2).join(' ') : cli[0]
            cliValues[key] = r.stdout ? r.stdout.last().trim() : ''
        }
        return m.returnStdout ? out : status
    }

    // ---- fixtures -------------------------------------------------------------------------

    Path copySampleProject(Path target) {
        Path source = Path.of('examples/sample-project')
        Files.walk(source).each { Path from ->
            Path to = target.resolve(source.relativize(from).toString())
            if (Files.isDirectory(from)) {
                Files.createDirectories(to)
            } else {
                Files.copy(from, to)
            }
        }
        // the project's image repository is the one the pipeline builds to: deploy refuses another repository's image
        Files.writeString(target.resolve('.odoo-platform.yml'), "client: acme\nimage: ${repo}\n".toString())
        git(target, 'init', '-q')
        git(target, 'add', '-A')
        git(target, '-c', 'user.name=e2e', '-c', 'user.email=e2e@localhost', 'commit', '-q', '-m', 'sample')
        commit = git(target, 'rev-parse', 'HEAD').trim()
        target
    }

    static boolean cliHas(Path jar, List<String> args, String option) {
        Process p = new ProcessBuilder(['java', '-jar', jar.toString()] + args).redirectErrorStream(true).start()
        String out = p.inputStream.text
        p.waitFor()
        out.contains(option)
    }

    static String git(Path dir, String... args) {
        Process p = new ProcessBuilder(['git'] + args.toList()).directory(dir.toFile()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        assert p.waitFor() == 0: "git ${args.join(' ')}: ${out}"
        out
    }

    /** The instance's settings as a Secret file credential: the example with its secrets filled. */
    String writeSettings(String instance) {
        Map<String, String> values = [DB_PASSWORD: DB_PASSWORD, ADMIN_PASSWD: ADMIN_PASSWD,
                                      LETSENCRYPT_AWS_SECRET_KEY: 'Canary-E2eLe-11aa', AWS_SECRET_ACCESS_KEY: 'Canary-E2eAws-22bb']
        if (instance != 'test') {
            String name = instance == 'prod' ? "${dbName}_p".toString() : dbName
            values += [DB_NAME: name, DB_USER: name]
        }
        String text = project.resolve("rancher/${instance}/rancher.env.example").readLines().collect { String line ->
            String key = line.replaceFirst(/^export /, '').replaceFirst(/=.*/, '')
            values.containsKey(key) ? "export ${key}=${values[key]}".toString() : line
        }.join('\n') + '\n'
        Path file = secrets.resolve("${instance}.env")
        file.text = text
        file.toString()
    }

    void startSimulator(Path jar) {
        simulatorLog = work.resolve('simulator.log')
        ProcessBuilder pb = new ProcessBuilder('java', '-Xmx256m', '-jar', jar.toString(), 'rancher-simulator', '--port', '0',
            '--access-key', RANCHER_ACCESS, '--transition-delay', '0', '--health-check-delay', '0')
        pb.environment().put('RANCHER_SECRET_KEY', RANCHER_SECRET)
        pb.redirectErrorStream(true).redirectOutput(simulatorLog.toFile())
        simulator = pb.start()
        long deadline = System.currentTimeMillis() + 120_000
        while (!simulatorUrl && simulator.alive && System.currentTimeMillis() < deadline) {
            Thread.sleep(200)
            simulatorLog.readLines().each { String line ->
                def project = line =~ /\(project ([^)]+)\)/
                if (project.find()) {
                    projectId = project.group(1)
                }
                if (line.startsWith('RANCHER_URL=')) {
                    simulatorUrl = line.substring('RANCHER_URL='.length()).trim()
                }
            }
        }
        assert simulatorUrl: "the Rancher simulator did not start: ${simulatorLog.text}"
    }

    Object api(String path) {
        URLConnection c = new URL("${simulatorUrl}/v2-beta/projects/${projectId}/${path}").openConnection()
        c.setRequestProperty('Authorization', 'Basic ' + "${RANCHER_ACCESS}:${RANCHER_SECRET}".bytes.encodeBase64())
        new JsonSlurper().parseText(c.inputStream.text)
    }

    String stackJson(String name) {
        groovy.json.JsonOutput.toJson(api("stacks?name=${name}").data[0])
    }

    String odooImage(String stack) {
        def s = api("stacks?name=${stack}").data[0]
        assert s: "no stack ${stack} in the simulator"
        def odoo = api("services?stackId=${s.id}&name=odoo").data[0]
        odoo.launchConfig.imageUuid
    }

    /** The marabunta_version row of a completed version, as marabunta's MigrationTable records it. */
    private static void markMigrated(String database, String version) {
        String password = Files.readString(Path.of(System.getenv('TEST_PG_PASSWORD_FILE'))).strip()
        String url = "jdbc:postgresql://${System.getenv('TEST_PG_HOST')}:${System.getenv('TEST_PG_PORT')}/${database}".toString()
        java.sql.Connection c = java.sql.DriverManager.getConnection(url, System.getenv('TEST_PG_USER'), password)
        try {
            c.createStatement().execute('CREATE TABLE IF NOT EXISTS marabunta_version (number VARCHAR NOT NULL,'
                    + ' date_start TIMESTAMP NOT NULL, date_done TIMESTAMP, log TEXT, addons TEXT)')
            java.sql.PreparedStatement ps = c.prepareStatement(
                    'INSERT INTO marabunta_version (number, date_start, date_done) VALUES (?, now(), now())')
            ps.setString(1, version)
            ps.executeUpdate()
        } finally {
            c.close()
        }
    }
}
