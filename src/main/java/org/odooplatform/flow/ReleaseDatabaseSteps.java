package org.odooplatform.flow;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.Problem;
import org.odooplatform.database.AdminCredentials;
import org.odooplatform.database.Backup;
import org.odooplatform.database.DatabaseLogin;
import org.odooplatform.database.MarabuntaTable;
import org.odooplatform.database.InstanceDatabase;
import org.odooplatform.database.MigrationStatus;
import org.odooplatform.database.ReleaseDatabaseGuard;
import org.odooplatform.project.Instance;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.DeployRecord.DatabaseNote;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.ServiceOperations;
import org.odooplatform.rancher.ServicePlan;
import org.odooplatform.rancher.ServicePlan.Action;
import org.odooplatform.rancher.StackPlan;

/**
 * The database side of a deploy of integration or prod, so a release never strands a database:
 * before any change, whether the release migrates (the project's {@code odoo/migration.yml} against
 * the database's {@code marabunta_version}); inside the lock, right before the upgrade, a backup
 * when it does; on a failed upgrade, the rollback that brings the pre-upgrade database back
 * before the old image runs again. {@link DeployFlow} calls it at those three points.
 *
 * <p>Without database access configured ({@code PGHOST} not set): the test instance needs none
 * (its db container is its own); integration goes on with one line saying so (it is the rehearsal
 * database, reset or refreshed from prod at each release); prod is refused unless
 * {@code --no-backup --approved-by NAME}.
 */
final class ReleaseDatabaseSteps {

    private final DeployRequest request;
    private final PreparedDeploy prepared;
    private final Optional<DatabaseAccess> access;
    private final Progress progress;
    private final PrintWriter out;
    private InstanceDatabase database;
    private ReleaseDatabaseGuard guard;
    private MigrationStatus status;
    private DatabaseRollback rollback;
    private DatabaseNote note;

    ReleaseDatabaseSteps(DeployRequest request, PreparedDeploy prepared, Clients clients, Progress progress) {
        this.request = request;
        this.prepared = prepared;
        this.access = clients.database();
        this.progress = progress;
        this.out = new PrintWriter(clients.out(), true);
    }

    /** The request's own rules, checked with the other local inputs (exit 2 before anything). */
    static List<Problem> requestProblems(DeployRequest request) {
        List<Problem> problems = new ArrayList<>();
        if (request.noBackup() && request.instance() == Instance.TEST) {
            problems.add(Problem.error(null, "--no-backup is for integration and prod: the test instance is never backed up"));
        }
        if (request.noBackup() && request.instance() == Instance.PROD && request.approvedBy() == null) {
            problems.add(Problem.error(null, "--no-backup on prod: a deploy without a backup before a migration cannot be"
                    + " rolled back; expected --approved-by NAME of who accepts that (it is recorded on the stack)"));
        }
        return problems;
    }

    /**
     * Before the first change: what the release does to the database, printed; refused (exit 3)
     * when marabunta would refuse to start, or when a migrating release would start first (old and
     * new code on one database), or on prod without database access and without --no-backup.
     */
    void check(StackPlan plan) {
        Instance instance = request.instance();
        Optional<ServicePlan> odoo = plan.service(prepared.desired().odoo().name());
        boolean marabuntaRuns = odoo.map(s -> s.action() == Action.UPGRADE || s.action() == Action.CREATE
                || s.action() == Action.RECREATE).orElse(false);
        if (instance == Instance.TEST) {
            progress.line("database: the test instance has its own db container: no migration check, no backup");
            return;
        }
        if (request.noBackup()) {
            progress.line("database: --no-backup: the migration is not checked and no backup is taken (recorded on the stack)");
            note = new DatabaseNote(null, null, null, null, null, null, null, null,
                    "--no-backup" + (request.approvedBy() == null ? "" : ", approved by " + request.approvedBy()));
            return;
        }
        if (!marabuntaRuns) {
            // scale, links, other services: the odoo containers do not start again, marabunta does not run
            progress.line("database: the odoo service is not upgraded nor created: marabunta does not run, no backup");
            return;
        }
        if (access.isEmpty()) {
            if (instance == Instance.PROD) {
                throw new PreconditionException("prod: no database access is configured (PGHOST, PGPORT, PGUSER,"
                        + " PGPASSWORD of the cluster are not set), so the deploy can neither see whether this release"
                        + " migrates the database nor back it up first; nothing was changed: set them (Jenkins: the"
                        + " cluster credentials), or deploy with --no-backup --approved-by NAME");
            }
            progress.line("database: no database access configured (PGHOST not set): migration not checked, no backup;"
                    + " a failed deploy rolls back the image only");
            note = new DatabaseNote(null, null, null, null, null, null, null, null, "no database access configured");
            return;
        }
        List<Problem> problems = new ArrayList<>();
        database = InstanceDatabase.from(instance, prepared.stackName(), prepared.config().client().orElse(null),
                prepared.settings(), request.envFile(), problems);
        if (database == null) {
            throw new BadInputException(problems);
        }
        Path file = request.projectDir().resolve("odoo/migration.yml");
        if (!Files.isRegularFile(file)) {
            progress.line("database: the project has no odoo/migration.yml: marabunta does not run, no backup needed");
            note = new DatabaseNote(database.dbName(), null, null, null, null, null, null, null, "no odoo/migration.yml");
            return;
        }
        guard = access.get().guard(out);
        status = guard.check(database, MigrationFile.load(file), prepared.settings());
        progress.line("database: " + status.summary());
        note = new DatabaseNote(database.dbName(), status.database().latestDone().orElse(null),
                status.willMigrate() ? String.join(", ", status.pending()) : null, null, null, null, null, null,
                status.needsBackup() ? null : "not needed: the release does not migrate the database");
        if (status.verdict() == MigrationStatus.Verdict.BLOCKED) {
            throw new PreconditionException("release " + prepared.version() + " cannot start on " + database.dbName()
                    + ": " + status.summary() + "; nothing was changed");
        }
        if (status.willMigrate() && odoo.get().action() == Action.UPGRADE
                && prepared.desired().odoo().strategy().override(request.batchSize(), null).startFirst()) {
            throw new PreconditionException("the odoo service is upgraded with start_first: true, and this release migrates"
                    + " " + database.dbName() + " (" + String.join(", ", status.pending()) + "): the new containers would"
                    + " migrate the database while the old ones still serve on it (two code versions on one database);"
                    + " nothing was changed: set upgrade_strategy start_first: false for odoo in rancher-compose.yml");
        }
    }

    /** Inside the lock, right before the upgrade: the backup when the release migrates (printed and recorded). */
    void backupBeforeUpgrade() {
        if (status == null || !status.needsBackup()) {
            return;
        }
        progress.line("database: backing up " + database.dbName() + " before the migration to " + prepared.version());
        Backup backup = guard.beforeUpgrade(database, status, String.valueOf(prepared.version())).orElse(null);
        if (backup == null) {
            return;
        }
        progress.line("database: backup " + backup.describe() + " of " + database.dbName() + " at version "
                + backup.databaseVersion());
        note = new DatabaseNote(database.dbName(), backup.databaseVersion(), String.join(", ", status.pending()),
                backup.file().getFileName().toString(), backup.file().toString(), backup.sizeBytes(), backup.sha256(),
                backup.duration().toMillis(), null);
        rollback = new DatabaseRollback(access.get(), guard, database, backup, Optional.of(backup.sha256()), progress, out);
    }

    /**
     * A rerun resuming the upgrade a killed deploy started: marabunta may already have migrated the database, so
     * this run sees nothing to back up; the killed deploy's backup (its note on the stack) is the one a failed
     * resumed upgrade restores. Checked like {@code rollback --restore-database} checks it (file, checksum, cluster),
     * before the first change; without database access it is only said.
     */
    void adoptInterruptedBackup(DeployRecord killed) {
        if (!killed.tookBackup() || rollback != null) {
            return;
        }
        DatabaseNote recorded = killed.database();
        if (access.isEmpty()) {
            progress.line("database: the interrupted deploy of " + killed.image() + " backed up " + recorded.name()
                    + " to " + recorded.backupPath() + " before migrating it; without database access this run cannot"
                    + " restore it if the resumed upgrade fails (odoo-platform rollback --restore-database can)");
            return;
        }
        rollback = DatabaseRollback.prepare(access, request.instance(), prepared.stackName(),
                prepared.config().client().orElse(null), request.envFile(), request.publicEnvFile(), recorded, progress, out);
        note = recorded;
        progress.line("database: resuming the deploy of " + killed.image() + " that backed up " + recorded.name()
                + " before migrating it: " + rollback.backup().file().getFileName() + " is restored if the resumed upgrade fails");
    }

    /** True once a backup was taken: the deploy notes it on the stack at once (a kill must not lose it). */
    boolean tookBackup() {
        return rollback != null;
    }

    /** What is recorded on the stack's deploy record (null: nothing looked at, the test instance). */
    DatabaseNote note() {
        return note;
    }

    /** A rollback of the odoo service must bring the pre-upgrade database back first. */
    boolean restoresOnRollback(String service) {
        return rollback != null && prepared.desired().odoo().name().equalsIgnoreCase(service);
    }

    /** Before Rancher's rollback restarts the old containers: see {@link DatabaseRollback#fence}. */
    void fence() {
        rollback.fence();
    }

    /**
     * After Rancher's rollback: see {@link DatabaseRollback#restoreUnder}; the migrated copy is dropped
     * once the previous version is healthy (the failed release served nobody). Returns the sentence
     * that says the final state.
     */
    String restoreUnder(ServiceOperations ops, Resource stack, String service, java.util.function.Supplier<Instant> deadlines) {
        return rollback.restoreUnder(ops, stack, service, deadlines, true).sentence();
    }

    /**
     * The promotion gate's database half ({@code --require-same-as integration}): the database that
     * stack's odoo uses must have {@code version} in its {@code marabunta_version}, completed
     * ({@code date_done} set): the release really migrated integration, it did not only start there.
     * Read with the cluster admin in a read-only session.
     */
    static void checkReached(Optional<DatabaseAccess> access, String otherStack, Optional<String> databaseName,
            String version, Progress progress) {
        if (version == null) {
            return; // no odoo/VERSION: nothing to compare with
        }
        if (access.isEmpty()) {
            progress.line("not checked: the marabunta version of " + otherStack + "'s database (no database access"
                    + " configured: PGHOST not set)");
            return;
        }
        String name = databaseName.orElseThrow(() -> new PreconditionException("--require-same-as: cannot tell which"
                + " database " + otherStack + " uses (no DB_NAME on its odoo service nor on its deploy record); nothing"
                + " was changed"));
        MarabuntaTable.State state = readState(access.get(), name);
        Optional<MarabuntaTable.Row> row = state.row(version);
        if (row.isEmpty() || !row.get().done()) {
            throw new PreconditionException("--require-same-as: " + otherStack + "'s " + state.describe() + ", and version "
                    + version + (row.isEmpty() ? " is not in its " + MarabuntaTable.TABLE
                    : " was started at " + row.get().dateStart() + " and never completed (date_done is empty)")
                    + ": the release did not migrate that database; nothing was changed: deploy " + version + " there"
                    + " (or reset its database) until it is healthy, then promote");
        }
        progress.line("checked: " + otherStack + "'s database " + name + " has version " + version + ", completed at "
                + row.get().dateDone());
    }

    /** {@code status}: one line on the database of a stack's odoo, or empty when there is nothing to read. */
    static Optional<String> statusLine(Optional<DatabaseAccess> access, Optional<String> databaseName) {
        if (access.isEmpty() || databaseName.isEmpty()) {
            return Optional.empty();
        }
        try {
            MarabuntaTable.State state = readState(access.get(), databaseName.get());
            String last = state.latestDone().flatMap(state::row).map(r -> ", done at " + r.dateDone()).orElse("");
            return Optional.of("Database: " + state.describe() + last);
        } catch (PlatformException e) {
            return Optional.of("Database: " + databaseName.get() + " could not be read: " + e.getMessage());
        }
    }

    /** The database named by a stack's odoo service ({@code DB_NAME} of its environment) or its latest deploy record. */
    static Optional<String> databaseOf(List<Resource> services, Optional<DeployRecord> record) {
        Optional<String> fromRecord = record.map(DeployRecord::database).map(DatabaseNote::name);
        if (fromRecord.isPresent()) {
            return fromRecord;
        }
        String service = record.map(DeployRecord::service).orElse(RancherOdooServiceControl.SERVICE);
        return services.stream().filter(s -> s.name().equalsIgnoreCase(service)).findFirst()
                .map(s -> s.get("launchConfig").path("environment").path("DB_NAME").asText(""))
                .filter(n -> !n.isEmpty());
    }

    private static MarabuntaTable.State readState(DatabaseAccess access, String name) {
        AdminCredentials a = access.admin();
        return MarabuntaTable.read(new DatabaseLogin(a.host(), a.port(), name, a.user(), a.password()));
    }

    /** The failure message when the fence could not be set: nothing was rolled back. */
    static OperationFailedException fenceFailed(String deploy, PlatformException e) {
        return new OperationFailedException(deploy + ": the migrated database could not be closed to clients ("
                + e.getMessage() + "), so the old image was NOT brought back (it would run on the migrated database):"
                + " the new version stays as it is; check the stack in Rancher and the database", e);
    }
}
