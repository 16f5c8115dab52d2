package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.StackNotes;
import org.odooplatform.testsupport.Cli;

/**
 * A lock left by a deploy that died on this host is taken over at once (pid, host and pid
 * namespace are recorded in the lock); a live holder, or one on another host, is waited for; and
 * {@code status} shows a held lock with its holder and expiry.
 */
class DeadLockHolderTest {

    static final String STACK = "acme-odoo-integration";

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator();

    Process sleeper;

    @AfterEach
    void stopSleeper() {
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    private DeployFlow.Outcome deploy(String image, Duration lockWait) {
        return DeployFlow.run(DeployFixtures.request(cli.project(), "integration", image).lockWait(lockWait).build(),
                cli.harness().clients());
    }

    /** Writes a lock on the stack as another deploy would have, valid for 10 more minutes. */
    private void lockHeldBy(String host, long pid, String started) throws Exception {
        Rancher rancher = cli.harness().clients().rancher().get();
        rancher.connect();
        Resource stack = rancher.findStack(STACK).orElseThrow();
        ObjectNode lock = new ObjectMapper().createObjectNode().put("holder", "deploy of old-image by jenkins on " + host)
                .put("token", "t-0").put("since", Instant.now().minusSeconds(30).toString())
                .put("expires", Instant.now().plusSeconds(600).toString()).put("host", host).put("pid", pid)
                .put("pidNamespace", Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString());
        if (started != null) {
            lock.put("started", started);
        }
        StackNotes.update(rancher, stack, outputs -> outputs.put(StackNotes.LOCK, lock.toString()));
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static String host() throws Exception {
        return InetAddress.getLocalHost().getHostName();
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsTakenOverAtOnce() throws Exception {
        deploy(DeployFixtures.IMAGE_A, Duration.ofSeconds(60));
        long dead = deadPid();
        lockHeldBy(host(), dead, null);

        DeployFlow.Outcome outcome = deploy(DeployFixtures.IMAGE_B, Duration.ZERO);

        assertThat(outcome.changed()).isTrue();
        assertThat(cli.harness().output()).contains("the deploy lock of " + STACK + " is held by deploy of old-image by jenkins on "
                + host() + ", but its process " + dead + " no longer runs on this host: taking the lock over");
        assertThat(cli.sim().stack(STACK).orElseThrow().path("outputs").has(StackNotes.LOCK)).isFalse();
    }

    @Test
    void aLiveHolderOrOneOnAnotherHostIsWaitedFor() throws Exception {
        deploy(DeployFixtures.IMAGE_A, Duration.ofSeconds(60));
        sleeper = new ProcessBuilder("sleep", "60").start();
        lockHeldBy(host(), sleeper.pid(), sleeper.info().startInstant().map(Instant::toString).orElse(null));
        assertThatThrownBy(() -> deploy(DeployFixtures.IMAGE_B, Duration.ZERO)).isInstanceOf(PreconditionException.class)
                .hasMessageContaining("is locked by deploy of old-image");

        lockHeldBy("another-agent", deadPid(), null);
        assertThatThrownBy(() -> deploy(DeployFixtures.IMAGE_B, Duration.ZERO)).isInstanceOf(PreconditionException.class)
                .hasMessageContaining("is locked by deploy of old-image by jenkins on another-agent");
        assertThat(cli.sim().stack(STACK).orElseThrow().path("outputs").path("odoo-platform.deploys").asText())
                .doesNotContain(DeployFixtures.DIGEST_B);
    }

    @Test
    void aReusedPidIsNotMistakenForTheHolder() throws Exception {
        deploy(DeployFixtures.IMAGE_A, Duration.ofSeconds(60));
        sleeper = new ProcessBuilder("sleep", "60").start();
        // same pid, but the process recorded in the lock started at another time: the holder is gone
        lockHeldBy(host(), sleeper.pid(), "2020-01-01T00:00:00Z");
        assertThat(deploy(DeployFixtures.IMAGE_B, Duration.ZERO).changed()).isTrue();
    }

    @Test
    void statusShowsAHeldLockItsHolderAndExpiry() throws Exception {
        deploy(DeployFixtures.IMAGE_A, Duration.ofSeconds(60));
        // the holder's pid: a live process, so status does not call it dead

        lockHeldBy("another-agent", 4242, null);
        Cli.Result text = cli.main("status", "--project", cli.project().toString(), "--stack", STACK);
        assertThat(text.code()).as(text.toString()).isZero();
        assertThat(text.out()).containsPattern("  Deploy lock: held by deploy of old-image by jenkins on another-agent since "
                + "\\S+, expires \\S+ unless renewed");
        Cli.Result json = cli.main("status", "--project", cli.project().toString(), "--stack", STACK, "--format", "json");
        ObjectNode root = (ObjectNode) new ObjectMapper().readTree(json.out());
        assertThat(root.path("lock").path("host").asText()).isEqualTo("another-agent");
        assertThat(root.path("lock").path("pid").asLong()).isEqualTo(4242);
        assertThat(root.path("lock").has("token")).isFalse();
    }

    @Test
    void statusWithoutALockSaysNothingOfIt() {
        deploy(DeployFixtures.IMAGE_A, Duration.ofSeconds(60));
        Cli.Result text = cli.main("status", "--project", cli.project().toString(), "--stack", STACK);
        assertThat(text.out()).doesNotContain("Deploy lock");
    }
}
