package org.odooplatform.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.flow.ServiceWaiter.Goal;
import org.odooplatform.project.Instance;
import org.odooplatform.flow.ServiceWaiter.WaitFailed;
import org.odooplatform.rancher.DeployInterruptedException;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.Planner;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.StackLock;
import org.odooplatform.rancher.StackNotes;

/**
 * {@code odoo-platform rollback}: while a service is between versions, Rancher's own rollback
 * (the old containers still exist). Once the upgrade was finished Rancher cannot roll back, so
 * the previous recorded version's image is deployed again with an in-service upgrade.
 */
public final class RollbackFlow {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param instance the instance the stack must be (null: the one its name says, if any)
     * @param client   the project's client (null: unknown), checked against the stack's Redis prefix
     * @param further  allow a rollback right after a rollback: back one more successful deploy
     */
    public record Request(String stackName, boolean dryRun, Duration timeout, String triggeredBy, Duration lockWait,
            Instance instance, String client, boolean further) {

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
        List<Resource> pending = rancher.services(stack).stream().filter(s -> s.hasAction("rollback")).toList();
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
        if (!pending.isEmpty()) {
            pending.forEach(s -> progress.plain("  ~ " + s.name() + ": Rancher rollback, " + s.image() + " -> "
                    + Planner.previousImage(s)));
        } else {
            progress.plain("  ~ " + previous.get().service() + ": redeploy the previous successful deploy, version "
                    + previous.get().version() + " (" + previous.get().image() + "), deployed " + previous.get().deployedAt());
        }
        if (request.dryRun()) {
            progress.plain("--dry-run: nothing was changed.");
            return;
        }
        StackLock lock = StackLock.acquire(rancher, stack, "rollback by " + (request.triggeredBy() == null
                ? System.getProperty("user.name") : request.triggeredBy()) + " (pid " + ProcessHandle.current().pid() + ")",
                clients.lockLease(), clients.lockSettle(), request.lockWait(), clients.clock(), progress::line);
        boolean interrupted = false;
        try {
            ServiceWaiter waiter = new ServiceWaiter(rancher, clients, progress);
            waiter.renewing(lock);
            Instant deadline = clients.clock().instant().plus(request.timeout());
            if (!pending.isEmpty()) {
                for (Resource s : pending) {
                    rancher.action(rancher.refresh(s), "rollback", null);
                }
                waiter.await(stack, pending.stream().map(Resource::name).toList(), Goal.ACTIVE, deadline);
                recordRancherRollback(rancher, stack, pending, history, request, clients);
                progress.plain("Rolled back " + String.join(", ", pending.stream().map(Resource::name).toList()) + ".");
                return;
            }
            redeploy(rancher, stack, previous.get(), request, clients, waiter, progress, deadline);
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
        String back = Planner.previousImage(odoo.get());
        Optional<DeployRecord> known = history.stream().filter(r -> back.equals(r.image())).findFirst();
        DeployRecord record = new DeployRecord(known.map(DeployRecord::version).orElse(null), back,
                known.map(DeployRecord::digest).orElse(null), odoo.get().name(), known.map(DeployRecord::commit).orElse(null),
                "rollback" + (request.triggeredBy() == null ? "" : " by " + request.triggeredBy()),
                known.map(DeployRecord::approvedBy).orElse(null), clients.clock().instant().toString(),
                known.map(DeployRecord::instance).orElse(request.instance() == null ? null : request.instance().id()),
                "odoo-platform", odoo.get().image());
        StackNotes.record(rancher, stack, record);
    }

    private static void redeploy(Rancher rancher, Resource stack, DeployRecord previous, Request request, Clients clients,
            ServiceWaiter waiter, Progress progress, Instant deadline) {
        Resource service = rancher.services(stack).stream().filter(s -> s.name().equalsIgnoreCase(previous.service()))
                .findFirst().orElseThrow(() -> new PreconditionException("service " + previous.service() + " of "
                        + stack.name() + " no longer exists: deploy the previous version with odoo-platform deploy --image "
                        + previous.image()));
        ObjectNode launchConfig = ((ObjectNode) service.get("launchConfig")).deepCopy();
        launchConfig.put("imageUuid", "docker:" + previous.image());
        JsonNode last = service.get("upgrade").path("inServiceStrategy");
        ObjectNode strategy = JSON.createObjectNode();
        strategy.put("batchSize", last.path("batchSize").asInt(1));
        strategy.put("intervalMillis", Math.max(100, last.path("intervalMillis").asLong(2000)));
        strategy.put("startFirst", last.path("startFirst").asBoolean(false));
        strategy.set("launchConfig", launchConfig);
        ObjectNode body = JSON.createObjectNode();
        body.set("inServiceStrategy", strategy);
        progress.line("pulling " + previous.image() + " on the hosts");
        Resource task = rancher.pullImage(previous.image());
        while (task.isTransitioning()) {
            ServiceWaiterSleep.sleep(clients.pollInitial());
            task = rancher.refresh(task);
        }
        if (task.isInError()) {
            throw new OperationFailedException("pulling " + previous.image() + " failed (" + task.transitioningMessage()
                    + "): nothing was changed");
        }
        progress.line(service.name() + ": upgrading in service back to " + previous.image());
        rancher.action(service, "upgrade", body);
        try {
            waiter.await(stack, List.of(service.name()), Goal.UPGRADED_HEALTHY, deadline);
        } catch (WaitFailed e) {
            Resource now = rancher.refresh(service);
            if (now.hasAction("rollback")) {
                rancher.action(now, "rollback", null);
                waiter.await(stack, List.of(service.name()), Goal.ACTIVE, clients.clock().instant().plus(request.timeout()));
            }
            throw new OperationFailedException("the previous version " + previous.image() + " did not come up healthy ("
                    + e.getMessage() + "); the current version was restored", e);
        }
        rancher.action(rancher.refresh(service), "finishupgrade", null);
        waiter.await(stack, List.of(service.name()), Goal.ACTIVE, deadline.plusSeconds(120));
        DeployRecord record = new DeployRecord(previous.version(), previous.image(), previous.digest(), previous.service(),
                previous.commit(), "rollback" + (request.triggeredBy() == null ? "" : " by " + request.triggeredBy()),
                previous.approvedBy(), clients.clock().instant().toString(), previous.instance(), "odoo-platform",
                service.image());
        StackNotes.record(rancher, stack, record);
        progress.plain("Rolled back " + stack.name() + " to version " + previous.version() + " (" + previous.image() + ").");
    }
}
