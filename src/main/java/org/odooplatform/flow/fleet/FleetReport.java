package org.odooplatform.flow.fleet;

import java.time.Instant;
import java.util.List;

/**
 * The whole fleet at one moment.
 *
 * @param requests HTTP requests the read cost (bootstrap included)
 * @param others   stacks of the environment not named {@code <client>-odoo-<instance>} (lb, redis, ...), by count
 */
public record FleetReport(String rancherUrl, Instant readAt, List<ClientStatus> clients, int others, int requests) {

    public List<StackStatus> stacks() {
        return clients.stream().flatMap(c -> c.stacks().stream()).toList();
    }

    public List<Drift> drift() {
        return clients.stream().flatMap(c -> c.drift().stream()).toList();
    }
}
