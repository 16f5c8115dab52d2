package org.odooplatform.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
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
     */
    public record Request(String stackName, boolean dryRun, Duration timeout, String triggeredBy, Duration lockWait,
            Instance instance, String client, boolean further, boolean databaseRestored) {

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
        refuseOntoMigratedDatabase(pending, target, previous, request);
        if (!pending.isEmpty()) {
            pending.forEach(s -> progress.plain("  ~ " + s.name() + ": Rancher rollback, " + s.image() + " -> "
                    + ServiceOperations.previousImage(s)));
        } else {
            progress.plain("  ~ " + previous.get().service() + ": redeploy the previous successful deploy, version "
                    + previous.get().version() + " (" + previous.get().image() + "), deployed " + previous.get().deployedAt());
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
                for (Resource s : pending) {
                    ops.rollback(ops.refresh(s));
                }
                ops.await(stack, pending.stream().map(Resource::name).toList(), Goal.ACTIVE_HEALTHY, deadline);
                recordRancherRollback(rancher, stack, pending, history, request, clients);
                progress.plain("Rolled back " + String.join(", ", pending.stream().map(Resource::name).toList()) + ".");
                return;
            }
            redeploy(rancher, ops, stack, previous.get(), request, clients, progress, deadline);
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
     * The deploy to go back from migrated the database (it took a backup first): its image alone
     * cannot be rolled back, the previous code would run on the migrated database (marabunta sees
     * nothing to do, Odoo starts on a schema it does not know). A deploy that fails restores that
     * backup itself; once a deploy was finished and served, restoring it loses what was written
     * since, so it is the operator's decision, made first and said with --database-restored.
     */
    private static void refuseOntoMigratedDatabase(List<Resource> pending, RollbackTarget target,
            Optional<DeployRecord> previous, Request request) {
        Optional<DeployRecord> current = target.current();
        DeployRecord.DatabaseNote db = current.map(DeployRecord::database).orElse(null);
        if (!pending.isEmpty() || previous.isEmpty() || db == null || !db.hasBackup() || request.databaseRestored()) {
            return;
        }
        throw new PreconditionException("version " + current.get().version() + " migrated database " + db.name()
                + " (marabunta ran " + db.migration() + "; it was at " + db.versionBefore() + "), so rolling back the image"
                + " alone would run version " + previous.get().version() + " on a database it does not know. Nothing was"
                + " changed. Restore the backup taken before that deploy, " + db.backupPath() + " (sha256 " + db.backupSha256()
                + "), with odoo stopped (this loses what was written since " + current.get().deployedAt() + "; see"
                + " docs/database.md), then run rollback again with --database-restored");
    }

    /**
     * Rancher's rollback of the odoo service went back to the version the stack ran before the pending upgrade:
     * recorded like a rollback, so the next {@code rollback} does not take it as a deploy to go back from.
     */
    private static void recordRancherRollback(Rancher rancher, Resource stack, List<Resource> pending,
            List<DeployRecord> history, Request request, Clients clients) {
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
                "odoo-platform", odoo.get().image());
        StackNotes.record(rancher, stack, record);
    }

    private static void redeploy(Rancher rancher, ServiceOperations ops, Resource stack, DeployRecord previous,
            Request request, Clients clients, Progress progress, Instant deadline) {
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
        progress.line(service.name() + ": upgrading in service back to " + previous.image());
        ops.redeploy(service, image);
        try {
            ops.await(stack, List.of(service.name()), Goal.UPGRADED_HEALTHY, deadline);
        } catch (WaitFailed e) {
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
                service.image());
        StackNotes.record(rancher, stack, record);
        progress.plain("Rolled back " + stack.name() + " to version " + previous.version() + " (" + previous.image() + ").");
    }
}
