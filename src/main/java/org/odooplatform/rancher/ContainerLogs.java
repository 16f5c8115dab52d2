package org.odooplatform.rancher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Streams the logs of a stack's services the way {@code rancher-compose logs} does (rancher/service.go
 * Log and pipeLogs: the {@code logs} action of each of the service's instances, one websocket per
 * container, each line prefixed with the container's name), plus what it lacks: {@code --tail} and
 * {@code --since} applied here (Rancher 1.6's host agent always replays the last 100 lines and
 * ignores {@code since}: host-api logs/logs.go), and, when following, new containers picked up as
 * an upgrade replaces the old ones.
 */
public final class ContainerLogs {

    /** Most lines the agent replays (host-api logs.go: tail "100" whatever {@code lines} says). */
    public static final int AGENT_TAIL = 100;

    /**
     * @param follow         keep reading (and pick up new containers) until interrupted
     * @param tail           at most this many lines of each container's existing log; null = what the agent sends
     * @param since          drop lines stamped before this; null = keep all
     * @param connectTimeout for each websocket
     * @param idleTimeout    without --follow, a log that sends nothing this long is given up
     * @param pollEvery      when following, how often the services' instances are re-read
     */
    public record Options(boolean follow, Integer tail, Instant since, Duration connectTimeout, Duration idleTimeout,
            Duration pollEvery) {

        public static Options of(boolean follow, Integer tail, Instant since) {
            return new Options(follow, tail, since, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(2));
        }
    }

    private final Rancher rancher;
    private final Consumer<String> out;
    private int nameWidth = 1;

    public ContainerLogs(Rancher rancher, Consumer<String> out) {
        this.rancher = rancher;
        this.out = out;
    }

    /** The container's name without the {@code <stack>-} prefix (rancher-compose trims its project name). */
    static String displayName(Resource stack, Resource container) {
        String prefix = stack.name() + "-";
        String name = container.name() == null ? container.id() : container.name();
        return name.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)) ? name.substring(prefix.length()) : name;
    }

    /** The last {@code n} lines of one container's log (a failed deploy shows them). */
    public List<LogLine> lastLines(Resource stack, Resource container, int n, Options options) {
        Deque<LogLine> ring = new ArrayDeque<>();
        readToEnd(displayName(stack, container), container, n, options, line -> {
            ring.addLast(line);
            if (ring.size() > n) {
                ring.removeFirst();
            }
        });
        return List.copyOf(ring);
    }

    /** Prints the logs of the services' containers; returns when they end, or (follow) when interrupted. */
    public void stream(Resource stack, List<Resource> services, Options options) {
        Map<String, Resource> containers = containers(services, options.follow());
        containers.values().forEach(c -> nameWidth = Math.max(nameWidth, displayName(stack, c).length()));
        if (containers.isEmpty() && !options.follow()) {
            out.accept("(no container of " + String.join(", ", services.stream().map(Resource::name).toList()) + " has a log)");
            return;
        }
        Map<String, Instant> printedUpTo = new LinkedHashMap<>();
        for (Resource c : containers.values()) {
            // without --follow, or to apply --tail before following: the existing log, read to its end
            if (!options.follow() || options.tail() != null) {
                Deque<LogLine> ring = new ArrayDeque<>();
                int keep = options.tail() == null ? AGENT_TAIL : options.tail();
                Instant[] lastSeen = {null};
                readToEnd(displayName(stack, c), c, keep, options, line -> {
                    if (line.timestamp() != null) {
                        lastSeen[0] = line.timestamp();
                    }
                    if (keep(line, options.since())) {
                        ring.addLast(line);
                        if (ring.size() > keep) {
                            ring.removeFirst();
                        }
                    }
                });
                ring.forEach(this::print);
                if (lastSeen[0] != null) {
                    // the follow starts after what was read: printed, or cut by --tail/--since
                    printedUpTo.put(c.id(), lastSeen[0]);
                }
            }
        }
        if (options.follow()) {
            follow(stack, services, containers.keySet(), printedUpTo, options);
        }
    }

    private void follow(Resource stack, List<Resource> services, java.util.Set<String> initial, Map<String, Instant> printedUpTo,
            Options options) {
        Map<String, LogStream> open = new LinkedHashMap<>();
        Map<String, Integer> failures = new LinkedHashMap<>();
        boolean first = true;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Map<String, Resource> now = containers(services, true);
                for (Resource c : now.values()) {
                    if (open.containsKey(c.id()) || failures.getOrDefault(c.id(), 0) >= 5) {
                        continue;
                    }
                    String name = displayName(stack, c);
                    nameWidth = Math.max(nameWidth, name.length());
                    if (!first && !initial.contains(c.id()) && !failures.containsKey(c.id())) {
                        out.accept("--- " + name + ": new container, following its log");
                    }
                    Instant[] upTo;
                    synchronized (printedUpTo) {
                        upTo = new Instant[] {printedUpTo.get(c.id())};
                    }
                    try {
                        LogStream s = LogStream.open(rancher.containerLogs(c, true, AGENT_TAIL), name, options.connectTimeout(), line -> {
                            // a reconnect replays the tail: skip what was printed already
                            if (upTo[0] != null && line.timestamp() != null && !line.timestamp().isAfter(upTo[0])) {
                                return;
                            }
                            if (keep(line, options.since())) {
                                print(line);
                                if (line.timestamp() != null) {
                                    synchronized (printedUpTo) {
                                        printedUpTo.put(c.id(), line.timestamp());
                                    }
                                }
                            }
                        });
                        open.put(c.id(), s);
                    } catch (RancherApiException e) {
                        failures.merge(c.id(), 1, Integer::sum);
                        out.accept("--- " + name + ": " + e.getMessage());
                    }
                }
                for (var it = open.entrySet().iterator(); it.hasNext();) {
                    var e = it.next();
                    if (e.getValue().done().isDone()) {
                        it.remove();
                        e.getValue().close();
                        if (e.getValue().done().isCompletedExceptionally()) {
                            failures.merge(e.getKey(), 1, Integer::sum);
                        }
                        if (!now.containsKey(e.getKey())) {
                            Resource gone = lastSeen.get(e.getKey());
                            out.accept("--- " + (gone == null ? e.getKey() : displayName(stack, gone)) + ": log ended");
                        }
                    }
                }
                first = false;
                Thread.sleep(options.pollEvery().toMillis());
            }
        } catch (InterruptedException | DeployInterruptedException e) {
            Thread.currentThread().interrupt(); // Ctrl-C or the caller stopping us: the normal end of --follow
        } finally {
            open.values().forEach(LogStream::close);
        }
    }

    /** Every container seen, by id: the name of one that is gone is still known. */
    private final Map<String, Resource> lastSeen = new LinkedHashMap<>();

    /** The services' containers that have a log: running ones when following, else any with the action. */
    private Map<String, Resource> containers(List<Resource> services, boolean runningOnly) {
        Map<String, Resource> out = new LinkedHashMap<>();
        for (Resource s : services) {
            for (Resource c : rancher.instances(s)) {
                if (c.hasAction("logs") && (!runningOnly || "running".equals(c.state()))) {
                    out.put(c.id(), c);
                    lastSeen.put(c.id(), c);
                }
            }
        }
        return out;
    }

    private static boolean keep(LogLine line, Instant since) {
        return since == null || line.timestamp() == null || !line.timestamp().isBefore(since);
    }

    private synchronized void print(LogLine line) {
        out.accept(line.format(nameWidth));
    }

    /** Reads a container's existing log (follow=false) until the agent closes it; bounded by the idle timeout. */
    private void readToEnd(String name, Resource container, int lines, Options options, Consumer<LogLine> sink) {
        try (LogStream s = LogStream.open(rancher.containerLogs(container, false, Math.max(lines, 0)), name, options.connectTimeout(),
                sink)) {
            while (true) {
                try {
                    s.done().get(200, TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException e) {
                    if (s.idle().compareTo(options.idleTimeout()) > 0) {
                        throw new RancherApiException("GET", "log of " + name, 0, null, null,
                                "the log of " + name + " sent nothing for " + options.idleTimeout().toSeconds() + " s", null);
                    }
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RancherApiException r ? r
                            : new RancherApiException("GET", "log of " + name, 0, null, null, String.valueOf(e.getCause()), null);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployInterruptedException("interrupted while reading the log of " + name);
        }
    }
}
