package org.odooplatform.rancher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.simulator.RancherSimulator;

/**
 * cattle ServiceUpgradeValidationFilter saves the new launch config, and the old one as
 * previousLaunchConfig, before the upgrade process starts: an upgrade sent again once the config
 * has changed would record the new config as the previous one, and no rollback could restore the
 * old version. The client stops instead of re-sending.
 */
class RancherClientUpgradeTest {

    RancherSimulator sim;
    RancherClient client;

    @BeforeEach
    void start() {
        sim = RancherSimulator.builder().accessKey("ak").secretKey("sk-upgrade-test")
                .transitionDelay(Duration.ofMillis(20)).healthCheckDelay(Duration.ofMillis(20)).build().start();
        client = new RancherClient(RancherEndpoint.of(sim.baseUrl(), "ak", "sk-upgrade-test"),
                new RetryPolicy(4, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5)));
        sim.seedService("shop", "web", "nginx:1.12", Map.of());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private Resource web() {
        return client.services(client.findStack("shop").orElseThrow()).get(0);
    }

    private static InServiceUpgrade to(String image) {
        LaunchConfig lc = new LaunchConfig(null, LaunchImage.tryParse(image).orElseThrow(), Map.of(), Map.of(), Map.of());
        return new InServiceUpgrade(lc, List.of(), 1, 100, false);
    }

    private Resource waitFor(String state) throws InterruptedException {
        long until = System.currentTimeMillis() + 10_000;
        Resource now = web();
        while (!(state.equals(now.state()) && !now.isTransitioning()) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
            now = web();
        }
        return now;
    }

    @Test
    void anUpgradeIsNotSentAgainOnceTheServiceLaunchConfigHasChanged() throws Exception {
        Resource before = web();
        // meanwhile the service's launch config changes (another upgrade, or our own whose answer was lost)
        client.upgrade(before, to("nginx:1.13"));
        client.action(waitFor("upgraded"), "finishupgrade");
        waitFor("active");
        sim.faults().failNext(1, 500, "POST", "/services/");
        sim.clearRequests();

        assertThatThrownBy(() -> client.upgrade(before, to("nginx:1.14")))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("saved the new launch config of web")
                .hasMessageContaining("not sent again");

        assertThat(sim.requests().stream().filter(r -> "upgrade".equals(r.action())).toList())
                .as("one attempt, refused by the fault; no second one").hasSize(1);
        assertThat(web().image()).isEqualTo("nginx:1.13");
    }

    @Test
    void anUpgradeRefusedBeforeAnythingWasSavedIsSentAgain() {
        sim.faults().failNext(1, 503, "POST", "/services/");
        Resource after = client.upgrade(web(), to("nginx:1.13"));
        assertThat(after.image()).isEqualTo("nginx:1.13");
        assertThat(sim.requests().stream().filter(r -> "upgrade".equals(r.action()) && r.status() < 300).count()).isEqualTo(1);
    }
}
