package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.time.Duration;
import java.util.List;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.simulator.RecordedRequest;

class DeployFlowTest {

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator();

    @Test
    void itCreatesTheIntegrationStackFromNothing() {
        DeployFlow.Outcome outcome = DeployFlow.run(DeployFixtures.request(cli.project(), "integration", DeployFixtures.IMAGE_A)
                .commit("abc123").triggeredBy("jenkins #7").build(), cli.harness().clients());
        System.out.println(cli.harness().output());
        assertThat(outcome.changed()).isTrue();
        JsonNode odoo = cli.sim().service("acme-odoo-integration", "odoo").orElseThrow();
        assertThat(odoo.path("state").asText()).isEqualTo("active");
        assertThat(odoo.path("healthState").asText()).isEqualTo("healthy");
        assertThat(odoo.path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(odoo.path("secondaryLaunchConfigs").get(0).path("name").asText()).isEqualTo("nginx");
        assertThat(odoo.path("scale").asInt()).isEqualTo(2);
        assertThat(cli.sim().service("acme-odoo-integration", "letsencrypt").orElseThrow().path("state").asText()).isEqualTo("active");
        DeployRecord record = outcome.record();
        assertThat(record.digest()).isEqualTo(DeployFixtures.DIGEST_A);
        assertThat(cli.sim().stack("acme-odoo-integration").orElseThrow().path("outputs").path("odoo-platform.deploys").asText())
                .contains(DeployFixtures.DIGEST_A).contains("abc123").contains("jenkins #7");
        assertThat(cli.sim().stack("acme-odoo-integration").orElseThrow().path("outputs").has("odoo-platform.lock")).isFalse();
        assertThat(cli.harness().output()).contains("+ odoo: create").doesNotContain(DeployFixtures.DB_PASSWORD);
    }

    private DeployFlow.Outcome deploy(String instance, String image) {
        return DeployFlow.run(DeployFixtures.request(cli.project(), instance, image).build(), cli.harness().clients());
    }

    private int indexOf(List<RecordedRequest> requests, String method, String pathPart, String action) {
        for (int i = 0; i < requests.size(); i++) {
            RecordedRequest r = requests.get(i);
            if (r.method().equals(method) && r.path().contains(pathPart) && (action == null || action.equals(r.action()))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void itPullsThenUpgradesInServiceWithTheComposeStrategyAndFinishes() {
        deploy("integration", DeployFixtures.IMAGE_A);
        cli.sim().clearRequests();
        DeployFlow.Outcome outcome = deploy("integration", DeployFixtures.IMAGE_B);
        assertThat(outcome.changed()).isTrue();
        JsonNode odoo = cli.sim().service("acme-odoo-integration", "odoo").orElseThrow();
        assertThat(odoo.path("state").asText()).isEqualTo("active");
        assertThat(odoo.path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        List<RecordedRequest> requests = cli.sim().requests();
        int pull = indexOf(requests, "POST", "pulltasks", null);
        int upgrade = indexOf(requests, "POST", "/services/", "upgrade");
        int finish = indexOf(requests, "POST", "/services/", "finishupgrade");
        assertThat(pull).isNotNegative().isLessThan(upgrade);
        assertThat(finish).isGreaterThan(upgrade);
        assertThat(requests.get(upgrade).body()).contains("\"startFirst\":true").contains(DeployFixtures.DIGEST_B);
        assertThat(requests.get(pull).body()).contains(DeployFixtures.DIGEST_B);
        // letsencrypt is unchanged: never upgraded
        assertThat(requests.stream().filter(r -> "upgrade".equals(r.action())).count()).isEqualTo(1);
        assertThat(cli.harness().output()).contains("~ image: " + DeployFixtures.IMAGE_A + " -> " + DeployFixtures.IMAGE_B)
                .contains("= letsencrypt: unchanged");
        assertThat(cli.sim().stack("acme-odoo-integration").orElseThrow().path("outputs").path("odoo-platform.deploys").asText())
                .contains(DeployFixtures.DIGEST_A).contains(DeployFixtures.DIGEST_B);
    }

    @Test
    void aSecondDeployOfTheSameDigestChangesNothing() {
        deploy("integration", DeployFixtures.IMAGE_A);
        cli.sim().clearRequests();
        DeployFlow.Outcome outcome = deploy("integration", DeployFixtures.IMAGE_A);
        assertThat(outcome.changed()).isFalse();
        assertThat(cli.sim().mutations()).isEmpty();
        assertThat(cli.harness().output()).contains("No changes");
    }

    @Test
    void theTestRecreateRemovesOdooAndDbWaitsAndCreatesThemAgain() {
        deploy("test", "camptocamp/acme_odoo:latest");
        String odooId = cli.sim().service("acme-odoo-test", "odoo").orElseThrow().path("id").asText();
        String dbId = cli.sim().service("acme-odoo-test", "db").orElseThrow().path("id").asText();
        String nginxId = cli.sim().service("acme-odoo-test", "nginx").orElseThrow().path("id").asText();
        cli.sim().clearRequests();
        DeployFlow.run(DeployFixtures.request(cli.project(), "test", "camptocamp/acme_odoo:latest").recreateDb(true).build(), cli.harness().clients());
        JsonNode odoo = cli.sim().service("acme-odoo-test", "odoo").orElseThrow();
        JsonNode db = cli.sim().service("acme-odoo-test", "db").orElseThrow();
        assertThat(odoo.path("id").asText()).isNotEqualTo(odooId);
        assertThat(db.path("id").asText()).isNotEqualTo(dbId);
        assertThat(odoo.path("state").asText()).isEqualTo("active");
        assertThat(cli.sim().service("acme-odoo-test", "nginx").orElseThrow().path("id").asText()).isEqualTo(nginxId);
        List<RecordedRequest> requests = cli.sim().requests();
        int lastDelete = -1;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).method().equals("DELETE") && requests.get(i).path().contains("/services/")) {
                lastDelete = i;
            }
        }
        assertThat(requests.stream().filter(r -> r.method().equals("DELETE") && r.path().contains("/services/")).count())
                .isEqualTo(2);
        assertThat(indexOf(requests, "POST", "/services", null)).isGreaterThan(lastDelete);
        // nginx links to the new odoo, odoo to the new db
        assertThat(cli.sim().service("acme-odoo-test", "nginx").orElseThrow().path("linkedServices").toString())
                .contains(odoo.path("id").asText());
        assertThat(cli.harness().output()).contains("! odoo: remove and create again").contains("! db: remove and create again");
    }

    @Test
    void aServiceLeftUpgradedIsShownAndFinishedOnIntegration() {
        cli.sim().seedUpgradedService("acme-odoo-integration", "letsencrypt", "janeczku/rancher-letsencrypt:v0.2.0",
                "janeczku/rancher-letsencrypt:v0.3.1");
        deploy("integration", DeployFixtures.IMAGE_B);
        assertThat(cli.harness().output()).contains("pending: letsencrypt is 'upgraded' from an earlier deploy: old image "
                + "janeczku/rancher-letsencrypt:v0.2.0, new image janeczku/rancher-letsencrypt:v0.3.1");
        JsonNode le = cli.sim().service("acme-odoo-integration", "letsencrypt").orElseThrow();
        assertThat(le.path("state").asText()).isEqualTo("active");
        // finished, then brought back to what the compose file says
        assertThat(le.path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:janeczku/rancher-letsencrypt:v0.3.0");
    }

    @Test
    void onProdAServiceLeftUpgradedStopsTheDeployWithExit3BeforeAnyChange() {
        cli.sim().seedUpgradedService("acme-odoo-prod", "letsencrypt", "janeczku/rancher-letsencrypt:v0.2.0",
                "janeczku/rancher-letsencrypt:v0.3.1");
        cli.sim().clearRequests();
        assertThatThrownBy(() -> deploy("prod", DeployFixtures.IMAGE_B))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("old image janeczku/rancher-letsencrypt:v0.2.0, new image janeczku/rancher-letsencrypt:v0.3.1")
                .hasMessageContaining("--on-pending=finish");
        assertThat(cli.sim().mutations()).isEmpty();
        DeployFlow.run(DeployFixtures.request(cli.project(), "prod", DeployFixtures.IMAGE_B).onPending(OnPending.ROLLBACK)
                .noBackup(true).approvedBy("alice").build(), // no database cluster here (DeployDatabaseTest has one)
                cli.harness().clients());
        assertThat(cli.sim().requests().stream().filter(r -> "rollback".equals(r.action())).count()).isEqualTo(1);
        assertThat(cli.sim().service("acme-odoo-prod", "odoo").orElseThrow().path("launchConfig").path("imageUuid").asText())
                .isEqualTo("docker:" + DeployFixtures.IMAGE_B);
    }

    @Test
    void withStartFirstUnhealthyNewContainersFailTheUpgradeBeforeTheTimeoutAndItIsRolledBack() {
        deploy("integration", DeployFixtures.IMAGE_A);
        cli.sim().faults().unhealthyAfterUpgrade("acme-odoo-integration", "odoo");
        // the old containers keep the service healthy: only the new containers' health tells
        assertThatThrownBy(() -> DeployFlow.run(DeployFixtures.request(cli.project(), "integration", DeployFixtures.IMAGE_B)
                .timeout(Duration.ofMinutes(2)).build(), cli.harness().clients()))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("odoo's new containers failed their health check")
                .hasMessageNotContaining("timed out")
                .hasMessageContaining("Rolled back odoo: the previous version is active and healthy again")
                .hasMessageContaining("odoo active");
        JsonNode odoo = cli.sim().service("acme-odoo-integration", "odoo").orElseThrow();
        assertThat(odoo.path("state").asText()).isEqualTo("active");
        assertThat(odoo.path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(cli.sim().stack("acme-odoo-integration").orElseThrow().path("outputs").path("odoo-platform.deploys").asText())
                .doesNotContain(DeployFixtures.DIGEST_B);
    }

    @Test
    void onTheTestInstanceUnhealthyNewContainersFailFastAndAreRolledBack() {
        deploy("test", DeployFixtures.IMAGE_A);
        cli.sim().faults().unhealthyAfterUpgrade("acme-odoo-test", "odoo");
        assertThatThrownBy(() -> deploy("test", DeployFixtures.IMAGE_B))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("odoo's new containers failed their health check");
        assertThat(cli.sim().service("acme-odoo-test", "odoo").orElseThrow().path("launchConfig").path("imageUuid").asText())
                .isEqualTo("docker:" + DeployFixtures.IMAGE_A);
    }

    @Test
    void aFailedPullStopsTheDeployBeforeAnyContainerIsTouched() {
        deploy("integration", DeployFixtures.IMAGE_A);
        cli.sim().faults().failPull(DeployFixtures.DIGEST_B);
        cli.sim().clearRequests();
        assertThatThrownBy(() -> deploy("integration", DeployFixtures.IMAGE_B))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("nothing was changed, the old version still runs");
        assertThat(cli.sim().requests().stream().filter(r -> "upgrade".equals(r.action()))).isEmpty();
    }
}
