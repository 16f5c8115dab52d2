package org.odooplatform.flow;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.Problem;
import org.odooplatform.config.Settings;
import org.odooplatform.database.Backup;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.database.ConnectionFence;
import org.odooplatform.database.InstanceDatabase;
import org.odooplatform.database.ReleaseDatabaseGuard;
import org.odooplatform.database.RestoreResult;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.DeployRecord.DatabaseNote;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.ServiceOperations;
import org.odooplatform.rancher.ServiceWaiter.Goal;
import org.odooplatform.rancher.ServiceWaiter.WaitFailed;

/**
 * Putting back the backup a release took before it migrated the database, around a rollback of the
 * odoo service: one path for a deploy that rolls itself back ({@link ReleaseDatabaseSteps}) and for
 * {@code rollback --restore-database} ({@link RollbackFlow}). The order never lets the previous
 * code run on the migrated database: a service between versions cannot be stopped, so the database
 * is closed to clients before Rancher's rollback restarts the old containers ({@link #fence}, then
 * {@link #restoreUnder}); a finished upgrade is stopped first and started again only with the
 * previous image ({@link #stopAndRestore}, then the caller's redeploy). The restore itself is
 * {@link ReleaseDatabaseGuard#restore} (database/DatabaseRestore: into a new database, swapped in by
 * rename, the migrated one kept under a dated name).
 */
final class DatabaseRollback {

    /** How {@link #restoreUnder} ended: {@code restored} empty when the restore did not happen; one sentence on the state. */
    record Outcome(Optional<RestoreResult> restored, boolean healthy, String sentence) {
    }

    private final DatabaseAccess access;
    private final ReleaseDatabaseGuard guard;
    private final InstanceDatabase database;
    private final Backup backup;
    private final Optional<String> expectedSha256;
    private final Progress progress;
    private final PrintWriter out;

    DatabaseRollback(DatabaseAccess access, ReleaseDatabaseGuard guard, InstanceDatabase database, Backup backup,
            Optional<String> expectedSha256, Progress progress, PrintWriter out) {
        this.access = access;
        this.guard = guard;
        this.database = database;
        this.backup = backup;
        this.expectedSha256 = expectedSha256;
        this.progress = progress;
        this.out = out;
    }

    /**
     * {@code rollback --restore-database}: everything checked before the first change, in the order an
     * operator fixes it: database access (the deploy's: PGHOST... and the instance's settings), the
     * settings naming the database the deploy migrated, the backup file, its checksum against the
     * stack's record, then the cluster (privileges, role, owner, client tools). Throws exit 2 or 3.
     */
    static DatabaseRollback prepare(Optional<DatabaseAccess> access, Instance instance, String stack, String client,
            Path envFile, Path publicEnvFile, DatabaseNote note, Progress progress, PrintWriter out) {
        if (access.isEmpty()) {
            throw new PreconditionException("--restore-database: no database access is configured (PGHOST, PGPORT, PGUSER,"
                    + " PGPASSWORD of the cluster are not set, as for deploy); nothing was changed: set them (Jenkins: the"
                    + " cluster credentials)");
        }
        List<Problem> problems = new ArrayList<>();
        Settings settings = null;
        if (instance == null) {
            problems.add(Problem.error(null, "--restore-database: the stack's records do not say which instance it is:"
                    + " expected --instance integration or prod"));
        }
        if (envFile == null) {
            problems.add(Problem.error(null, "--restore-database needs --env-file FILE: the instance settings (DB_NAME,"
                    + " DB_USER, DB_PASSWORD: the restore logs in as the instance's role, as the deploy's backup did)"));
        } else if (!Files.exists(envFile)) {
            problems.add(Problem.error(envFile, "--env-file: file not found"));
        } else if (publicEnvFile != null && !Files.exists(publicEnvFile)) {
            problems.add(Problem.error(publicEnvFile, "--public-env-file: file not found"));
        } else {
            try {
                settings = Settings.load(publicEnvFile, envFile);
            } catch (BadInputException e) {
                problems.addAll(e.problems());
            }
        }
        InstanceDatabase database = null;
        if (settings != null && instance != null) {
            database = InstanceDatabase.from(instance, stack, client, settings, envFile, problems);
        }
        if (database != null && !database.dbName().equals(note.name())) {
            Path at = settings.get("DB_NAME").map(s -> s.file()).orElse(envFile);
            int line = settings.get("DB_NAME").map(s -> s.line()).orElse(0);
            problems.add(Problem.error(at, line, "DB_NAME is " + database.dbName() + ", but the deploy being rolled back"
                    + " migrated " + note.name() + " (its record on " + stack + "): expected the settings of that instance"));
        }
        Backup found = null;
        Path recorded = Path.of(note.backupPath());
        // where the deploy wrote it, else the same file name in --backup-dir (a volume mounted elsewhere here)
        Path file = Files.isRegularFile(recorded) || note.backupFile() == null ? recorded
                : access.get().directory().path().resolve(note.backupFile());
        try {
            found = new BackupDirectory(file.getParent()).find(file.toString());
        } catch (BadInputException e) {
            problems.add(Problem.error(null, "the backup recorded on " + stack + " cannot be used: " + e.getMessage()
                    + " (recorded as " + recorded + ", sha256 " + note.backupSha256() + "; run the rollback on the agent"
                    + " that holds it, or give --backup-dir DIR where it is)"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        ReleaseDatabaseGuard guard = access.get().guard(out);
        DatabaseRollback rollback = new DatabaseRollback(access.get(), guard, database, found,
                Optional.ofNullable(note.backupSha256()), progress, out);
        String checked = guard.checkRestore(database, found, rollback.expectedSha256);
        progress.line("database: checked " + found.file().getFileName() + ": " + checked);
        return rollback;
    }

    String databaseName() {
        return database.dbName();
    }

    Backup backup() {
        return backup;
    }

    /**
     * Before Rancher's rollback restarts the old containers: the migrated database is closed to every
     * client, so the old code never runs on it. Throws when that fails (the image is then not rolled back).
     */
    void fence() {
        progress.line("database: blocking connections to the migrated " + database.dbName()
                + " and ending its sessions, so the old version never runs on it");
        int ended = ConnectionFence.block(access.admin(), access.clients(out).cluster(), database.dbName());
        progress.line("database: " + database.dbName() + " is closed to clients (" + ended + " session"
                + (ended == 1 ? "" : "s") + " ended)");
    }

    /**
     * Odoo stopped (deactivate, waited inactive), then the backup restored by rename. A failure throws
     * {@link OperationFailedException} saying the state: odoo stays stopped, so no code runs on the
     * migrated database; {@code byHand} is what the operator does then.
     */
    RestoreResult stopAndRestore(ServiceOperations ops, Resource stack, Resource odoo, Instant deadline, String byHand) {
        String name = database.dbName();
        progress.line(odoo.name() + ": stopping (deactivate) before the restore");
        ops.deactivate(odoo);
        try {
            ops.await(stack, List.of(odoo.name()), Goal.INACTIVE, deadline);
        } catch (WaitFailed e) {
            throw new OperationFailedException(odoo.name() + " of " + stack.name() + " did not stop (" + e.getMessage()
                    + "), so " + name + " was not restored: it is still the migrated database; check the stack in"
                    + " Rancher, stop " + odoo.name() + ", then restore by hand: " + byHand, e);
        }
        progress.line(odoo.name() + ": stopped");
        progress.line("database: restoring " + name + " from " + backup.file().getFileName() + " (version "
                + backup.databaseVersion() + ", taken " + backup.createdAt() + ")");
        try {
            return guard.restore(database, backup, expectedSha256);
        } catch (PlatformException e) {
            throw new OperationFailedException("The restore of " + name + " failed (" + e.getMessage() + "): " + odoo.name()
                    + " of " + stack.name() + " is stopped and stays stopped, so no version runs on the migrated"
                    + " database; " + byHand, e);
        }
    }

    /**
     * After Rancher's rollback (the old image back, its containers unable to connect): odoo stopped,
     * the backup restored by rename (the migrated database kept under a dated name), odoo started
     * again and waited healthy, then the kept copy dropped when {@code dropKept}. A failure leaves
     * odoo stopped and says so.
     */
    Outcome restoreUnder(ServiceOperations ops, Resource stack, String service, Supplier<Instant> deadlines,
            boolean dropKept) {
        String name = database.dbName();
        Instant deadline = deadlines.get();
        try {
            ops.await(stack, List.of(service), Goal.ACTIVE, deadline); // rolled back; not healthy: its database is closed
        } catch (WaitFailed e) {
            return new Outcome(Optional.empty(), false, "The rollback of " + service + " did not complete (" + e.getMessage()
                    + "); the migrated database " + name + " stays closed to clients and was not restored: check the stack"
                    + " in Rancher, then restore with odoo-platform db restore --backup " + backup.file());
        }
        Resource odoo = ops.services(stack).stream().filter(s -> s.name().equalsIgnoreCase(service)).findFirst().orElseThrow();
        RestoreResult restored;
        try {
            restored = stopAndRestore(ops, stack, odoo, deadline, "restore it with odoo-platform db restore --backup "
                    + backup.file() + ", then start " + service + " (it runs the previous version)");
        } catch (OperationFailedException e) {
            return new Outcome(Optional.empty(), false, e.getMessage());
        }
        progress.line(service + ": starting the previous version on the restored database");
        ops.activate(odoo);
        try {
            ops.await(stack, List.of(service), Goal.ACTIVE_HEALTHY, deadlines.get()); // the restore may have taken long
        } catch (WaitFailed e) {
            return new Outcome(Optional.of(restored), false, "Restored " + name + " from " + backup.file().getFileName()
                    + ", but the previous version did not come up healthy (" + e.getMessage() + "); the migrated database"
                    + " is kept as " + restored.keptAs().orElse("?") + ": check the stack in Rancher");
        }
        if (dropKept) {
            guard.confirm(restored);
        }
        return new Outcome(Optional.of(restored), true, "Rolled back " + service + " and restored " + name + " from "
                + backup.file().getFileName() + ": the previous version is active and healthy again, on the pre-upgrade"
                + " database (version " + backup.databaseVersion() + ")" + (dropKept ? "" : kept(restored)));
    }

    /** The record of the rollback: which backup was put back, and the name the migrated database is kept as. */
    DatabaseNote note(Optional<RestoreResult> restored) {
        return DatabaseNote.restored(database.dbName(), backup.databaseVersion(), backup.file().getFileName().toString(),
                restored.flatMap(RestoreResult::keptAs).orElse(null));
    }

    static String kept(RestoreResult restored) {
        return restored.keptAs().map(k -> "; the migrated database is kept as " + k + " (dropped by the next restore of "
                + restored.database() + ", or by hand)").orElse("");
    }
}
