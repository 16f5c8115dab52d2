package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.testsupport.Cli;

/**
 * A deploy or rollback that fails after it started ends with the state of every service, what to
 * run next and whether the lock is still held; one that fails before any change says "nothing was
 * changed" with exit 2. Rancher-side faults come from the simulator's {@code Faults}.
 */
class FailureReportTest {

    static final String STACK = "acme-odoo-integration";

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator();

    private Cli.Result deploy(String image) {
        Cli.Result r = cli.main("deploy", "--project", cli.project().toString(), "--instance", "integration",
                "--public-env-file", DeployFixtures.publicEnv(cli.project(), "integration").toString(),
                "--env-file", DeployFixtures.secretEnv(cli.project(), "integration").toString(),
                "--image", image, "--timeout", "60s");
        return r;
    }

    private static List<String> lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    @Test
    void aFinishupgradeThatKeepsFailingEndsWithTheStateTheCommandsAndTheLock() {
        assertThat(deploy(DeployFixtures.IMAGE_A).code()).isZero();
        // Cattle's finishupgrade answering 500 on every try (a broken agent): the upgrade is left "upgraded"
        cli.sim().faults().failNext(1000, 500, "POST", "action=finishupgrade");

        Cli.Result r = deploy(DeployFixtures.IMAGE_B);

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        String tail = String.join("\n", lastLines(r.err(), 7));
        assertThat(tail).contains("State of " + STACK + " now:")
                .containsPattern("  odoo +upgraded, health healthy, image " + DeployFixtures.IMAGE_B.replace(".", "\\.")
                        + ", previous image " + DeployFixtures.IMAGE_A)
                .contains("odoo is between versions (the old containers are kept). Run one of:")
                .contains("odoo-platform rollback --stack " + STACK)
                .contains("odoo-platform deploy --instance integration --image " + DeployFixtures.IMAGE_B
                        + " ... --on-pending=finish")
                .endsWith("Deploy lock: released");
        assertThat(r.err()).contains("finishupgrade").contains("HTTP 500");
    }

    @Test
    void rancherGoneMidDeploySaysTheStateIsUnknownAndWhenTheLockExpires() throws Exception {
        cli.replaceSimulator(new SimulatorHarness(Duration.ofMillis(1500), Duration.ofMillis(1500)));
        DeployFlow.run(DeployFixtures.request(cli.project(), "integration", DeployFixtures.IMAGE_A).build(), cli.harness().clients());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread run = new Thread(() -> {
            try {
                DeployFlow.run(DeployFixtures.request(cli.project(), "integration", DeployFixtures.IMAGE_B).build(), cli.harness().clients());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        run.start();
        long until = System.currentTimeMillis() + 30_000;
        while (!"upgrading".equals(cli.sim().service(STACK, "odoo").orElseThrow().path("state").asText())
                && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        cli.sim().close(); // Rancher gone
        run.join(60_000);

        assertThat(failure.get()).isInstanceOf(OperationFailedException.class);
        List<String> tail = lastLines(failure.get().getMessage(), 5);
        assertThat(tail.get(0)).startsWith("The state of " + STACK + " could not be read (");
        assertThat(tail.get(1)).isEqualTo("  Run: odoo-platform status --stack " + STACK + " once Rancher answers, then");
        assertThat(tail.get(4)).startsWith("Deploy lock: unknown; if this deploy still holds it, it expires by ")
                .endsWith("(a rerun on this host takes it over at once)");
    }

    @Test
    void aConnectionFailureBeforeAnyChangeIsExit2NothingChanged() {
        assertThat(deploy(DeployFixtures.IMAGE_A).code()).isZero();
        cli.sim().clearRequests();
        // the API answers the bootstrap, then every stack read fails (a proxy in front of a dying Rancher)
        cli.sim().faults().failNext(1000, 503, "GET", "/stacks");

        Cli.Result r = deploy(DeployFixtures.IMAGE_B);

        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("HTTP 503").contains("no change had been requested from Rancher")
                .endsWith("nothing was changed.\n");
        assertThat(cli.sim().mutations()).isEmpty();
    }

    @Test
    void aRollbackThatFailsAfterItStartedReportsTheStateToo() {
        assertThat(deploy(DeployFixtures.IMAGE_A).code()).isZero();
        cli.sim().faults().failNext(1000, 500, "POST", "action=finishupgrade");
        assertThat(deploy(DeployFixtures.IMAGE_B).code()).isEqualTo(1); // left upgraded
        cli.sim().faults().clear();
        cli.sim().faults().failNext(1000, 500, "POST", "action=rollback");

        Cli.Result r = cli.main("rollback", "--project", cli.project().toString(), "--stack", STACK, "--timeout", "30s");

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("State of " + STACK + " now:").contains("odoo is between versions")
                .contains("odoo-platform rollback --stack " + STACK).contains("Deploy lock: released");
    }

    @Test
    void keysRefusedAfterTheUpgradeStartedAreExit1WithTheStateNotNothingChanged() {
        assertThat(deploy(DeployFixtures.IMAGE_A).code()).isZero();
        // the API key revoked while the upgrade runs: Cattle answers 401 from then on
        cli.sim().faults().failNext(1000, 401, "POST", "action=finishupgrade");

        Cli.Result r = deploy(DeployFixtures.IMAGE_B);

        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("Rancher refused the API key").contains("odoo is between versions")
                .doesNotContain("nothing was changed");
    }
}
