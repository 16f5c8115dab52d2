package org.odooplatform.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one process runner, with real processes: time-out kills the whole tree, bounds, masking, argv refusal. */
class ProcessRunnerTest {

    private static final String CANARY = "canary-runner-secret-7f3a";

    @TempDir
    Path dir;

    @AfterEach
    void forget() {
        SecretMasker.global().clear();
    }

    private static ProcessRunner.Command sh(String script, Duration timeout) {
        return ProcessRunner.Command.of(List.of("sh", "-c", script), timeout);
    }

    @Test
    void theTimeOutKillsTheProcessAndItsChildrenEvenOneThatIgnoresTerm() throws Exception {
        Path pids = dir.resolve("pids");
        // a child that ignores TERM, and a grandchild sleeping in the background
        String script = "trap '' TERM; sleep 300 & echo $! > " + pids + "; sh -c \"trap '' TERM; sleep 300\" & echo $! >> "
                + pids + "; echo started; wait";
        long start = System.nanoTime();

        ProcessRunner.Result r = ProcessRunner.run(sh(script, Duration.ofSeconds(2)), line -> { });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(r.exitCode()).isEqualTo(-1);
        assertThat(r.tail()).containsExactly("started");
        List<Long> children = Files.readAllLines(pids).stream().map(String::trim).map(Long::parseLong).toList();
        assertThat(children).hasSize(2);
        for (long pid : children) {
            assertGone(pid);
        }
    }

    private static void assertGone(long pid) throws InterruptedException {
        // a killed child may linger as a zombie of init for a moment
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child " + pid + " alive").isFalse();
    }

    @Test
    void aProgramThatEndsInTimeGivesItsExitCodeAndLastLines() {
        ProcessRunner.Result r = ProcessRunner.run(sh("seq 1 30; echo oops >&2; exit 3", Duration.ofSeconds(30)).tailLines(5),
                line -> { });

        assertThat(r.timedOut()).isFalse();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.tail()).containsExactly("27", "28", "29", "30", "oops");
        assertThat(r.lastLine()).isEqualTo("oops");
    }

    @Test
    void linesAreCutAndTheCapturedStdoutIsBounded() {
        List<String> lines = new ArrayList<>();
        ProcessRunner.Result longLine = ProcessRunner.run(
                sh("head -c 5000000 /dev/zero | tr '\\0' a; echo; echo next", Duration.ofSeconds(30)), lines::add);

        assertThat(longLine.ok()).isTrue();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).hasSize(ProcessRunner.MAX_LINE_CHARS).matches("a+");
        assertThat(lines.get(1)).isEqualTo("next");

        ProcessRunner.Result many = ProcessRunner.run(sh("seq 1 100000; echo done >&2", Duration.ofSeconds(30))
                .captureStdout(1000), line -> { });

        assertThat(many.ok()).as("the program is read to its end, not blocked on a full pipe").isTrue();
        assertThat(many.stdoutTruncated()).isTrue();
        assertThat(many.stdout().length()).isLessThanOrEqualTo(1000);
        assertThat(many.stdout()).startsWith("1\n2\n3\n").doesNotContain("done");
        assertThat(many.lastLine()).isIn("done", "100000");
    }

    @Test
    void everyLineIsMaskedWhereverItGoes() {
        SecretMasker.global().register(CANARY);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());

        // the secret reaches the program through stdin and through the environment, never the arguments
        ProcessRunner.Result r = ProcessRunner.run(sh("read p; echo \"got $p\"; echo \"env $RUNNER_TOKEN\" >&2",
                Duration.ofSeconds(30)).stdin(CANARY + "\n").env(Map.of("RUNNER_TOKEN", CANARY)).captureStdout(4096), lines::add);

        assertThat(r.ok()).isTrue();
        assertThat(lines).containsExactlyInAnyOrder("got ****", "env ****");
        assertThat(r.stdout()).isEqualTo("got ****\n");
        assertThat(String.join("\n", r.tail()) + lines + r.stdout()).doesNotContain(CANARY);
    }

    @Test
    void aSecretAsArgumentIsRefusedBeforeTheProgramStarts() {
        SecretMasker.global().register(CANARY);
        Path marker = dir.resolve("started");

        for (List<String> argv : List.of(List.of("touch", marker.toString(), CANARY),
                List.of("touch", marker.toString(), "--password=" + CANARY))) {
            assertThatThrownBy(() -> ProcessRunner.run(ProcessRunner.Command.of(argv, Duration.ofSeconds(30)), line -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("refusing to run 'touch' with a secret as argument 2")
                    .hasMessageContaining("pass it through the environment or stdin")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CANARY));
            assertThat(marker).doesNotExist();
        }
        // a longer argument that merely contains it is a path or a name, not the secret
        ProcessRunner.Result ok = ProcessRunner.run(ProcessRunner.Command.of(List.of("echo", "x" + CANARY), Duration.ofSeconds(30)),
                line -> { });
        assertThat(ok.ok()).isTrue();
    }

    @Test
    void theEnvironmentIsInheritedWithTheCommandsVariablesAndWithoutTheDroppedOnes() {
        ProcessRunner.Result r = ProcessRunner.run(ProcessRunner.Command.of(List.of("env"), Duration.ofSeconds(30))
                .withoutInherited("HOME").env(Map.of("RUNNER_EXTRA", "yes")).captureStdout(1 << 20), line -> { });

        assertThat(r.stdout()).contains("RUNNER_EXTRA=yes\n").contains("PATH=").doesNotContain("\nHOME=").doesNotStartWith("HOME=");
    }

    @Test
    void aChildInheritsNoSecretOfTheEngineOnlyThoseItsCommandPassesOnPurpose() {
        SecretMasker.global().register(CANARY + "-value");
        Map<String, String> inherited = Map.of("PATH", "/usr/bin", "DOCKER_HOST", "unix:///run/docker.sock",
                "RANCHER_SECRET_KEY", CANARY, "REGISTRY_PASSWORD", CANARY, "AWS_SECRET_ACCESS_KEY", CANARY,
                "SOME_SETTING", CANARY + "-value", "PGPASSWORD", CANARY);
        ProcessRunner.Command command = ProcessRunner.Command.of(List.of("env"), Duration.ofSeconds(30))
                .env(Map.of("PGPASSWORD", "given-on-purpose"));

        Map<String, String> child = ProcessRunner.childEnvironment(inherited, command);

        assertThat(child).containsEntry("PATH", "/usr/bin").containsEntry("DOCKER_HOST", "unix:///run/docker.sock")
                .containsEntry("PGPASSWORD", "given-on-purpose")
                .doesNotContainKeys("RANCHER_SECRET_KEY", "REGISTRY_PASSWORD", "AWS_SECRET_ACCESS_KEY", "SOME_SETTING");
    }

    @Test
    void aRealChildSeesNoRegisteredSecretInItsEnvironment() {
        // this JVM's own environment holds no secret here; a registered value under a harmless name must still not pass
        String inheritedName = System.getenv().keySet().stream().filter(k -> !k.equals("PATH") && System.getenv(k).length() >= 8
                && !SecretMasker.isSecretName(k)).findFirst().orElseThrow();
        SecretMasker.global().register(System.getenv(inheritedName));
        ProcessRunner.Result r = ProcessRunner.run(ProcessRunner.Command.of(List.of("env"), Duration.ofSeconds(30))
                .captureStdout(1 << 20), line -> { });

        assertThat(r.stdout()).doesNotContain(inheritedName + "=").contains("PATH=");
    }

    @Test
    void stdoutToAFileKeepsOnlyStderrAsLinesAndAWorkingDirectoryApplies() throws Exception {
        Path out = dir.resolve("out.bin");
        Files.writeString(dir.resolve("input"), "from a file\n");

        ProcessRunner.Result r = ProcessRunner.run(sh("cat; pwd >&2", Duration.ofSeconds(30)).in(dir)
                .stdinFrom(dir.resolve("input")).stdoutTo(out), line -> { });

        assertThat(r.ok()).isTrue();
        assertThat(Files.readString(out)).isEqualTo("from a file\n");
        assertThat(r.tail()).containsExactly(dir.toRealPath().toString());
    }

    @Test
    void aMissingProgramIsAPreconditionAndTicksComeWhileItRuns() {
        assertThatThrownBy(() -> ProcessRunner.run(ProcessRunner.Command.of(List.of("no-such-program-odoo-platform"),
                Duration.ofSeconds(5)), line -> { }))
                .isInstanceOf(ProcessRunner.CannotStart.class).isInstanceOf(PreconditionException.class)
                .hasMessageStartingWith("cannot run 'no-such-program-odoo-platform': ");

        AtomicInteger ticks = new AtomicInteger();
        ProcessRunner.run(sh("sleep 2.5", Duration.ofSeconds(30)), line -> { }, ticks::incrementAndGet);
        assertThat(ticks.get()).isBetween(1, 4);
    }

    @Test
    void aBackgroundProgramIsStoppedWithItsChildren() throws Exception {
        Path log = dir.resolve("log");
        Path pid = dir.resolve("pid");
        ProcessRunner.Background server = ProcessRunner.start(List.of("sh", "-c",
                "trap '' TERM; sleep 300 & echo $! > " + pid + "; echo up; wait"), log);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(Files.exists(pid) && Files.readString(pid).endsWith("\n")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(server.isAlive()).isTrue();
        long child = Long.parseLong(Files.readString(pid).trim());

        server.close();

        assertThat(server.isAlive()).isFalse();
        assertGone(child);
        assertThat(Files.readString(log)).contains("up");
    }
}
