package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.rancher.StackNotes;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/**
 * A deploy of integration or prod around the instance's real database: the release's migration
 * (the sample project's odoo/migration.yml: the database has setup, 10.0.0 and 10.1.0 done, so
 * 10.1.1 will run) is found before any change, the database backed up right before the upgrade,
 * and a rollback puts the pre-upgrade database back before the old image runs again. The new image
 * "migrates" through the simulator's upgrade-start hook, which changes the database and
 * marabunta_version as marabunta does when the container starts.
 */
@NeedsServices(TestService.POSTGRES)
class DeployDatabaseTest {

    private static final String STACK = "acme-odoo-integration";

    @TempDir
    Path dir;

    SimulatorHarness h;
    Path project;
    ClusterDb db;
    Path backups;

    @BeforeEach
    void start() throws Exception {
        h = new SimulatorHarness();
        project = DeployFixtures.project(dir);
        db = new ClusterDb();
        db.useFor(project, "integration");
        db.create(2000, "setup", "10.0.0", "10.1.0");
        backups = dir.resolve("backups");
    }

    @AfterEach
    void stop() {
        db.close();
        h.close();
        for (String canary : List.of(DeployFixtures.DB_PASSWORD, db.adminPassword)) {
            assertThat(h.output()).as("secret in the deploy output").doesNotContain(canary);
        }
    }

    private Clients clients() {
        return h.clients().withDatabase(Optional.of(DatabaseAccess.of(db.admin(), new BackupDirectory(backups))));
    }

    private void stopFirst() throws Exception {
        Path compose = project.resolve("rancher/integration/rancher-compose.yml");
        Files.writeString(compose, Files.readString(compose).replace("start_first: true", "start_first: false"));
    }

    private DeployFlow.Outcome deploy(String image, boolean noBackup) {
        return DeployFlow.run(DeployFixtures.request(project, "integration", image).noBackup(noBackup).build(), clients());
    }

    private JsonNode odoo() {
        return h.sim.service(STACK, "odoo").orElseThrow();
    }

    private List<DeployRecord> history() {
        RancherClient client = new RancherClient(RancherEndpoint.of(h.sim.baseUrl(), SimulatorHarness.ACCESS_KEY,
                DeployFixtures.RANCHER_SECRET));
        return StackNotes.history(client.findStack(STACK).orElseThrow());
    }

    @Test
    void aReleaseThatMigratesThenFailsHealthIsRolledBackOntoThePreUpgradeDatabase() throws Exception {
        stopFirst();
        deploy(DeployFixtures.IMAGE_A, true);
        Map<String, String> before = db.fingerprint();
        AtomicInteger migrations = new AtomicInteger();
        h.sim.faults().onUpgradeStart(STACK, "odoo", () -> {
            if (migrations.getAndIncrement() == 0) {
                db.migrate("10.1.1");
            }
        });
        h.sim.faults().unhealthyAfterUpgrade(STACK, "odoo");

        assertThatThrownBy(() -> deploy(DeployFixtures.IMAGE_B, false))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("Rolled back odoo and restored " + db.name + " from " + STACK + "_10.1.0_")
                .hasMessageContaining("the previous version is active and healthy again, on the pre-upgrade database");

        assertThat(migrations.get()).as("the new image started and migrated").isPositive();
        assertThat(db.fingerprint()).as("table checksums after the rollback").isEqualTo(before);
        assertThat(db.databases()).as("the migrated copy is dropped once the rollback is healthy").containsExactly(db.name);
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(odoo().path("state").asText()).isEqualTo("active");
        assertThat(odoo().path("healthState").asText()).isEqualTo("healthy");
        String out = h.output();
        assertThat(out).containsSubsequence(
                "database: will migrate: database " + db.name + " is at version 10.1.0",
                "database: backup " + STACK + "_10.1.0_",
                "odoo: upgrading in service to " + DeployFixtures.IMAGE_B,
                "FAILED: ",
                "database: blocking connections to the migrated " + db.name,
                "odoo: rolling back to " + DeployFixtures.IMAGE_A,
                "odoo: stopping (deactivate) before the restore",
                "odoo: stopped",
                "database: restoring " + db.name + " from " + STACK + "_10.1.0_",
                "rename " + db.name + "_restore to " + db.name,
                "odoo: starting the previous version on the restored database",
                "dropped " + db.name + "_");
    }

    @Test
    void aMigratingReleaseIsBackedUpFirstAndTheBackupIsRecordedOnTheDeploy() throws Exception {
        stopFirst();
        deploy(DeployFixtures.IMAGE_A, true);
        AtomicInteger starts = new AtomicInteger();
        h.sim.faults().onUpgradeStart(STACK, "odoo", () -> {
            if (starts.getAndIncrement() == 0) {
                db.migrate("10.1.1"); // the release's first start; the rollback's redeploy below starts the old image
            }
        });

        deploy(DeployFixtures.IMAGE_B, false);

        DeployRecord.DatabaseNote note = history().get(0).database();
        assertThat(note.name()).isEqualTo(db.name);
        assertThat(note.versionBefore()).isEqualTo("10.1.0");
        assertThat(note.migration()).isEqualTo("10.1.1");
        assertThat(note.hasBackup()).isTrue();
        Path file = Path.of(note.backupPath());
        assertThat(file).exists().hasParent(backups);
        assertThat(note.backupSha256()).isEqualTo(BackupDirectory.sha256(file));
        assertThat(note.backupSizeBytes()).isEqualTo(Files.size(file));
        assertThat(history().get(1).database().noBackup()).startsWith("--no-backup");
        assertThat(h.output()).contains("database: backup " + file.getFileName() + " (").contains(", sha256 " + note.backupSha256());
        assertThat(db.fingerprint().get("res_partner columns")).as("migrated").contains("phone");

        // the rollback command would put the previous image on the migrated database: refused, nothing changed
        java.time.Duration minute = java.time.Duration.ofSeconds(60);
        assertThatThrownBy(() -> RollbackFlow.run(new RollbackFlow.Request(STACK, false, minute, null, minute,
                org.odooplatform.project.Instance.INTEGRATION, "acme", false), clients()))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("migrated database " + db.name + " (marabunta ran 10.1.1; it was at 10.1.0)")
                .hasMessageContaining("Run the rollback with --restore-database")
                .hasMessageContaining("restores the backup taken before that deploy, " + file)
                .hasMessageContaining("--database-restored");
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        RollbackFlow.run(new RollbackFlow.Request(STACK, false, minute, null, minute,
                org.odooplatform.project.Instance.INTEGRATION, "acme", false, true), clients());
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
    }

    @Test
    void aReleaseThatDoesNotMigrateTakesNoBackup() throws Exception {
        stopFirst();
        db.sql("INSERT INTO marabunta_version VALUES ('10.1.1', now(), now(), '', '[]')");
        deploy(DeployFixtures.IMAGE_A, true);
        deploy(DeployFixtures.IMAGE_B, false);
        assertThat(history().get(0).database().noBackup()).contains("does not migrate");
        assertThat(backups).doesNotExist();
        assertThat(h.output()).contains("database: will not migrate: database " + db.name + " is at version 10.1.1");
    }

    /* the sample's integration upgrades odoo start_first: true, as Camptocamp's projects do */
    @Test
    void aMigratingReleaseUpgradedStartFirstIsRefusedBeforeAnyChange() throws Exception {
        deploy(DeployFixtures.IMAGE_A, true);
        h.sim.clearRequests();
        Map<String, String> before = db.fingerprint();

        assertThatThrownBy(() -> deploy(DeployFixtures.IMAGE_B, false))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("start_first: true, and this release migrates " + db.name + " (10.1.1)")
                .hasMessageContaining("two code versions on one database")
                .hasMessageContaining("nothing was changed");
        assertThat(h.sim.mutations()).isEmpty();
        assertThat(db.fingerprint()).isEqualTo(before);
        assertThat(backups).doesNotExist();
    }

    @Test
    void prodWithoutDatabaseAccessIsRefusedAndSkippingTheBackupNeedsAnApprover() {
        DeployRequest.Builder prod = DeployFixtures.request(project, "prod", DeployFixtures.IMAGE_A).approvedBy(null);
        assertThatThrownBy(() -> DeployFlow.run(prod.build(), h.clients()))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("prod: no database access is configured")
                .hasMessageContaining("--no-backup --approved-by NAME");
        assertThatThrownBy(() -> DeployFlow.run(prod.noBackup(true).build(), h.clients()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("--no-backup on prod")
                .hasMessageContaining("expected --approved-by NAME");
        assertThat(h.sim.stack("acme-odoo-prod")).isEmpty();

        DeployFlow.run(prod.noBackup(true).approvedBy("alice").build(), h.clients());
        RancherClient client = new RancherClient(RancherEndpoint.of(h.sim.baseUrl(), SimulatorHarness.ACCESS_KEY,
                DeployFixtures.RANCHER_SECRET));
        DeployRecord record = StackNotes.current(client.findStack("acme-odoo-prod").orElseThrow()).orElseThrow();
        assertThat(record.database().noBackup()).isEqualTo("--no-backup, approved by alice");
    }

    /* promoteToProd's gate: what integration runs, and what its database really reached */
    @Test
    void promotingToProdNeedsTheVersionCompletedInIntegrationsDatabase() throws Exception {
        try (ClusterDb prodDb = new ClusterDb()) {
            prodDb.useFor(project, "prod");
            prodDb.create(10, "setup", "10.0.0", "10.1.0", "10.1.1", "10.1.2");
            deploy(DeployFixtures.IMAGE_A, true);
            DeployRequest prod = DeployFixtures.request(project, "prod", DeployFixtures.IMAGE_A)
                    .requireSameAs(org.odooplatform.project.Instance.INTEGRATION).approvedBy("alice").build();

            assertThatThrownBy(() -> DeployFlow.run(prod, clients())).isInstanceOf(PreconditionException.class)
                    .hasMessageContaining("database " + db.name + " is at version 10.1.0")
                    .hasMessageContaining("version 10.1.2 is not in its marabunta_version")
                    .hasMessageContaining("nothing was changed");
            db.sql("INSERT INTO marabunta_version VALUES ('10.1.2', now(), NULL, '', '[]')");
            assertThatThrownBy(() -> DeployFlow.run(prod, clients())).isInstanceOf(PreconditionException.class)
                    .hasMessageContaining("version 10.1.2 was started at ")
                    .hasMessageContaining("never completed (date_done is empty)");
            assertThat(h.sim.stack("acme-odoo-prod")).isEmpty();

            db.sql("UPDATE marabunta_version SET date_done = now() WHERE number = '10.1.2'");
            DeployFlow.run(prod, clients());
            assertThat(h.output()).contains("checked: acme-odoo-integration runs the same image")
                    .contains("checked: acme-odoo-integration's database " + db.name + " has version 10.1.2, completed at ")
                    .contains("database: will not migrate: database " + prodDb.name + " is at version 10.1.2");
            assertThat(h.sim.stack("acme-odoo-prod")).isPresent();
        }
    }

    @Test
    void statusShowsTheMarabuntaVersionOfTheInstancesDatabase() throws Exception {
        deploy(DeployFixtures.IMAGE_A, true);
        java.util.Map<String, String> env = new java.util.HashMap<>(h.env());
        env.putAll(db.env());
        org.odooplatform.testsupport.Cli.useEnvironment(env);
        try {
            org.odooplatform.testsupport.Cli.Result r = org.odooplatform.testsupport.Cli.run("status", "--project",
                    project.toString(), "--instance", "integration");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("camptocamp/acme_odoo@" + DeployFixtures.DIGEST_A)
                    .contains("Database: database " + db.name + " is at version 10.1.0 (3 versions recorded), done at ");
            assertThat(r.out() + r.err()).doesNotContain(db.adminPassword);
        } finally {
            org.odooplatform.testsupport.Cli.useEnvironment(null);
        }
    }
}
