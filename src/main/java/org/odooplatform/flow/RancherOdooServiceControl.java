package org.odooplatform.flow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.database.OdooServiceControl;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.rancher.Resource;

/**
 * {@code db reset --stop-odoo}: deactivates the stack's {@code odoo} service through the Rancher
 * API so Odoo stops reconnecting (what the old procedure hoped {@code sleep 30} would achieve),
 * and leaves it inactive for the deploy that follows.
 */
public final class RancherOdooServiceControl implements OdooServiceControl {

    public static final String SERVICE = "odoo";

    private static final Set<String> GONE = Set.of("removing", "removed", "purged", "error");

    private final Supplier<Rancher> rancher;
    private final Duration timeout;
    private final Duration poll;

    public RancherOdooServiceControl(Supplier<Rancher> rancher, Duration timeout, Duration poll) {
        this.rancher = rancher;
        this.timeout = timeout;
        this.poll = poll;
    }

    public RancherOdooServiceControl(Supplier<Rancher> rancher) {
        this(rancher, Duration.ofMinutes(5), Duration.ofMillis(500));
    }

    /** The control the db commands use: a Rancher client on {@code endpoint}, built only when odoo is stopped. */
    public static RancherOdooServiceControl on(RancherEndpoint endpoint) {
        return new RancherOdooServiceControl(() -> new RancherClient(endpoint));
    }

    @Override
    public String stopOdoo(String stackName) {
        Rancher api = rancher.get();
        api.connect();
        Optional<Resource> stack = api.findStack(stackName);
        if (stack.isEmpty()) {
            return "stack " + stackName + " does not exist: nothing to stop";
        }
        // db reset works on integration only: never stop the odoo of a stack that says it is another instance
        TargetCheck.stack(api, stack.get(), Instance.INTEGRATION, null, null);
        Optional<Resource> found = api.services(stack.get()).stream().filter(s -> SERVICE.equals(s.name())).findFirst();
        if (found.isEmpty()) {
            return "stack " + stackName + " has no service " + SERVICE + ": nothing to stop";
        }
        Resource odoo = found.get();
        String before = odoo.state();
        if ("inactive".equals(before)) {
            return "service " + SERVICE + " of stack " + stackName + " was already inactive";
        }
        if (!"deactivating".equals(before)) {
            if (!odoo.hasAction("deactivate")) {
                throw new PreconditionException("service " + SERVICE + " of stack " + stackName + " is " + before
                        + " and cannot be deactivated now: finish or roll back its upgrade first"
                        + " (odoo-platform rollback), then run db reset again; the database was not touched");
            }
            odoo = api.action(odoo, "deactivate");
        }
        Instant deadline = Instant.now().plus(timeout);
        while (!"inactive".equals(odoo.state())) {
            if (GONE.contains(odoo.state())) {
                throw new OperationFailedException("service " + SERVICE + " of stack " + stackName + " went " + odoo.state()
                        + " instead of inactive; the database was not touched: check the stack in Rancher");
            }
            if (Instant.now().isAfter(deadline)) {
                throw new OperationFailedException("service " + SERVICE + " of stack " + stackName + " is still "
                        + odoo.state() + " after " + timeout.toSeconds() + " s; the database was not touched:"
                        + " check the stack in Rancher, then run again");
            }
            sleep();
            odoo = api.refresh(odoo);
        }
        return "deactivated service " + SERVICE + " of stack " + stackName + " (was " + before
                + "; left stopped for the deploy that follows)";
    }

    private void sleep() {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while waiting for " + SERVICE + " to stop");
        }
    }
}
