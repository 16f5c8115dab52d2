package org.odooplatform.flow;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.database.Backup;
import org.odooplatform.database.RestoreResult;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.DeployInterruptedException;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.LaunchConfig;
import org.odooplatform.rancher.LaunchImage;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.ServiceOperations;
import org.odooplatform.rancher.ServiceWaiter.Goal;
import org.odooplatform.rancher.ServiceWaiter.WaitFailed;
import org.odooplatform.rancher.StackLock;
import org.odooplatform.rancher.StackNotes;

/**
 * {@code odoo-platform rollback}: while a service is between versions, Rancher's own rollback
 * (the old containers still exist). Once the upgrade was finished Rancher cannot roll back, so
 * the previous recorded version's image is deployed again with an in-service upgrade.
 */
public final class RollbackFlow {

    /**
     * @param instance the instance the stack must be (null: the one its name says, if any)
     * @param client   the project's client (null: unknown), checked against the stack's Redis prefix
     * @param further  allow a rollback right after a rollback: back one more successful deploy
     * @param databaseRestored the operator restored the database to the backup the deploy took before it migrated
     * @param restoreDatabase  restore that backup as part of the rollback (what was written since is lost)
     * @param envFile          the instance settings (DB_NAME, DB_USER, DB_PASSWORD), for {@code restoreDatabase}
     */
    public record Request(String stackName, boolean dryRun, Duration timeout, String triggeredBy, Duration lockWait,
            Instance instance, String client, boolean further, boolean databaseRestored, boolean restoreDatabase,
            Path envFile, Path publicEnvFile) {

        public Request(String stackName, boolean dryRun, Duration timeout, String triggeredBy, Duration lockWait,
                Instance instance, String client, boolean further, boolean databaseRestored) {
            this(stackName, dryRun, timeout, triggeredBy, lockWait, instance, client, further, databaseRestored, false,
                    null, null);
        }

        public Request(String stackName, boolean dryRun, Duration timeout, String triggeredBy, Duration lockWait,
                Instance instance, String client, boolean further) {
            this(stackName, dryRun, timeout, triggeredBy, lockWait, instance, client, further, false);
        }

        public Request(String stackName, boolean dryRun, Duration timeout, String triggeredBy, Duration lockWait) {
            this(stackName, dryRun, timeout, triggeredBy, lockWait, null, null, false);
        }
    }

    private RollbackFlow() {
    }

    public static void run(Request request, Clients clients) {
        try {
            rollback(request, clients);
        } catch (RuntimeException e) {
            throw new FailureReport("rollback", clients.rancher()::get, request.stackName(), "odoo-platform rollback --stack "
                    + request.stackName(), clients.lockLease(), clients.clock()).explain(e);
        }
    }

    private static void rollback(Request request, Clients clients) {
        if (request.restoreDatabase() && request.databaseRestored()) {
            throw new BadInputException("--restore-database and --database-restored: give one (the tool restores the"
                    + " backup, or you did it by hand)");
        }
        if (!request.restoreDatabase() && (request.envFile() != null || request.publicEnvFile() != null)) {
            // the instance's database settings given for a rollback that would not touch the database: the operator
            // expects a restore, and an image-only rollback onto a migrated database is what they wanted to avoid
            throw new BadInputException("--env-file is only read with --restore-database: add --restore-database to"
                    + " restore the backup of the deploy rolled back from too, or drop the settings files for an image-only"
                    + " rollback");
        }
        Rancher rancher = clients.rancher().get();
        rancher.connect();
        Progress progress = new Progress(clients.out(), clients.clock());
        Resource stack = rancher.findStack(request.stackName()).orElseThrow(() -> new PreconditionException(
                "stack " + request.stackName() + " does not exist: nothing to roll back"));
        TargetCheck.stack(rancher, stack, request.instance(), request.client(), null);
        List<Resource> pending = rancher.services(stack).stream().filter(ServiceOperations::canRollBack).toList();
        List<DeployRecord> history = StackNotes.history(stack);
        RollbackTarget target = RollbackTarget.of(history);
        Optional<DeployRecord> previous = target.target();
        if (pending.isEmpty() && target.alreadyRolledBack() && !request.further()) {
            DeployRecord now = target.current().get();
            throw new PreconditionException(stack.name() + " was already rolled back: it runs version " + now.version()
                    + " (" + now.image() + "), rolled back" + (now.rolledBackFrom() == null ? "" : " from "
                    + now.rolledBackFrom()) + " at " + now.deployedAt() + ". Nothing was changed: a second rollback"
                    + " would not return to that version (deploy it again with odoo-platform deploy --image ...);"
                    + " give --further to go back to the successful deploy before it"
                    + previous.map(p -> " (version " + p.version() + ", " + p.image() + ")").orElse(" (there is none)"));
        }
        if (pending.isEmpty() && previous.isEmpty()) {
            throw new PreconditionException("nothing to roll back on " + stack.name() + ": no service is between versions"
                    + target.current().map(c -> " and no successful deploy before version " + c.version() + " ("
                            + c.image() + ") is recorded").orElse(" and no deploy is recorded")
                    + "; nothing was changed");
        }
        Optional<DeployRecord> migrating = migratingDeploy(stack, pending, target, previous);
        DatabaseRollback restore = null;
        if (migrating.isPresent() && !request.databaseRestored()) {
            if (!request.restoreDatabase()) {
                throw refusal(migrating.get(), previous, pending, stack);
            }
            Instance instance = request.instance() != null ? request.instance() : instanceOf(migrating.get());
            restore = DatabaseRollback.prepare(clients.database(), instance, stack.name(), request.client(),
                    request.envFile(), request.publicEnvFile(), migrating.get().database(), progress,
                    new PrintWriter(clients.out(), true));
        } else if (request.restoreDatabase()) {
            throw new PreconditionException("--restore-database: the deploy rolled back from took no backup before"
                    + " migrating (" + target.current().map(DeployRecord::database).map(RollbackFlow::whyNoBackup)
                    .orElse("no deploy with a backup is recorded") + "), so there is nothing to restore; nothing was"
                    + " changed: run the rollback without --restore-database");
        }
        if (!pending.isEmpty()) {
            pending.forEach(s -> progress.plain("  ~ " + s.name() + ": Rancher rollback, " + s.image() + " -> "
                    + ServiceOperations.previousImage(s)));
        } else {
            progress.plain("  ~ " + previous.get().service() + ": redeploy the previous successful deploy, version "
                    + previous.get().version() + " (" + previous.get().image() + "), deployed " + previous.get().deployedAt());
        }
        if (restore != null) {
            printRestorePlan(progress, restore, migrating.get(), previous, pending);
        }
        if (request.dryRun()) {
            progress.plain("--dry-run: nothing was changed.");
            return;
        }
        rancher.checkMayDeploy();
        StackLock lock = StackLock.acquire(rancher, stack, "rollback by " + (request.triggeredBy() == null
                ? System.getProperty("user.name") : request.triggeredBy()) + " (pid " + ProcessHandle.current().pid() + ")",
                clients.lockLease(), clients.lockSettle(), request.lockWait(), clients.clock(), progress::line);
        boolean interrupted = false;
        try {
            ServiceOperations ops = new ServiceOperations(rancher, clients.polling(), progress::line);
            ops.renewing(lock);
            Instant deadline = clients.clock().instant().plus(request.timeout());
            if (!pending.isEmpty()) {
                rancherRollback(rancher, ops, stack, pending, history, migrating, restore, request, clients, progress, deadline);
                return;
            }
            redeploy(rancher, ops, stack, previous.get(), restore, migrating, request, clients, progress, deadline);
        } catch (DeployInterruptedException e) {
            interrupted = true;
            throw e;
        } catch (WaitFailed e) {
            throw new OperationFailedException("rollback of " + stack.name() + " failed: " + e.getMessage()
                    + "; check the stack with odoo-platform status", e);
        } finally {
            if (!interrupted) {
                lock.release();
            }
        }
    }

    /**
     * The deploy to go back from, when it migrated the database (it took a backup first): its image alone
     * cannot be rolled back, the previous code would run on the migrated database (marabunta sees nothing to
     * do, Odoo starts on a schema it does not know). Either the finished deploy of the latest record, or,
     * while the odoo service is between versions, the deploy in progress that took the backup and was killed
     * before it recorded itself (its note is read only while odoo still heads for its image).
     */
    private static Optional<DeployRecord> migratingDeploy(Resource stack, List<Resource> pending, RollbackTarget target,
            Optional<DeployRecord> previous) {
        if (!pending.isEmpty()) {
            return StackNotes.inProgress(stack).filter(DeployRecord::tookBackup)
                    .filter(r -> pending.stream().anyMatch(s -> r.upgrades(s.name(), s.image())));
        }
        return target.current().filter(c -> previous.isPresent() && c.tookBackup());
    }

    /**
     * Refused without --restore-database: once a deploy was finished and served, restoring its backup loses
     * what was written since, so it is the operator's decision; made by hand it is said with --database-restored.
     */
    private static PreconditionException refusal(DeployRecord deploy, Optional<DeployRecord> previous,
            List<Resource> pending, Resource stack) {
        DeployRecord.DatabaseNote db = deploy.database();
        String back = pending.isEmpty() ? "version " + previous.get().version()
                : "the previous image " + pending.stream().filter(s -> s.name().equalsIgnoreCase(deploy.service()))
                        .findFirst().map(ServiceOperations::previousImage).orElse("?");
        String what = pending.isEmpty() ? "version " + deploy.version() + " migrated database " + db.name()
                : "the deploy of version " + deploy.version() + " that " + stack.name() + "'s " + deploy.service()
                        + " is still upgrading to (interrupted after its backup) may have migrated database " + db.name();
        return new PreconditionException(what + " (marabunta ran " + db.migration() + "; it was at " + db.versionBefore()
                + "), so rolling back the image alone would run " + back + " on a database it does not know. Nothing was"
                + " changed. Run the rollback with --restore-database (and --env-file, the instance settings, and the"
                + " cluster's PGHOST... as for deploy; --dry-run first shows the steps): it stops odoo, restores the"
                + " backup taken before that deploy, " + db.backupPath() + " (sha256 " + db.backupSha256() + "), keeps"
                + " the migrated database under a dated name and brings back the previous version; this loses what was"
                + " written since " + deploy.deployedAt() + ". Or restore that backup by hand with odoo stopped (see"
                + " docs/database.md), then run rollback again with --database-restored");
    }

    private static String whyNoBackup(DeployRecord.DatabaseNote note) {
        return note.noBackup() != null ? note.noBackup() : note.restoredFrom() != null
                ? "it is a rollback that restored " + note.restoredFrom() : "none recorded";
    }

    private static void printRestorePlan(Progress progress, DatabaseRollback restore, DeployRecord deploy,
            Optional<DeployRecord> previous, List<Resource> pending) {
        String name = restore.databaseName();
        Backup backup = restore.backup();
        String odoo = deploy.service();
        progress.plain("  ~ database " + name + ": restore " + backup.file().getFileName() + " (version "
                + backup.databaseVersion() + ", taken " + backup.createdAt() + ", before version " + deploy.version()
                + " migrated it): what was written to " + name + " since " + deploy.deployedAt() + " is lost");
        List<String> steps = new ArrayList<>();
        if (pending.isEmpty()) {
            steps.add("pull " + previous.get().image() + " on the hosts (" + odoo + " still serves)");
            steps.add("stop " + odoo + " (deactivate, wait inactive)");
        } else {
            steps.add("close " + name + " to clients (the old containers must not start on the migrated database)");
            steps.add("Rancher rollback of the pending upgrade, wait active");
            steps.add("stop " + odoo + " (deactivate, wait inactive)");
        }
        steps.add("check " + backup.file().getFileName() + " (sha256 " + backup.sha256() + "), restore it into "
                + name + "_restore as " + name + "'s role, rename " + name + " to " + name + "_<UTC time> (kept) and "
                + name + "_restore to " + name);
        steps.add(pending.isEmpty() ? "upgrade " + odoo + " in service back to " + previous.get().image()
                + " (it starts on the restored database), wait healthy, finish the upgrade"
                : "start " + odoo + " (activate), wait healthy");
        steps.add("record the rollback on the stack (restored from " + backup.file().getFileName() + ", the migrated"
                + " database kept as " + name + "_<UTC time>)");
        steps.add("if the restore fails, " + odoo + " stays stopped: no version runs on the migrated database");
        for (int i = 0; i < steps.size(); i++) {
            progress.plain("    " + (i + 1) + ". " + steps.get(i));
        }
    }

    private static void rancherRollback(Rancher rancher, ServiceOperations ops, Resource stack, List<Resource> pending,
            List<DeployRecord> history, Optional<DeployRecord> migrating, DatabaseRollback restore, Request request,
            Clients clients, Progress progress, Instant deadline) {
        String restoring = restore == null ? null : migrating.get().service();
        if (restore != null) {
            try {
                restore.fence(); // before the old containers start again
            } catch (PlatformException e) {
                throw ReleaseDatabaseSteps.fenceFailed("rollback of " + stack.name(), e);
            }
        }
        for (Resource s : pending) {
            progress.line(s.name() + ": rolling back to " + ServiceOperations.previousImage(s));
            ops.rollback(ops.refresh(s));
        }
        List<String> others = pending.stream().map(Resource::name).filter(n -> !n.equalsIgnoreCase(restoring)).toList();
        if (!others.isEmpty()) {
            ops.await(stack, others, Goal.ACTIVE_HEALTHY, deadline);
        }
        if (restore == null) {
            recordRancherRollback(rancher, stack, pending, history, request, clients, null);
            progress.plain("Rolled back " + String.join(", ", pending.stream().map(Resource::name).toList()) + ".");
            return;
        }
        String name = pending.stream().map(Resource::name).filter(n -> n.equalsIgnoreCase(restoring)).findFirst().orElseThrow();
        DatabaseRollback.Outcome outcome = restore.restoreUnder(ops, stack, name,
                () -> clients.clock().instant().plus(request.timeout()), false);
        recordRancherRollback(rancher, stack, pending, history, request, clients,
                outcome.restored().isPresent() ? restore.note(outcome.restored()) : null);
        String sentence = outcome.sentence() + (others.isEmpty() ? "" : "; rolled back " + String.join(", ", others) + " too");
        if (!outcome.healthy()) {
            throw new OperationFailedException("rollback of " + stack.name() + " failed. " + sentence);
        }
        progress.plain(sentence + ".");
    }

    /**
     * Rancher's rollback of the odoo service went back to the version the stack ran before the pending upgrade:
     * recorded like a rollback, so the next {@code rollback} does not take it as a deploy to go back from.
     */
    private static void recordRancherRollback(Rancher rancher, Resource stack, List<Resource> pending,
            List<DeployRecord> history, Request request, Clients clients, DeployRecord.DatabaseNote note) {
        String service = history.isEmpty() ? "odoo" : history.get(0).service();
        Optional<Resource> odoo = pending.stream().filter(s -> s.name().equalsIgnoreCase(service)).findFirst();
        if (odoo.isEmpty()) {
            return;
        }
        String back = ServiceOperations.previousImage(odoo.get());
        Optional<DeployRecord> known = history.stream().filter(r -> back.equals(r.image())).findFirst();
        DeployRecord record = new DeployRecord(known.map(DeployRecord::version).orElse(null), back,
                known.map(DeployRecord::digest).orElse(null), odoo.get().name(), known.map(DeployRecord::commit).orElse(null),
                "rollback" + (request.triggeredBy() == null ? "" : " by " + request.triggeredBy()),
                known.map(DeployRecord::approvedBy).orElse(null), clients.clock().instant().toString(),
                known.map(DeployRecord::instance).orElse(request.instance() == null ? null : request.instance().id()),
                "odoo-platform", odoo.get().image()).withDatabase(note);
        // the upgrade is no longer pending: the note of its deploy in progress is done
        StackNotes.update(rancher, stack, outputs -> {
            StackNotes.addRecord(outputs, record);
            StackNotes.clearInProgress(outputs);
        });
    }

    private static Instance instanceOf(DeployRecord record) {
        try {
            return record.instance() == null ? null : Instance.parse(record.instance());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Back to the previous recorded image with an in-service upgrade. With {@code restore}: the image is
     * pulled while odoo still serves, then odoo is stopped and the backup restored, then the upgrade
     * (from inactive: Rancher starts the service with the previous image) brings the old code up on the
     * restored database only. Then a previous version that does not come up healthy is not rolled back
     * to the current one (marabunta would migrate the restored database again): it is left as it is, said.
     */
    private static void redeploy(Rancher rancher, ServiceOperations ops, Resource stack, DeployRecord previous,
            DatabaseRollback restore, Optional<DeployRecord> migrating, Request request, Clients clients,
            Progress progress, Instant deadline) {
        Resource service = rancher.services(stack).stream().filter(s -> s.name().equalsIgnoreCase(previous.service()))
                .findFirst().orElseThrow(() -> new PreconditionException("service " + previous.service() + " of "
                        + stack.name() + " no longer exists: deploy the previous version with odoo-platform deploy --image "
                        + previous.image()));
        LaunchImage image = LaunchImage.tryParse(previous.image()).orElseThrow(() -> new PreconditionException(
                "the recorded previous image '" + previous.image() + "' is not an image reference: deploy it with "
                        + "odoo-platform deploy --image"));
        Map<String, String> labels = new TreeMap<>();
        service.get("launchConfig").path("labels").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(LaunchConfig.SCHEDULER_LABEL_PREFIX)) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        });
        ops.pull(List.of(new ServiceOperations.Pull(image, labels)), deadline, request.timeout());
        Optional<RestoreResult> restored = Optional.empty();
        if (restore != null) {
            restored = Optional.of(restore.stopAndRestore(ops, stack, service, deadline, "restore it with odoo-platform"
                    + " db restore --backup " + restore.backup().file() + " (odoo is stopped), then run odoo-platform"
                    + " rollback --stack " + stack.name() + " --database-restored"));
            deadline = clients.clock().instant().plus(request.timeout()); // the restore may have taken long
        }
        progress.line(service.name() + ": upgrading in service back to " + previous.image()
                + (restore == null ? "" : " (it starts on the restored database)"));
        ops.redeploy(ops.refresh(service), image);
        try {
            ops.await(stack, List.of(service.name()), Goal.UPGRADED_HEALTHY, deadline);
        } catch (WaitFailed e) {
            if (restore != null) {
                throw new OperationFailedException("Restored " + restore.databaseName() + " from "
                        + restore.backup().file().getFileName() + ", but the previous version " + previous.image()
                        + " did not come up healthy on it (" + e.getMessage() + "); " + service.name() + " is left upgrading"
                        + " to it, not rolled back (the current version would migrate the restored database again)"
                        + DatabaseRollback.kept(restored.get()) + ": check the stack in Rancher", e);
            }
            Resource now = ops.refresh(service);
            if (ServiceOperations.canRollBack(now)) {
                ops.rollback(now);
                ops.await(stack, List.of(service.name()), Goal.ACTIVE_HEALTHY, clients.clock().instant().plus(request.timeout()));
            }
            throw new OperationFailedException("the previous version " + previous.image() + " did not come up healthy ("
                    + e.getMessage() + "); the current version was restored", e);
        }
        ops.finish(ops.refresh(service));
        ops.await(stack, List.of(service.name()), Goal.ACTIVE, deadline.plusSeconds(120));
        DeployRecord record = new DeployRecord(previous.version(), previous.image(), previous.digest(), previous.service(),
                previous.commit(), "rollback" + (request.triggeredBy() == null ? "" : " by " + request.triggeredBy()),
                previous.approvedBy(), clients.clock().instant().toString(), previous.instance(), "odoo-platform",
                service.image()).withDatabase(restore == null ? null : restore.note(restored));
        StackNotes.record(rancher, stack, record);
        if (restore == null) {
            progress.plain("Rolled back " + stack.name() + " to version " + previous.version() + " (" + previous.image() + ").");
        } else {
            progress.plain("Rolled back " + stack.name() + " to version " + previous.version() + " (" + previous.image()
                    + ") and restored " + restore.databaseName() + " from " + restore.backup().file().getFileName()
                    + ": the previous version is active and healthy again, on the database as it was before version "
                    + migrating.get().version() + " (version " + restore.backup().databaseVersion() + "); what was"
                    + " written since " + migrating.get().deployedAt() + " is only in the migrated database, kept as "
                    + restored.get().keptAs().orElse("?") + " (dropped by the next restore of " + restore.databaseName()
                    + ", or by hand).");
        }
    }
}
