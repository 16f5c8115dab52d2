package org.odooplatform.jenkins

import static org.assertj.core.api.Assertions.assertThat

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/**
 * The launcher (resources/org/odooplatform/jenkins/odoo-platform.sh) run for real with `sh -xe`, as
 * Jenkins' ShellStep runs a script (workflow-durable-task-step BourneShellScript), against fake CLIs
 * and a fake `docker`. With sh(returnStdout: true), DurableTaskStep captures stdout and streams only
 * stderr to the build log while the script runs, so the log is the launcher's stderr here.
 */
class LauncherScriptTests {

    static final File LAUNCHER = new File('resources/org/odooplatform/jenkins/odoo-platform.sh')

    @TempDir
    Path dir

    Path executable(String name, String text) {
        Path p = dir.resolve(name)
        Files.writeString(p, '#!/bin/sh\n' + text)
        p.toFile().setExecutable(true)
        p
    }

    Process start(Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder('sh', '-xe', LAUNCHER.absolutePath).directory(dir.toFile())
        pb.environment().clear()
        pb.environment().put('PATH', "${dir}:${System.getenv('PATH')}".toString())
        pb.environment().putAll(env)
        pb.start()
    }

    /** Reads the process's stderr (the build log) line by line until one contains {@code text}, or 10 s. */
    static List<String> logUntil(Process p, String text) {
        List<String> lines = [].asSynchronized()
        Thread.startDaemon {
            try {
                p.errorStream.newReader().eachLine { lines << it }
            } catch (IOException ignored) {
                // the test finished and closed the stream
            }
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10)
        while (!lines.any { it.contains(text) } && System.nanoTime() < end) {
            Thread.sleep(20)
        }
        assert lines.any { it.contains(text) }: "'${text}' did not reach the log while the command ran; log: ${lines}"
        lines
    }

    static String finish(Process p) {
        String out = p.inputStream.text
        assert p.waitFor(20, TimeUnit.SECONDS)
        out
    }

    @Test
    void theCommandsOutputReachesTheLogWhileItRunsAndItsStdoutIsStillTheValue() {
        Path gate = dir.resolve('gate')
        executable('cli', """echo 'progress: upgrading odoo'
            while [ ! -e '${gate}' ]; do sleep 0.05; done
            echo 'registry.example.com/acme/acme_odoo@sha256:abc'
            echo 'error: odoo is unhealthy' >&2
            exit 1
        """)
        Process p = start(ODOO_PLATFORM_CLI: dir.resolve('cli').toString(), OP_ARGC: '1', OP_ARG_1: 'deploy')

        List<String> log = logUntil(p, 'progress: upgrading odoo')   // before the command ended
        Files.createFile(gate)
        String stdout = finish(p)

        assertThat(p.exitValue()).isZero()
        assertThat(stdout).isEqualTo('progress: upgrading odoo\nregistry.example.com/acme/acme_odoo@sha256:abc\n\n' +
            'odoo-platform-message=error: odoo is unhealthy\nodoo-platform-exit-status=1\n')
        Thread.sleep(100)
        assertThat(log).contains('error: odoo is unhealthy')
    }

    @Test
    void anAbortStopsTheCliContainerAndKeepsWhatWasPrinted() {
        Path dockerLog = dir.resolve('docker.log')
        executable('docker', """echo "\$*" >> '${dockerLog}'
            case "\$1" in
              run)
                while [ \$# -gt 0 ]; do [ "\$1" = --cidfile ] && echo cid-0123 > "\$2"; shift; done
                echo \$\$ > '${dir}/run.pid'
                echo 'deploying acme-odoo-prod'
                while :; do sleep 0.05; done ;;
              stop) kill "\$(cat '${dir}/run.pid')" ;;
            esac
        """)
        Process p = start(ODOO_PLATFORM_IMAGE: 'odoo-platform:0.1.0', OP_PASS_ENV: 'RANCHER_URL', OP_ARGC: '1', OP_ARG_1: 'deploy')

        List<String> log = logUntil(p, 'deploying acme-odoo-prod')
        p.destroy()   // SIGTERM, what Jenkins sends to the script's processes on abort or timeout
        assert p.waitFor(20, TimeUnit.SECONDS)

        assertThat(Files.readAllLines(dockerLog)).anyMatch { it.startsWith('run --rm --cidfile ') }.contains('stop -t 60 cid-0123')
        assertThat(log).contains('deploying acme-odoo-prod')
    }

    @Test
    void anArgumentThatLooksLikeAVariableIsPassedAsItIsAndOnlyTheStepsOwnFileIsExpanded() {
        Path args = dir.resolve('args')
        executable('cli', "for a in \"\$@\"; do echo \"\$a\" >> '${args}'; done")
        Process p = start(ODOO_PLATFORM_CLI: dir.resolve('cli').toString(), RANCHER_SECRET_KEY: 'CANARY-secret',
            OP_ENV_FILE: '/ws@tmp/secretFiles/1/rancher.env',
            OP_ARGC: '4', OP_ARG_1: 'deploy', OP_ARG_2: '$RANCHER_SECRET_KEY', OP_ARG_3: '--env-file',
            OP_ARG_4: '$OP_ENV_FILE', OP_ARG_4_FROM: 'OP_ENV_FILE')

        String stdout = finish(p)

        assertThat(stdout).endsWith('odoo-platform-exit-status=0\n')
        assertThat(Files.readAllLines(args)).containsExactly('deploy', '$RANCHER_SECRET_KEY', '--env-file',
            '/ws@tmp/secretFiles/1/rancher.env')
    }

    @Test
    void anUnsetArgumentIsAClearRefusalNotAShellError() {
        executable('cli', 'exit 0')
        Process p = start(ODOO_PLATFORM_CLI: dir.resolve('cli').toString(), OP_ARGC: '2', OP_ARG_1: 'deploy')

        String stdout = finish(p)

        assertThat(p.exitValue()).isZero()
        assertThat(stdout).contains('odoo-platform-message=odoo-platform.sh: argument 2 is not set (an empty value? ' +
            'withEnv drops variables whose value is empty)').endsWith('odoo-platform-exit-status=2\n')
    }

    @Test
    void containerModePassesTheListedVariablesByNameAndMountsTheCredentialFilesDirectory() {
        Path dockerLog = dir.resolve('docker.log')
        executable('docker', "echo \"\$*\" >> '${dockerLog}'")
        Process p = start(ODOO_PLATFORM_IMAGE: 'odoo-platform:0.1.0', RANCHER_SECRET_KEY: 'CANARY-secret',
            OP_PASS_ENV: LibraryTestBase.CLI_ENVIRONMENT.join(' '),
            OP_ENV_FILE: '/ws/sub@tmp/secretFiles/9f/rancher.env',
            OP_ARGC: '3', OP_ARG_1: 'deploy', OP_ARG_2: '--env-file', OP_ARG_3: '$OP_ENV_FILE', OP_ARG_3_FROM: 'OP_ENV_FILE')

        finish(p)

        String run = Files.readAllLines(dockerLog)[0]
        LibraryTestBase.CLI_ENVIRONMENT.each { assertThat(run).contains("-e ${it} ".toString()) }
        assertThat(run).contains('-v /ws/sub@tmp/secretFiles/9f:/ws/sub@tmp/secretFiles/9f:ro')
            .endsWith('odoo-platform:0.1.0 deploy --env-file /ws/sub@tmp/secretFiles/9f/rancher.env')
            .doesNotContain('CANARY')
    }

    /** A jar runs with bin/odoo-platform's short-run flags and, when the build dumped one beside it, its CDS archive. */
    @Test
    void aJarRunsWithTheShortRunFlagsAndItsClassDataSharingArchive() {
        executable('java', 'echo "java $*"')
        Path jar = Files.createFile(dir.resolve('odoo-platform.jar'))
        Process p = start(ODOO_PLATFORM_CLI: jar.toString(), ODOO_PLATFORM_JAVA_OPTS: '-Xmx256m', OP_ARGC: '1', OP_ARG_1: '--version')
        assertThat(finish(p)).startsWith("java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xmx256m -jar ${jar} --version\n")

        Files.createFile(dir.resolve('odoo-platform.jsa'))
        p = start(ODOO_PLATFORM_CLI: jar.toString(), ODOO_PLATFORM_JAVA_OPTS: '-Xmx256m', OP_ARGC: '1', OP_ARG_1: '--version')
        assertThat(finish(p)).startsWith("java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto " +
            "-XX:SharedArchiveFile=${dir.resolve('odoo-platform.jsa')} -Xlog:cds=off -Xlog:cds+dynamic=off -Xmx256m -jar ${jar} --version\n")
    }
}
