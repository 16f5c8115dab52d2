package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.simulator.RecordedRequest;

class DeployResilienceTest {

    static final String IMAGE_C = "camptocamp/acme_odoo@sha256:" + "c".repeat(64);

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator();

    /** Transitions and health checks of a second: long enough to stop a deploy in the middle. */
    private void slowSimulator() {
        cli.replaceSimulator(new SimulatorHarness(Duration.ofMillis(1500), Duration.ofMillis(1500)));
    }

    private DeployFlow.Outcome deploy(String image) {
        return DeployFlow.run(DeployFixtures.request(cli.project(), "integration", image).build(), cli.harness().clients());
    }

    private JsonNode odoo() {
        return cli.sim().service("acme-odoo-integration", "odoo").orElseThrow();
    }

    private long actions(String action) {
        return cli.sim().requests().stream().filter(r -> action.equals(r.action())).count();
    }

    @Test
    void burstsOf503AndDroppedConnectionsAreRetriedAndTheDeploySucceeds() {
        deploy(DeployFixtures.IMAGE_A);
        cli.sim().clearRequests();
        cli.sim().faults().failNext(4, 503).dropNextConnections(3)
                .failNext(2, 500, "POST", "/services/")
                .dropNextResponses(1, "POST", "/services/"); // the upgrade happens but its answer is lost
        deploy(DeployFixtures.IMAGE_B);
        assertThat(odoo().path("state").asText()).isEqualTo("active");
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        assertThat(cli.sim().requests().stream().anyMatch(r -> r.status() == 503)).isTrue();
        // the upgrade whose answer was lost is not sent again: its effect was checked first
        assertThat(cli.sim().requests().stream().filter(r -> "upgrade".equals(r.action()) && r.status() < 300).count()).isEqualTo(1);
    }

    @Test
    void aDeployKilledMidUpgradeConvergesWhenRunAgain() throws Exception {
        slowSimulator();
        deploy(DeployFixtures.IMAGE_A);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread killed = new Thread(() -> {
            try {
                deploy(DeployFixtures.IMAGE_B);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        killed.start();
        long until = System.currentTimeMillis() + 30_000;
        while (!"upgrading".equals(odoo().path("state").asText()) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        killed.interrupt();
        killed.join(30_000);
        assertThat(failure.get()).hasMessageContaining("run the deploy again");
        assertThat(odoo().path("state").asText()).isIn("upgrading", "upgraded");

        DeployFlow.Outcome rerun = deploy(DeployFixtures.IMAGE_B);

        assertThat(rerun.changed()).isTrue();
        assertThat(odoo().path("state").asText()).isEqualTo("active");
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        assertThat(actions("upgrade")).as("the interrupted upgrade is resumed, not sent again").isEqualTo(1);
        assertThat(cli.harness().output()).contains("odoo: resuming the upgrade left by an interrupted deploy");
        assertThat(cli.sim().stack("acme-odoo-integration").orElseThrow().path("outputs").has("odoo-platform.lock")).isFalse();
    }

    @Test
    void aDeployKilledAfterRemovingTheTestServicesConvergesWhenRunAgain() throws Exception {
        DeployFlow.run(DeployFixtures.request(cli.project(), "test", DeployFixtures.IMAGE_A).build(), cli.harness().clients());
        cli.sim().faults().freezeTransitions(true);
        Thread killed = new Thread(() -> {
            try {
                DeployFlow.run(DeployFixtures.request(cli.project(), "test", DeployFixtures.IMAGE_B).recreateDb(true).build(), cli.harness().clients());
            } catch (RuntimeException expected) {
                // interrupted
            }
        });
        killed.start();
        long until = System.currentTimeMillis() + 30_000;
        while (cli.sim().requests().stream().noneMatch(r -> r.method().equals("DELETE")) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        killed.interrupt();
        killed.join(30_000);
        cli.sim().faults().freezeTransitions(false);
        DeployFlow.run(DeployFixtures.request(cli.project(), "test", DeployFixtures.IMAGE_B).recreateDb(true).build(), cli.harness().clients());
        JsonNode odoo = cli.sim().service("acme-odoo-test", "odoo").orElseThrow();
        assertThat(odoo.path("state").asText()).isEqualTo("active");
        assertThat(odoo.path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        assertThat(cli.sim().service("acme-odoo-test", "db").orElseThrow().path("state").asText()).isEqualTo("active");
    }

    @Test
    void twoDeploysOfOneStackNeverInterleave() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<DeployFlow.Outcome>> runs = new ArrayList<>();
            runs.add(pool.submit(() -> deploy(DeployFixtures.IMAGE_A)));
            runs.add(pool.submit(() -> deploy(DeployFixtures.IMAGE_B)));
            for (Future<DeployFlow.Outcome> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // from the first create/upgrade to the end of the first deploy, the other deploy made no change
        List<RecordedRequest> changes = cli.sim().mutations().stream()
                .filter(r -> r.path().contains("/services") && !r.method().equals("PUT")).toList();
        List<String> images = new ArrayList<>();
        for (RecordedRequest r : changes) {
            String image = r.body() != null && r.body().contains(DeployFixtures.DIGEST_A) ? "A"
                    : r.body() != null && r.body().contains(DeployFixtures.DIGEST_B) ? "B" : null;
            if (image != null && (images.isEmpty() || !images.get(images.size() - 1).equals(image))) {
                images.add(image);
            }
        }
        assertThat(images).as("each deploy's changes form one block").hasSize(2);
        String history = cli.sim().stack("acme-odoo-integration").orElseThrow().path("outputs").path("odoo-platform.deploys").asText();
        assertThat(history).contains(DeployFixtures.DIGEST_A).contains(DeployFixtures.DIGEST_B);
        assertThat(cli.sim().requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/stacks")
                && r.status() < 300).count()).as("one stack created").isEqualTo(1);
    }

    @Test
    void aSecondDeployThatMayNotWaitExits3NamingTheHolder() throws Exception {
        slowSimulator();
        deploy(DeployFixtures.IMAGE_A);
        Thread first = new Thread(() -> {
            try {
                deploy(DeployFixtures.IMAGE_B);
            } catch (RuntimeException ignored) {
                // asserted through the simulator below
            }
        });
        first.start();
        long until = System.currentTimeMillis() + 30_000;
        while (!"upgrading".equals(odoo().path("state").asText()) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertThatThrownBy(() -> DeployFlow.run(DeployFixtures.request(cli.project(), "integration", IMAGE_C)
                .lockWait(Duration.ZERO).triggeredBy("second").build(), cli.harness().clients()))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("is locked by deploy of " + DeployFixtures.IMAGE_B);
        first.join(60_000);
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        assertThat(cli.sim().requests().stream().filter(r -> r.body() != null && r.body().contains("c".repeat(64))
                && r.path().contains("/services"))).isEmpty();
    }
}
