package org.odooplatform.flow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.rancher.ContainerLogs;
import org.odooplatform.rancher.LogLine;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;

/** {@code logs}: the stack's services' container logs; and the log excerpt a failed deploy prints. */
public final class LogsFlow {

    /** Lines of the failing container's log a failed deploy prints. */
    public static final int FAILURE_LINES = 20;

    private LogsFlow() {
    }

    /**
     * Streams the logs of {@code serviceNames} (all services when empty) of the stack. Exit 3 when
     * the stack or a service does not exist.
     */
    public static void run(Rancher rancher, String stackName, List<String> serviceNames, ContainerLogs.Options options,
            Consumer<String> out) {
        Resource stack = rancher.findStack(stackName).orElseThrow(() -> new PreconditionException(
                "stack " + stackName + " does not exist: nothing to show"));
        List<Resource> services = rancher.services(stack);
        List<Resource> chosen = new ArrayList<>();
        for (String name : serviceNames) {
            chosen.add(services.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                    new PreconditionException("stack " + stackName + " has no service " + name + " (it has: "
                            + String.join(", ", services.stream().map(Resource::name).toList()) + ")")));
        }
        new ContainerLogs(rancher, out).stream(stack, chosen.isEmpty() ? services : chosen, options);
    }

    /**
     * Prints the last {@link #FAILURE_LINES} lines of the log of each not-healthy container of
     * {@code serviceNames}. Never throws: a log that cannot be read is one line saying so, so the
     * deploy's own error stays what the operator sees.
     */
    public static void printFailureLogs(Rancher rancher, Resource stack, java.util.Collection<String> serviceNames, Consumer<String> out) {
        try {
            ContainerLogs logs = new ContainerLogs(rancher, out);
            ContainerLogs.Options options = new ContainerLogs.Options(false, FAILURE_LINES, null, Duration.ofSeconds(5),
                    Duration.ofSeconds(10), Duration.ofSeconds(2));
            for (Resource s : rancher.services(stack)) {
                if (serviceNames.stream().noneMatch(n -> n.equalsIgnoreCase(s.name()))) {
                    continue;
                }
                for (Resource c : failing(rancher.instances(s))) {
                    List<LogLine> lines = logs.lastLines(stack, c, FAILURE_LINES, options);
                    out.accept("Last " + lines.size() + " lines of the log of " + c.name() + " (" + c.state()
                            + (c.healthState() == null ? "" : ", health " + c.healthState()) + "):");
                    int width = lines.stream().mapToInt(l -> l.container().length()).max().orElse(1);
                    lines.forEach(l -> out.accept("  " + l.format(width)));
                }
            }
        } catch (RuntimeException e) {
            out.accept("(could not read the failing container's log: " + e.getMessage() + ")");
        }
    }

    /**
     * The containers that failed: running but not (yet) healthy; else the newest one that is not
     * running (a crashed start). Not the old version's containers an in-service upgrade stopped.
     * At most two, so a scale-10 service does not flood the deploy's output.
     */
    static List<Resource> failing(List<Resource> containers) {
        List<Resource> withLog = containers.stream().filter(c -> c.hasAction("logs")).toList();
        List<Resource> unhealthy = withLog.stream().filter(c -> "running".equals(c.state())
                && ("unhealthy".equals(c.healthState()) || "initializing".equals(c.healthState()))).limit(2).toList();
        if (!unhealthy.isEmpty()) {
            return unhealthy;
        }
        return withLog.stream().filter(c -> !"running".equals(c.state()))
                .max(java.util.Comparator.comparingLong(c -> c.json().path("createdTS").asLong())).stream().toList();
    }
}
