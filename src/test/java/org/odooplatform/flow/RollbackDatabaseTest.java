package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.StackNotes;
import org.odooplatform.testsupport.DatabaseFingerprint;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;

/**
 * {@code rollback --restore-database} on the real PostgreSQL and the simulator: after a finished deploy
 * that migrated the database (the new image "migrates" through the simulator's upgrade-start hook, as
 * marabunta does when the container starts), and after a deploy killed during its upgrade, after its
 * backup and before its record. Each time the database ends as it was before the upgrade (table
 * fingerprints), the migrated one kept under a dated name, the previous image running.
 */
@NeedsServices(TestService.POSTGRES)
class RollbackDatabaseTest {

    private static final String STACK = "acme-odoo-integration";
    private static final Duration MINUTE = Duration.ofSeconds(60);

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
        // a migrating release upgrades stop-first (a start-first one is refused: two code versions on one database)
        Path compose = project.resolve("rancher/integration/rancher-compose.yml");
        Files.writeString(compose, Files.readString(compose).replace("start_first: true", "start_first: false"));
    }

    @AfterEach
    void stop() {
        db.close();
        h.close();
        for (String canary : List.of(DeployFixtures.DB_PASSWORD, db.adminPassword)) {
            assertThat(h.output()).as("secret in the output").doesNotContain(canary);
        }
    }

    private Clients clients() {
        return h.clients().withDatabase(Optional.of(DatabaseAccess.of(db.admin(), new BackupDirectory(backups))));
    }

    private void deploy(String image, boolean noBackup) {
        DeployFlow.run(DeployFixtures.request(project, "integration", image).noBackup(noBackup).build(), clients());
    }

    private RollbackFlow.Request rollback(boolean dryRun, boolean restore) {
        return new RollbackFlow.Request(STACK, dryRun, MINUTE, "ops", MINUTE, Instance.INTEGRATION, "acme", false, false,
                restore, restore ? DeployFixtures.secretEnv(project, "integration") : null,
                restore ? DeployFixtures.publicEnv(project, "integration") : null);
    }

    /** The first start of the new image migrates, as marabunta would; the old image's later starts do not. */
    private AtomicInteger migrateOnFirstUpgrade(Runnable after) {
        AtomicInteger starts = new AtomicInteger();
        h.sim.faults().onUpgradeStart(STACK, "odoo", () -> {
            if (starts.getAndIncrement() == 0) {
                db.migrate("10.1.1");
                after.run();
            }
        });
        return starts;
    }

    private JsonNode odoo() {
        return h.sim.service(STACK, "odoo").orElseThrow();
    }

    private Resource stack() {
        RancherClient client = new RancherClient(RancherEndpoint.of(h.sim.baseUrl(), SimulatorHarness.ACCESS_KEY,
                DeployFixtures.RANCHER_SECRET));
        return client.findStack(STACK).orElseThrow();
    }

    private Map<String, String> fingerprintOf(String database) throws SQLException {
        try (Connection c = db.connect(database, db.adminUser, db.adminPassword)) {
            return DatabaseFingerprint.of(c);
        }
    }

    @Test
    void afterAFinishedMigratingDeployTheRollbackRestoresItsBackupAndBringsThePreviousImageUpOnIt() throws Exception {
        deploy(DeployFixtures.IMAGE_A, true);
        Map<String, String> before = db.fingerprint();
        migrateOnFirstUpgrade(() -> { });
        deploy(DeployFixtures.IMAGE_B, false);
        DeployRecord deployed = StackNotes.current(stack()).orElseThrow();
        String backup = deployed.database().backupFile();
        db.sql("INSERT INTO res_partner (name, email, phone) VALUES ('WRITTEN AFTER', 'late@example.com', '+41 1')");
        Map<String, String> migrated = db.fingerprint();
        assertThat(migrated).isNotEqualTo(before);

        // without the option: refused, the message says what to do
        h.sim.clearRequests();
        assertThatThrownBy(() -> RollbackFlow.run(rollback(false, false), clients()))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("version 10.1.2 migrated database " + db.name + " (marabunta ran 10.1.1; it was at 10.1.0)")
                .hasMessageContaining("Run the rollback with --restore-database")
                .hasMessageContaining(deployed.database().backupPath() + " (sha256 " + deployed.database().backupSha256() + ")")
                .hasMessageContaining("this loses what was written since " + deployed.deployedAt())
                .hasMessageContaining("--database-restored");
        assertThat(h.sim.mutations()).isEmpty();

        // the plan: every step and what is lost; nothing changed
        RollbackFlow.run(rollback(true, true), clients());
        assertThat(h.sim.mutations()).isEmpty();
        assertThat(db.fingerprint()).isEqualTo(migrated);
        assertThat(db.databases()).containsExactly(db.name);
        assertThat(h.output()).containsSubsequence(
                "database: checked " + backup + ": sha256 " + deployed.database().backupSha256() + " as recorded",
                "  ~ odoo: redeploy the previous successful deploy, version 10.1.2 (" + DeployFixtures.IMAGE_A + ")",
                "  ~ database " + db.name + ": restore " + backup + " (version 10.1.0, taken ",
                "what was written to " + db.name + " since " + deployed.deployedAt() + " is lost",
                "    1. pull " + DeployFixtures.IMAGE_A,
                "    2. stop odoo (deactivate, wait inactive)",
                "    3. check " + backup,
                "    4. upgrade odoo in service back to " + DeployFixtures.IMAGE_A + " (it starts on the restored database)",
                "    5. record the rollback",
                "    6. if the restore fails, odoo stays stopped",
                "--dry-run: nothing was changed.");

        RollbackFlow.run(rollback(false, true), clients());

        assertThat(db.fingerprint()).as("the pre-upgrade database").isEqualTo(before);
        List<String> databases = db.databases();
        assertThat(databases).hasSize(2).first().isEqualTo(db.name);
        String kept = databases.get(1);
        assertThat(kept).matches(db.name + "_\\d{8}_\\d{6}");
        assertThat(fingerprintOf(kept)).as("the migrated database, with what was written since, kept").isEqualTo(migrated);
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(odoo().path("state").asText()).isEqualTo("active");
        assertThat(odoo().path("healthState").asText()).isEqualTo("healthy");
        DeployRecord record = StackNotes.current(stack()).orElseThrow();
        assertThat(record.isRollback()).isTrue();
        assertThat(record.image()).isEqualTo(DeployFixtures.IMAGE_A);
        assertThat(record.database().restoredFrom()).isEqualTo(backup);
        assertThat(record.database().keptAs()).isEqualTo(kept);
        assertThat(record.database().hasBackup()).as("a rollback took no backup of its own").isFalse();
        assertThat(h.output()).containsSubsequence(
                "--dry-run: nothing was changed.",
                "database: checked " + backup,
                "pulling " + DeployFixtures.IMAGE_A,
                "odoo: stopping (deactivate) before the restore",
                "odoo: stopped",
                "database: restoring " + db.name + " from " + backup + " (version 10.1.0",
                "rename " + db.name + "_restore to " + db.name,
                "odoo: upgrading in service back to " + DeployFixtures.IMAGE_A + " (it starts on the restored database)",
                "odoo: active, health healthy",
                "Rolled back " + STACK + " to version 10.1.2 (" + DeployFixtures.IMAGE_A + ") and restored " + db.name
                        + " from " + backup + ": the previous version is active and healthy again, on the database as it"
                        + " was before version 10.1.2 (version 10.1.0); what was written since " + deployed.deployedAt()
                        + " is only in the migrated database, kept as " + kept);
    }

    @Test
    void everythingIsCheckedBeforeTheFirstChange() throws Exception {
        deploy(DeployFixtures.IMAGE_A, true);
        migrateOnFirstUpgrade(() -> { });
        deploy(DeployFixtures.IMAGE_B, false);
        Path file = Path.of(StackNotes.current(stack()).orElseThrow().database().backupPath());
        Map<String, String> migrated = db.fingerprint();
        h.sim.clearRequests();

        assertThatThrownBy(() -> RollbackFlow.run(new RollbackFlow.Request(STACK, false, MINUTE, null, MINUTE,
                Instance.INTEGRATION, "acme", false, true, true, null, null), clients()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--restore-database and --database-restored");
        assertThatThrownBy(() -> RollbackFlow.run(rollback(false, true), h.clients()))
                .isInstanceOf(PreconditionException.class).hasMessageContaining("--restore-database: no database access");
        assertThatThrownBy(() -> RollbackFlow.run(new RollbackFlow.Request(STACK, false, MINUTE, null, MINUTE,
                Instance.INTEGRATION, "acme", false, false, true, null, null), clients()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("--restore-database needs --env-file FILE");

        Path aside = dir.resolve("aside.dump");
        Files.move(file, aside);
        assertThatThrownBy(() -> RollbackFlow.run(rollback(false, true), clients()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("the backup recorded on " + STACK + " cannot be used")
                .hasMessageContaining("give --backup-dir DIR where it is");
        Files.move(aside, file);

        byte[] original = Files.readAllBytes(file);
        byte[] damaged = original.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(file, damaged);
        assertThatThrownBy(() -> RollbackFlow.run(rollback(false, true), clients()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("does not match its checksum");
        Files.write(file, original);

        // the settings of another database than the one the deploy migrated
        Path other = dir.resolve("other.env");
        Files.writeString(other, Files.readString(DeployFixtures.secretEnv(project, "integration"))
                .replace("DB_NAME=" + db.name, "DB_NAME=dbw_someotherdb").replace("DB_USER=" + db.name, "DB_USER=dbw_someotherdb"));
        assertThatThrownBy(() -> RollbackFlow.run(new RollbackFlow.Request(STACK, false, MINUTE, null, MINUTE,
                Instance.INTEGRATION, "acme", false, false, true, other, DeployFixtures.publicEnv(project, "integration")),
                clients()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("other.env")
                .hasMessageContaining("DB_NAME is dbw_someotherdb, but the deploy being rolled back migrated " + db.name);

        assertThat(h.sim.mutations()).isEmpty();
        assertThat(db.fingerprint()).isEqualTo(migrated);
        assertThat(db.databases()).containsExactly(db.name);
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
    }

    @Test
    void aRestoreThatFailsLeavesOdooStoppedAndSaysSo() throws Exception {
        deploy(DeployFixtures.IMAGE_A, true);
        // enough data that pg_restore is still loading when its session is ended
        db.sql("CREATE TABLE ir_attachment AS SELECT i AS id, md5(i::text) || md5((i + 1)::text) AS datas"
                + " FROM generate_series(1, 200000) i");
        migrateOnFirstUpgrade(() -> { });
        deploy(DeployFixtures.IMAGE_B, false);
        Map<String, String> migrated = db.fingerprint();
        // pg_restore's session is terminated, as when the server restarts during the restore
        AtomicReference<Throwable> killerFailed = new AtomicReference<>();
        Thread killer = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            try (Connection c = db.connect("postgres", db.adminUser, db.adminPassword); Statement st = c.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (var rs = st.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE datname = '" + db.name + "_restore' AND application_name = 'pg_restore'")) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            return;
                        }
                    }
                    Thread.sleep(5);
                }
            } catch (SQLException | InterruptedException e) {
                killerFailed.set(e);
            }
        });
        killer.start();

        assertThatThrownBy(() -> RollbackFlow.run(rollback(false, true), clients()))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("The restore of " + db.name + " failed (")
                .hasMessageContaining("odoo of " + STACK + " is stopped and stays stopped, so no version runs on the"
                        + " migrated database; restore it with odoo-platform db restore --backup ")
                .hasMessageContaining("then run odoo-platform rollback --stack " + STACK + " --database-restored");
        killer.join();
        assertThat(killerFailed.get()).isNull();
        assertThat(odoo().path("state").asText()).isEqualTo("inactive");
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).as("never the old code on the migrated database")
                .isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        assertThat(db.fingerprint()).isEqualTo(migrated);
        assertThat(db.databases()).containsExactly(db.name);
        assertThat(StackNotes.current(stack()).orElseThrow().isRollback()).as("no rollback recorded").isFalse();
    }

    @Test
    void aDeployKilledAfterItsBackupIsRolledBackOntoThePreMigrationDatabase() throws Exception {
        killedAfterBackup(false);
        Map<String, String> before = beforeMigration;
        assertThat(killFailure).hasMessageContaining("run the deploy again");
        assertThat(odoo().path("state").asText()).isIn("upgrading", "upgraded");
        Resource stack = stack();
        assertThat(StackNotes.current(stack).orElseThrow().image()).as("the killed deploy recorded nothing")
                .isEqualTo(DeployFixtures.IMAGE_A);
        DeployRecord inProgress = StackNotes.inProgress(stack).orElseThrow();
        assertThat(inProgress.image()).isEqualTo(DeployFixtures.IMAGE_B);
        Path file = Path.of(inProgress.database().backupPath());
        assertThat(inProgress.database().backupSha256()).isEqualTo(BackupDirectory.sha256(file));

        h.sim.clearRequests();
        assertThatThrownBy(() -> RollbackFlow.run(rollback(false, false), clients()))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("is still upgrading to (interrupted after its backup) may have migrated database " + db.name)
                .hasMessageContaining("would run the previous image " + DeployFixtures.IMAGE_A)
                .hasMessageContaining("--restore-database")
                .hasMessageContaining(file + " (sha256 " + inProgress.database().backupSha256() + ")");
        assertThat(h.sim.mutations()).isEmpty();

        RollbackFlow.run(rollback(false, true), clients());

        assertThat(db.fingerprint()).as("the pre-migration database").isEqualTo(before);
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(odoo().path("state").asText()).isEqualTo("active");
        assertThat(odoo().path("healthState").asText()).isEqualTo("healthy");
        Resource after = stack();
        assertThat(StackNotes.inProgress(after)).as("the note of the killed deploy is done").isEmpty();
        DeployRecord record = StackNotes.current(after).orElseThrow();
        assertThat(record.isRollback()).isTrue();
        assertThat(record.rolledBackFrom()).isEqualTo(DeployFixtures.IMAGE_B);
        assertThat(record.database().restoredFrom()).isEqualTo(file.getFileName().toString());
        assertThat(db.databases()).hasSize(2).contains(record.database().keptAs());
        assertThat(h.output()).containsSubsequence(
                "  ~ odoo: Rancher rollback, " + DeployFixtures.IMAGE_B + " -> " + DeployFixtures.IMAGE_A,
                "    1. close " + db.name + " to clients",
                "database: blocking connections to the migrated " + db.name,
                "odoo: rolling back to " + DeployFixtures.IMAGE_A,
                "odoo: stopping (deactivate) before the restore",
                "database: restoring " + db.name + " from " + file.getFileName(),
                "odoo: starting the previous version on the restored database",
                "Rolled back odoo and restored " + db.name + " from " + file.getFileName() + ": the previous version is"
                        + " active and healthy again, on the pre-upgrade database (version 10.1.0); the migrated database"
                        + " is kept as " + record.database().keptAs());
    }

    /* the command line: the deploy's database access (PGHOST... and --env-file), exit codes, no secret printed */
    private Map<String, String> beforeMigration;
    private Throwable killFailure;

    /** Deploys A, then a deploy of B killed while its new containers start and marabunta migrates (after the backup). */
    private DeployRecord killedAfterBackup(boolean newContainersUnhealthy) throws Exception {
        deploy(DeployFixtures.IMAGE_A, true);
        beforeMigration = db.fingerprint();
        if (newContainersUnhealthy) {
            h.sim.faults().unhealthyAfterUpgrade(STACK, "odoo");
        }
        AtomicReference<Thread> deployThread = new AtomicReference<>();
        // killed while its new containers start and marabunta migrates: after the backup, before the record
        migrateOnFirstUpgrade(() -> deployThread.get().interrupt());
        Thread killed = new Thread(() -> {
            try {
                deploy(DeployFixtures.IMAGE_B, false);
            } catch (Throwable t) {
                killFailure = t;
            }
        });
        deployThread.set(killed);
        killed.start();
        killed.join(60_000);
        assertThat(db.fingerprint().get("res_partner columns")).as("migrated").contains("phone");
        return StackNotes.inProgress(stack()).orElseThrow();
    }

    @Test
    void aDeployWithOnPendingRollbackRefusesToBringTheOldImageBackOntoTheDatabaseAKilledDeployMigrated() throws Exception {
        DeployRecord inProgress = killedAfterBackup(false);
        h.sim.clearRequests();

        // another version, the killed deploy's pending upgrade to be rolled back: Rancher's rollback alone would
        // start the old image on the migrated database
        assertThatThrownBy(() -> DeployFlow.run(DeployFixtures.request(project, "integration", "camptocamp/acme_odoo@sha256:" + "c".repeat(64))
                .onPending(OnPending.ROLLBACK).build(), clients()))
                .isInstanceOf(PreconditionException.class)
                .hasMessageContaining("--on-pending=rollback")
                .hasMessageContaining(inProgress.database().backupPath())
                .hasMessageContaining("odoo-platform rollback --restore-database")
                .hasMessageContaining("nothing was changed");
        assertThat(h.sim.mutations()).isEmpty();
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
    }

    @Test
    void aRerunThatResumesAKilledDeployRestoresItsBackupWhenTheResumedUpgradeFails() throws Exception {
        DeployRecord inProgress = killedAfterBackup(true);
        String backup = Path.of(inProgress.database().backupPath()).getFileName().toString();

        // the rerun sees the database already migrated (nothing to back up), resumes B, and B never gets healthy
        assertThatThrownBy(() -> DeployFlow.run(DeployFixtures.request(project, "integration", DeployFixtures.IMAGE_B)
                .timeout(Duration.ofSeconds(20)).build(), clients()))
                .isInstanceOf(OperationFailedException.class)
                .hasMessageContaining("restored " + db.name + " from " + backup);

        assertThat(db.fingerprint()).as("the pre-migration database").isEqualTo(beforeMigration);
        assertThat(odoo().path("launchConfig").path("imageUuid").asText()).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        assertThat(h.output()).contains("database: resuming the deploy of " + DeployFixtures.IMAGE_B + " that backed up "
                + db.name + " before migrating it: " + backup + " is restored if the resumed upgrade fails");
    }

    @Test
    void theRollbackCommandRefusesWithExit3ThenRestoresWithTheOption() throws Exception {
        deploy(DeployFixtures.IMAGE_A, true);
        Map<String, String> before = db.fingerprint();
        migrateOnFirstUpgrade(() -> { });
        deploy(DeployFixtures.IMAGE_B, false);
        java.util.Map<String, String> env = new java.util.HashMap<>(h.env());
        env.putAll(db.env());
        org.odooplatform.testsupport.Cli.useEnvironment(env);
        try {
            String[] base = {"rollback", "--project", project.toString(), "--instance", "integration", "--timeout", "60s"};
            org.odooplatform.testsupport.Cli.Result refused = org.odooplatform.testsupport.Cli.run(base);
            assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
            assertThat(refused.err()).contains("Run the rollback with --restore-database");

            String[] restore = {"--restore-database", "--env-file", DeployFixtures.secretEnv(project, "integration").toString(),
                    "--public-env-file", DeployFixtures.publicEnv(project, "integration").toString(),
                    "--backup-dir", backups.toString()};
            org.odooplatform.testsupport.Cli.Result badInput = org.odooplatform.testsupport.Cli.run(concat(base,
                    "--restore-database", "--env-file", dir.resolve("missing.env").toString()));
            assertThat(badInput.code()).as(badInput.toString()).isEqualTo(2);
            assertThat(badInput.err()).contains("missing.env").contains("--env-file: file not found");

            org.odooplatform.testsupport.Cli.Result done = org.odooplatform.testsupport.Cli.run(concat(base, restore));
            assertThat(done.code()).as(done.toString()).isZero();
            assertThat(done.out()).contains("Rolled back " + STACK + " to version 10.1.2");
            assertThat(db.fingerprint()).isEqualTo(before);
            for (String canary : List.of(DeployFixtures.DB_PASSWORD, db.adminPassword)) {
                assertThat(refused.all() + badInput.all() + done.all()).doesNotContain(canary);
            }
        } finally {
            org.odooplatform.testsupport.Cli.useEnvironment(null);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
