package org.odooplatform.flow.fleet;

import java.util.List;
import java.util.Optional;

/** A client's stacks (any of test, integration, prod may be missing) and their drift flags. */
public record ClientStatus(String client, List<StackStatus> stacks, List<Drift> drift) {

    public Optional<StackStatus> stack(String instance) {
        return stacks.stream().filter(s -> s.instance().equals(instance)).findFirst();
    }

    public List<Drift> driftOn(String instance) {
        return drift.stream().filter(d -> d.instance().equals(instance)).toList();
    }
}
