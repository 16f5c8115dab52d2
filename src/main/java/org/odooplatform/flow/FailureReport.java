package org.odooplatform.flow;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PlatformException;
import org.odooplatform.rancher.DeployInterruptedException;
import org.odooplatform.rancher.Planner;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.RetryPolicy;
import org.odooplatform.rancher.ServiceWaiter;
import org.odooplatform.rancher.StackLock;

/**
 * The last lines of a deploy or rollback that failed: what state the stack's services are in,
 * what the operator can run next, and whether the stack's deploy lock is still held and until
 * when. A failure before any request that could change something (only reads were sent) is
 * turned into exit 2 with "nothing was changed": the usual cause is the configuration (a
 * RANCHER_URL that does not answer), and nothing needs repairing.
 *
 * <p>Called from one place per flow ({@code DeployFlow.run}, {@code RollbackFlow.run}); the state
 * is read again with a single short attempt, so a Rancher that is gone does not double the wait.
 *
 * @param client       the flow's client (giving null when the failure came before it was made)
 * @param stackName    the stack the command is about (null when unknown yet)
 * @param rerun        the command to run again to finish the job (e.g. {@code deploy ... --on-pending=finish})
 */
record FailureReport(String command, Supplier<Rancher> client, String stackName, String rerun, Duration lockLease, Clock clock) {

    /** How long the report may spend reading the state again. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    RuntimeException explain(RuntimeException failure) {
        boolean badInput = failure instanceof BadInputException;
        if (!(failure instanceof OperationFailedException) && !badInput || failure instanceof DeployInterruptedException) {
            return failure; // a precondition (nothing changed), an aborted job (it resumes), a bug
        }
        Rancher rancher;
        try {
            rancher = client.get();
        } catch (RuntimeException e) {
            return failure; // the client could not even be made: bad RANCHER_* variables, nothing was sent
        }
        if (badInput) {
            // bad input found after changes were requested (an API key revoked mid-deploy) is not "nothing changed"
            if (rancher == null || rancher.mutationCount() == 0) {
                return failure;
            }
            failure = new OperationFailedException(failure.getMessage(), failure);
        }
        if (rancher == null || rancher.mutationCount() == 0) {
            return new BadInputException(failure.getMessage() + " (no change had been requested from Rancher)", failure);
        }
        if (stackName == null) {
            return failure;
        }
        List<String> lines = new ArrayList<>();
        lines.add(failure.getMessage());
        Optional<Resource> stack = Optional.empty();
        List<Resource> services = List.of();
        String unreadable = null;
        try {
            Rancher quick = quick(rancher);
            stack = quick.findStack(stackName);
            if (stack.isPresent()) {
                services = quick.services(stack.get());
            }
        } catch (PlatformException e) {
            unreadable = e.getMessage();
        }
        if (unreadable != null) {
            lines.add("The state of " + stackName + " could not be read (" + unreadable + ").");
            lines.add("  Run: odoo-platform status --stack " + stackName + " once Rancher answers, then");
            lines.add("       odoo-platform rollback --stack " + stackName + " (back to the previous version)");
            lines.add("    or " + rerun + " (finish what was started)");
            lines.add("Deploy lock: unknown; if this " + command + " still holds it, it expires by "
                    + clock.instant().plus(lockLease) + " (a rerun on this host takes it over at once)");
            return new OperationFailedException(String.join("\n", lines), failure);
        }
        if (stack.isEmpty()) {
            lines.add("Stack " + stackName + " does not exist (any more).");
            return new OperationFailedException(String.join("\n", lines), failure);
        }
        lines.add("State of " + stackName + " now:");
        List<String> pending = new ArrayList<>();
        for (Resource s : services) {
            String previous = Planner.PENDING_STATES.contains(s.state()) ? ", previous image " + Planner.previousImage(s) : "";
            lines.add(String.format("  %-12s %s, image %s%s", s.name(), ServiceWaiter.describe(s), s.image(), previous));
            if (Planner.PENDING_STATES.contains(s.state())) {
                pending.add(s.name());
            }
        }
        if (services.isEmpty()) {
            lines.add("  (no services)");
        }
        if (!pending.isEmpty()) {
            lines.add(String.join(", ", pending) + " " + (pending.size() == 1 ? "is" : "are")
                    + " between versions (the old containers are kept). Run one of:");
            lines.add("  odoo-platform rollback --stack " + stackName + "   (back to the previous version)");
            lines.add("  " + rerun + "   (keep the new version)");
        } else {
            lines.add("No service is between versions. Run: odoo-platform status --stack " + stackName
                    + " to check, then fix the cause and run the " + command + " again.");
        }
        lines.add("Deploy lock: " + StackLock.describe(stack.get(), clock).orElse("released"));
        return new OperationFailedException(String.join("\n", lines), failure);
    }

    /** The same client with one short attempt, so a Rancher that is gone costs seconds, not minutes. */
    private static Rancher quick(Rancher rancher) {
        if (rancher instanceof RancherClient client) {
            RetryPolicy one = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, READ_TIMEOUT);
            RancherClient copy = new RancherClient(client.endpoint(), one);
            copy.connect();
            return copy;
        }
        return rancher;
    }
}
