package org.odooplatform.rancher;

import java.util.List;
import java.util.Optional;

/** The plan of one deploy: per service what changes, and the upgrades left pending by earlier deploys. */
public record StackPlan(DesiredStack desired, Resource stack, List<ServicePlan> services, List<PendingUpgrade> pending) {

    public boolean stackExists() {
        return stack != null;
    }

    /** True when the deploy would change something (what {@code diff} exits 1 on). */
    public boolean hasChanges() {
        return !stackExists() || !pending.isEmpty() || services.stream().anyMatch(ServicePlan::isChange);
    }

    public Optional<ServicePlan> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public long count(ServicePlan.Action action) {
        return services.stream().filter(s -> s.action() == action).count();
    }
}
