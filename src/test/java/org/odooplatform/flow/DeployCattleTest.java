package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.rancher.Resource;
import org.odooplatform.simulator.RecordedRequest;

/**
 * The deploy engine against the behaviours of a real Cattle (Rancher 1.6) that a naive client gets
 * wrong. Each test names the Cattle or rancher-compose source it depends on; docs/rancher-api.md
 * describes them.
 */
class DeployCattleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator();

    private DeployFlow.Outcome deploy(String instance, String image) {
        return DeployFlow.run(DeployFixtures.request(cli.project(), instance, image).build(), cli.harness().clients());
    }

    private JsonNode service(String instance, String name) {
        return cli.sim().service("acme-odoo-" + instance, name).orElseThrow();
    }

    private List<RecordedRequest> posts(String action) {
        return cli.sim().requests().stream().filter(r -> action.equals(r.action()) && r.status() < 300).toList();
    }

    private RancherClient client() {
        return new RancherClient(RancherEndpoint.of(cli.sim().baseUrl(), SimulatorHarness.ACCESS_KEY, DeployFixtures.RANCHER_SECRET));
    }

    /*
     * cattle UpgradeManagerImpl.upgradeDeploymentUnits (startFirst=false): the old instances are
     * stopped before the new ones start, and ServiceDiscoveryServiceImpl computes the service
     * health over running managed instances only, so a scale-1 service reads `unhealthy` while
     * `upgrading`. The test instance (scale 1, stop first, health check) is the common case.
     */
    @Test
    void aStopFirstUpgradeOfAScaleOneServiceIsNotRolledBackForTheTransientUnhealthyWindow() {
        cli.replaceSimulator(new SimulatorHarness(Duration.ofMillis(300), Duration.ofMillis(300)));
        deploy("test", DeployFixtures.IMAGE_A);
        DeployFlow.Outcome outcome = deploy("test", DeployFixtures.IMAGE_B);
        assertThat(outcome.changed()).isTrue();
        assertThat(posts("rollback")).isEmpty();
        JsonNode odoo = service("test", "odoo");
        assertThat(odoo.path("state").asText()).isEqualTo("active");
        assertThat(odoo.path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
    }

    /*
     * cattle StackHealthStateUpdateTrigger: the service health is recomputed by a deferred trigger,
     * so right after `active` a read may still show the value computed at creation.
     */
    @Test
    void aStaleHealthReadRightAfterCreationDoesNotFailTheDeploy() {
        cli.replaceSimulator(new SimulatorHarness(Duration.ofMillis(30), Duration.ofMillis(60), Duration.ofMillis(250)));
        DeployFlow.Outcome outcome = deploy("test", DeployFixtures.IMAGE_A);
        assertThat(outcome.changed()).isTrue();
        assertThat(service("test", "odoo").path("healthState").asText()).isEqualTo("healthy");
        assertThat(service("test", "db").path("state").asText()).isEqualTo("active");
    }

    /*
     * cattle UpgradeManagerImpl.rollback restarts the old instances: they go through their health
     * check again (initializing) after the service is already `active`.
     */
    @Test
    void afterARollbackTheDeployWaitsUntilTheOldVersionIsHealthyAgain() {
        cli.replaceSimulator(new SimulatorHarness(Duration.ofMillis(30), Duration.ofMillis(800)));
        deploy("test", DeployFixtures.IMAGE_A);
        cli.sim().faults().unhealthyAfterUpgrade("acme-odoo-test", "odoo");
        assertThatThrownBy(() -> deploy("test", DeployFixtures.IMAGE_B))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("the previous version is active and healthy again");
        JsonNode odoo = service("test", "odoo");
        assertThat(odoo.path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(odoo.path("healthState").asText()).as("health right when the deploy returns").isEqualTo("healthy");
    }

    /*
     * rancher-compose rancher/service.go Pull sends the service's labels with the pull task, and
     * cattle PullTaskCreate pulls on the hosts satisfying their host affinity
     * (AllocationHelperImpl.getHostsSatisfyingHostAffinity) only.
     */
    @Test
    void thePullTaskCarriesTheServiceSchedulingLabelsSoOnlyItsHostsPull() throws Exception {
        deploy("integration", DeployFixtures.IMAGE_A);
        cli.sim().clearRequests();
        deploy("integration", DeployFixtures.IMAGE_B);
        RecordedRequest pull = cli.sim().requests().stream().filter(r -> r.method().equals("POST")
                && r.path().toLowerCase().contains("pulltask")).findFirst().orElseThrow();
        JsonNode body = JSON.readTree(pull.body());
        assertThat(body.path("labels").path("io.rancher.scheduler.affinity:host_label").asText()).isEqualTo("application=true");
        assertThat(body.path("labels").has("io.rancher.sidekicks")).as("only scheduling labels").isFalse();
        assertThat(body.path("image").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
    }

    /*
     * cattle PullTaskCreate: a pull that fails on a host is written into the task's per-host
     * `status` map and the task still ends normally; rancher-compose printStatus fails the pull
     * unless every host says "Done".
     */
    @Test
    void aPullThatFailsOnOneHostStopsTheDeployBeforeAnyServiceIsUpgraded() {
        deploy("integration", DeployFixtures.IMAGE_A);
        cli.sim().faults().failPull(DeployFixtures.DIGEST_B);
        cli.sim().clearRequests();
        assertThatThrownBy(() -> deploy("integration", DeployFixtures.IMAGE_B))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("on host")
                .hasMessageContaining("nothing was changed, the old version still runs");
        assertThat(posts("upgrade")).isEmpty();
        assertThat(service("integration", "odoo").path("launchConfig").path("imageUuid").asText())
                .isEqualTo("docker:" + DeployFixtures.IMAGE_A);
    }

    /* The rollback of a finished deploy pulls the previous image first; that wait ends at --timeout. */
    @Test
    void theRollbackRedeployWaitForThePullEndsAtItsTimeout() {
        deploy("integration", DeployFixtures.IMAGE_A);
        deploy("integration", DeployFixtures.IMAGE_B);
        cli.sim().faults().freezeTransitions(true); // the pull task never ends
        AtomicReference<Throwable> failure = new AtomicReference<>();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                RollbackFlow.run(new RollbackFlow.Request("acme-odoo-integration", false, Duration.ofSeconds(2), "test",
                        Duration.ofSeconds(10)), cli.harness().clients());
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        assertThat(failure.get()).isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("did not finish within");
        assertThat(posts("upgrade").stream().filter(r -> r.body().contains(DeployFixtures.DIGEST_A))).isEmpty();
    }

    /* rancher-compose rancher/service.go Up: setservicelinks on every `up`, not only at creation. */
    @Test
    void linksAreComparedOnEveryDeployAndSetAgainWhenTheyDiffer() {
        deploy("test", DeployFixtures.IMAGE_A);
        String odooId = service("test", "odoo").path("id").asText();
        RancherClient api = client();
        api.connect();
        Resource nginx = new Resource(service("test", "nginx"));
        api.setServiceLinks(nginx, java.util.Map.of());
        assertThat(service("test", "nginx").path("linkedServices").toString()).doesNotContain(odooId);
        cli.sim().clearRequests();

        deploy("test", DeployFixtures.IMAGE_A);

        assertThat(service("test", "nginx").path("linkedServices").toString()).contains(odooId);
        assertThat(posts("setservicelinks")).as("only the service whose links differ").hasSize(1);
        assertThat(cli.harness().output()).contains("nginx: links set again");
        cli.sim().clearRequests();
        deploy("test", DeployFixtures.IMAGE_A);
        assertThat(posts("setservicelinks")).as("links equal: nothing sent").isEmpty();
    }

    /* cattle ServiceSetServiceLinksValidationFilter: a repeated target+name is 422 NotUnique. */
    @Test
    void aLinkWrittenTwiceIsSentOnce() throws Exception {
        Path compose = cli.project().resolve("rancher/test/docker-compose.yml");
        Files.writeString(compose, Files.readString(compose).replace("    - db:db\n", "    - db:db\n    - db\n"));
        deploy("test", DeployFixtures.IMAGE_A);
        String dbId = service("test", "db").path("id").asText();
        String odooId = service("test", "odoo").path("id").asText();
        RecordedRequest links = posts("setservicelinks").stream().filter(r -> r.path().contains("/" + odooId)).findFirst()
                .orElseThrow();
        JsonNode sent = JSON.readTree(links.body()).path("serviceLinks");
        assertThat(sent.findValues("serviceId").stream().filter(v -> v.asText().equals(dbId))).hasSize(1);
    }

    /* rancher-compose app/app.go: `up --upgrade` defaults --batch-size 2 and --interval 1000 ms. */
    @Test
    void upgradesUseRancherComposeBatchDefaultsUnlessRancherComposeYmlSetsThem() throws Exception {
        deploy("test", DeployFixtures.IMAGE_A);
        deploy("test", DeployFixtures.IMAGE_B);
        JsonNode strategy = JSON.readTree(posts("upgrade").get(0).body()).path("inServiceStrategy");
        assertThat(strategy.path("batchSize").asInt()).isEqualTo(2);
        assertThat(strategy.path("intervalMillis").asLong()).isEqualTo(1000);
        assertThat(strategy.path("startFirst").asBoolean()).isFalse();

        Path rc = cli.project().resolve("rancher/test/rancher-compose.yml");
        Files.writeString(rc, Files.readString(rc).replace("odoo:\n  scale: 1\n",
                "odoo:\n  scale: 1\n  upgrade_strategy:\n    batch_size: 1\n    interval_millis: 3000\n"));
        cli.sim().clearRequests();
        deploy("test", DeployFixtures.IMAGE_A);
        strategy = JSON.readTree(posts("upgrade").get(0).body()).path("inServiceStrategy");
        assertThat(strategy.path("batchSize").asInt()).isEqualTo(1);
        assertThat(strategy.path("intervalMillis").asLong()).isEqualTo(3000);

        cli.sim().clearRequests();
        DeployFlow.run(DeployFixtures.request(cli.project(), "test", DeployFixtures.IMAGE_B).batchSize(3)
                .batchInterval(Duration.ofMillis(500)).build(), cli.harness().clients());
        strategy = JSON.readTree(posts("upgrade").get(0).body()).path("inServiceStrategy");
        assertThat(strategy.path("batchSize").asInt()).as("the option wins").isEqualTo(3);
        assertThat(strategy.path("intervalMillis").asLong()).isEqualTo(500);
    }

    /*
     * cattle: `upgraded` offers no `update` process, so a PUT of scale there is refused (409) after
     * the scale was saved. A resumed upgrade is finished first, then scaled.
     */
    @Test
    void aResumedUpgradeIsFinishedBeforeItsScaleChanges() throws Exception {
        cli.replaceSimulator(new SimulatorHarness(Duration.ofMillis(1500), Duration.ofMillis(1500)));
        deploy("integration", DeployFixtures.IMAGE_A);
        Thread killed = new Thread(() -> {
            try {
                deploy("integration", DeployFixtures.IMAGE_B);
            } catch (Throwable expected) {
                // interrupted
            }
        });
        killed.start();
        long until = System.currentTimeMillis() + 30_000;
        while (!"upgrading".equals(service("integration", "odoo").path("state").asText()) && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        killed.interrupt();
        killed.join(30_000);
        Path rc = cli.project().resolve("rancher/integration/rancher-compose.yml");
        Files.writeString(rc, Files.readString(rc).replace("odoo:\n  scale: 2\n", "odoo:\n  scale: 3\n"));
        cli.sim().clearRequests();

        deploy("integration", DeployFixtures.IMAGE_B);

        List<RecordedRequest> requests = cli.sim().requests();
        int finish = -1;
        int scale = -1;
        for (int i = 0; i < requests.size(); i++) {
            RecordedRequest r = requests.get(i);
            if ("finishupgrade".equals(r.action()) && finish < 0) {
                finish = i;
            }
            if (r.method().equals("PUT") && r.path().contains("/services/") && r.body() != null && r.body().contains("\"scale\"")) {
                scale = i;
            }
        }
        assertThat(finish).isNotNegative();
        assertThat(scale).as("scale PUT after finishupgrade").isGreaterThan(finish);
        assertThat(service("integration", "odoo").path("scale").asInt()).isEqualTo(3);
        assertThat(service("integration", "odoo").path("state").asText()).isEqualTo("active");
    }

    /*
     * cattle InstanceRemove keeps named volumes (cleanup strategy `unnamed`): removing the db
     * service leaves its data. The test recreate removes the volume too, so no old data survives.
     */
    @Test
    void theTestRecreateRemovesTheDbNamedVolumeSoNoOldDataSurvives() {
        deploy("test", DeployFixtures.IMAGE_A);
        cli.sim().clearRequests();
        DeployFlow.run(DeployFixtures.request(cli.project(), "test", DeployFixtures.IMAGE_B).recreateDb(true).build(), cli.harness().clients());
        assertThat(cli.harness().output()).contains("named volume acme-test-datadb removed");
        List<RecordedRequest> requests = cli.sim().requests();
        int volumeDelete = -1;
        int dbCreate = -1;
        for (int i = 0; i < requests.size(); i++) {
            RecordedRequest r = requests.get(i);
            if (r.method().equals("DELETE") && r.path().contains("/volumes/") && volumeDelete < 0) {
                volumeDelete = i;
            }
            if (r.method().equals("POST") && r.path().endsWith("/services") && r.body().contains("\"name\":\"db\"")) {
                dbCreate = i;
            }
        }
        assertThat(volumeDelete).as("the volume is deleted").isNotNegative();
        assertThat(dbCreate).as("before db is created again").isGreaterThan(volumeDelete);
    }

    /*
     * cattle registry.default: an image written without a registry host is stored in imageUuid with
     * the default registry in front. A second deploy of the same digest is not an upgrade.
     */
    @Test
    void aServerThatPrefixesItsDefaultRegistryDoesNotMakeEveryDeployAnUpgrade() {
        cli.sim().defaultRegistry("registry.example.com");
        deploy("integration", DeployFixtures.IMAGE_A);
        assertThat(service("integration", "odoo").path("launchConfig").path("imageUuid").asText())
                .isEqualTo("docker:registry.example.com/" + DeployFixtures.IMAGE_A);
        cli.sim().clearRequests();
        DeployFlow.Outcome again = deploy("integration", DeployFixtures.IMAGE_A);
        assertThat(again.changed()).isFalse();
        assertThat(cli.sim().mutations()).isEmpty();
    }

    /* cattle: memory is an integer of bytes, logConfig an object; the server refuses other forms (422). */
    @Test
    void sizesAndLogOptionsAreSentInTheFormsCattleAcceptsAndAreNotChangesOnTheNextDeploy() throws Exception {
        Path compose = cli.project().resolve("rancher/integration/docker-compose.yml");
        Files.writeString(compose, Files.readString(compose).replace("    io.rancher.sidekicks: nginx\n",
                "    io.rancher.sidekicks: nginx\n  mem_limit: 2g\n  log_driver: json-file\n  log_opt:\n    max-size: 10m\n"));
        deploy("integration", DeployFixtures.IMAGE_A);
        JsonNode lc = service("integration", "odoo").path("launchConfig");
        assertThat(lc.path("memory").asLong()).isEqualTo(2L << 30);
        assertThat(lc.path("logConfig").path("config").path("max-size").asText()).isEqualTo("10m");
        cli.sim().clearRequests();
        assertThat(deploy("integration", DeployFixtures.IMAGE_A).changed()).isFalse();
        assertThat(cli.sim().mutations()).isEmpty();
    }
}
