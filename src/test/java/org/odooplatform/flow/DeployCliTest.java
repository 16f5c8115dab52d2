package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.simulator.RecordedRequest;
import org.odooplatform.testsupport.Cli;

/** The deploy, diff, status and rollback commands, run in-process as bin/odoo-platform runs them. */
class DeployCliTest {

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator();



    @Test
    void wrongApiKeysExit2AndNothingIsChanged() {
        Map<String, String> env = new HashMap<>(cli.env());
        env.put("RANCHER_SECRET_KEY", "wrong-secret-key-0000");
        Cli.useEnvironment(env);
        Cli.Result r = cli.run("deploy", "integration", DeployFixtures.IMAGE_A);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("check RANCHER_ACCESS_KEY/RANCHER_SECRET_KEY").contains("nothing was changed");
        assertThat(cli.sim().requests()).isNotEmpty();
        assertThat(cli.sim().mutations()).isEmpty();
        assertThat(r.all()).doesNotContain("wrong-secret-key-0000");
    }

    @Test
    void aReadOnlyApiKeyIsRefusedAtConnectWithAClearMessageAndNothingIsChanged() {
        // Cattle serves a read-user key schemas whose collectionMethods lack POST (RancherSimulatorReadOnlyKeyTest)
        Map<String, String> env = new HashMap<>(cli.env());
        env.put("RANCHER_ACCESS_KEY", SimulatorHarness.READ_ONLY_ACCESS_KEY);
        env.put("RANCHER_SECRET_KEY", SimulatorHarness.READ_ONLY_SECRET);
        Cli.useEnvironment(env);
        for (String command : List.of("deploy", "rollback")) {
            Cli.Result r = command.equals("deploy") ? cli.run("deploy", "integration", DeployFixtures.IMAGE_A)
                    : cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration");
            assertThat(r.code()).as(r.toString()).isEqualTo(command.equals("deploy") ? 2 : 3);
            if (command.equals("deploy")) {
                assertThat(r.err()).contains("may not create stacks or services").contains("owner or member role")
                        .contains("nothing was changed");
            }
            assertThat(r.all()).doesNotContain(SimulatorHarness.READ_ONLY_SECRET);
        }
        assertThat(cli.sim().mutations()).isEmpty();
        assertThat(cli.sim().requests()).allSatisfy(req -> assertThat(req.method()).isEqualTo("GET"));
    }

    @Test
    void badInputIsReportedWithFileAndLineBeforeAnyRequest() throws Exception {
        Path pub = DeployFixtures.publicEnv(cli.project(), "integration");
        Files.writeString(pub, Files.readString(pub).replace("export WORKERS=8\n", ""));
        Cli.Result r = cli.run("deploy", "integration", "camptocamp/acme_odoo");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("docker-compose.yml:15: error: ${WORKERS} has no value")
                .contains("--image 'camptocamp/acme_odoo' names no tag or digest");
        assertThat(cli.sim().requests()).isEmpty();
    }

    @Test
    void settingsThatCheckRefusesAreRefusedByDeployBeforeAnyRequest() throws Exception {
        Path secret = DeployFixtures.secretEnv(cli.project(), "prod");
        Files.writeString(secret, Files.readString(secret).replace("quiet_heron_4411", "acme_prod_db"));
        Path pub = DeployFixtures.publicEnv(cli.project(), "prod");
        Files.writeString(pub, Files.readString(pub).replace("RUNNING_ENV=prod", "RUNNING_ENV=integration"));
        Cli.Result r = cli.run("deploy", "prod", DeployFixtures.IMAGE_A);
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("DB_NAME 'acme_prod_db' contains the client name 'acme'")
                .contains("RUNNING_ENV");
        assertThat(cli.sim().requests()).isEmpty();
    }

    @Test
    void dryRunPrintsThePlanAndMakesOnlyGetRequests() {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        cli.sim().clearRequests();
        Cli.Result r = cli.run("deploy", "integration", DeployFixtures.IMAGE_B, "--dry-run");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("~ odoo: upgrade").contains("--dry-run: nothing was changed.");
        assertThat(cli.sim().requests()).isNotEmpty().allMatch(RecordedRequest::isRead);
    }

    @Test
    void diffExits0WhenNothingWouldChange4WhenSomethingWouldAndTheErrorsCodeOtherwise() {
        assertThat(cli.run("diff", "integration", DeployFixtures.IMAGE_A).code()).isEqualTo(4);
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        cli.sim().clearRequests();
        Cli.Result same = cli.run("diff", "integration", DeployFixtures.IMAGE_A);
        assertThat(same.code()).as(same.toString()).isZero();
        assertThat(same.out()).contains("No changes");
        Cli.Result other = cli.run("diff", "integration", DeployFixtures.IMAGE_B);
        assertThat(other.code()).isEqualTo(4);
        assertThat(other.out()).contains("~ image: " + DeployFixtures.IMAGE_A + " -> " + DeployFixtures.IMAGE_B);
        assertThat(cli.sim().mutations()).isEmpty();
        assertThat(cli.run("diff", "integration", "not an image").code()).isEqualTo(2);
    }

    @Test
    void diffExitsWithTheCodeDeployDryRunExitsWithForEveryError() {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        int mutations = cli.sim().mutations().size();
        // integration runs A: promoting B is an unmet precondition (3) for both, never "bad input" or "changes"
        Cli.Result diff = cli.run("diff", "prod", DeployFixtures.IMAGE_B, "--require-same-as", "integration");
        Cli.Result dryRun = cli.run("deploy", "prod", DeployFixtures.IMAGE_B, "--require-same-as", "integration", "--dry-run");
        assertThat(diff.code()).as(diff.toString()).isEqualTo(3).isEqualTo(dryRun.code());
        assertThat(diff.err()).contains("acme-odoo-integration runs " + DeployFixtures.IMAGE_A);
        Cli.useEnvironment(Map.of("RANCHER_URL", "http://127.0.0.1:9", "RANCHER_ACCESS_KEY", "x",
                "RANCHER_SECRET_KEY", DeployFixtures.RANCHER_SECRET));
        Cli.Result unreachableDiff = cli.run("diff", "integration", DeployFixtures.IMAGE_A);
        Cli.Result unreachableDryRun = cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--dry-run");
        assertThat(unreachableDiff.code()).as(unreachableDiff.toString()).isEqualTo(unreachableDryRun.code()).isNotEqualTo(4);
        assertThat(cli.sim().mutations()).hasSize(mutations);
    }

    @Test
    void statusPrintsServicesAndTheRecordedDeployAsJson() throws Exception {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--commit", "0123abc",
                "--triggered-by", "jenkins acme/master #12").code()).isZero();
        Cli.Result r = cli.main("status", "--project", cli.project().toString(), "--instance", "integration", "--format", "json");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("stack").path("name").asText()).isEqualTo("acme-odoo-integration");
        assertThat(json.path("services").get(0).path("name").asText()).isEqualTo("odoo");
        assertThat(json.path("services").get(0).path("image").asText()).isEqualTo(DeployFixtures.IMAGE_A);
        assertThat(json.path("services").get(0).path("sidekicks").get(0).path("name").asText()).isEqualTo("nginx");
        assertThat(json.path("deploy").path("digest").asText()).isEqualTo(DeployFixtures.DIGEST_A);
        assertThat(json.path("deploy").path("commit").asText()).isEqualTo("0123abc");
        assertThat(json.path("deploy").path("version").asText()).isEqualTo("10.1.2");
        Cli.Result text = cli.main("status", "--stack", "acme-odoo-integration");
        assertThat(text.out()).contains("Deployed: version 10.1.2, image " + DeployFixtures.IMAGE_A)
                .contains("by jenkins acme/master #12");
        assertThat(cli.main("status", "--stack", "acme-odoo-nothing").code()).isEqualTo(3);
    }

    @Test
    void promotingToProdRequiresTheImageIntegrationRuns() {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        Cli.Result wrong = cli.run("deploy", "prod", DeployFixtures.IMAGE_B, "--require-same-as", "integration",
                "--approved-by", "alice");
        assertThat(wrong.code()).as(wrong.toString()).isEqualTo(3);
        assertThat(wrong.err()).contains("acme-odoo-integration runs " + DeployFixtures.IMAGE_A);
        assertThat(cli.sim().stack("acme-odoo-prod")).isEmpty();
        Cli.Result right = cli.run("deploy", "prod", DeployFixtures.IMAGE_A, "--require-same-as", "integration",
                "--approved-by", "alice", "--no-backup"); // no database cluster here (DeployDatabaseTest has one)
        assertThat(right.code()).as(right.toString()).isZero();
        assertThat(cli.sim().stack("acme-odoo-prod").orElseThrow().path("outputs").path("odoo-platform.deploys").asText())
                .contains("alice");
    }

    @Test
    void rollbackRedeploysThePreviousRecordedVersionOnceTheUpgradeIsFinished() {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_B).code()).isZero();
        Cli.Result r = cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--timeout", "60s");
        assertThat(r.code()).as(r.toString()).isZero();
        JsonNode odoo = cli.sim().service("acme-odoo-integration", "odoo").orElseThrow();
        assertThat(odoo.path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(odoo.path("state").asText()).isEqualTo("active");
        assertThat(r.out()).contains("Rolled back acme-odoo-integration to version 10.1.2");
    }

    @Test
    void rollbackUsesRancherRollbackWhileAServiceIsUpgraded() {
        cli.sim().seedUpgradedService("acme-odoo-integration", "odoo", "camptocamp/acme_odoo:10.1.1", "camptocamp/acme_odoo:10.1.2");
        Cli.Result r = cli.main("rollback", "--stack", "acme-odoo-integration", "--timeout", "60s");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(cli.sim().requests().stream().filter(q -> "rollback".equals(q.action())).count()).isEqualTo(1);
        assertThat(cli.sim().service("acme-odoo-integration", "odoo").orElseThrow().path("launchConfig").path("imageUuid").asText())
                .isEqualTo("docker:camptocamp/acme_odoo:10.1.1");
    }

    @Test
    void aFailedDeployExits1AndSaysWhatFailedAndWhatRunsNow() {
        assertThat(cli.run("deploy", "test", DeployFixtures.IMAGE_A).code()).isZero();
        cli.sim().faults().unhealthyAfterUpgrade("acme-odoo-test", "odoo");
        Cli.Result r = cli.run("deploy", "test", DeployFixtures.IMAGE_B, "--health-grace", "1s");
        System.out.println(r); // real output, quoted in docs/deploy.md
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.err()).contains("odoo's new containers failed their health check").contains("Rolled back odoo")
                .contains("Stack acme-odoo-test now: ");
    }
}
