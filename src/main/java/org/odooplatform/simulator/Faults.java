package org.odooplatform.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fault injection. Every method is thread-safe and takes effect on the next matching request.
 * Request faults are consumed in the order they were added; a request consumes at most one of
 * each kind (fail, drop, delay).
 */
public final class Faults {

    /** What the HTTP front does with one request. */
    record Decision(int failStatus, boolean dropBefore, boolean dropAfter, long delayMillis) {
    }

    private static final class Rule {
        int remaining;
        final int status;
        final String method;
        final Pattern path;
        final long delayMillis;

        Rule(int remaining, int status, String method, String pathRegex, long delayMillis) {
            this.remaining = remaining;
            this.status = status;
            this.method = method == null ? null : method.toUpperCase(Locale.ROOT);
            this.path = pathRegex == null ? null : Pattern.compile(pathRegex);
            this.delayMillis = delayMillis;
        }

        boolean matches(String m, String p) {
            return remaining > 0 && (method == null || method.equals(m)) && (path == null || path.matcher(p).find());
        }
    }

    private final List<Rule> failures = new ArrayList<>();
    private final List<Rule> drops = new ArrayList<>();
    private final List<Rule> lateDrops = new ArrayList<>();
    private final List<Rule> delays = new ArrayList<>();
    private final Set<String> unhealthyAfterUpgrade = new HashSet<>();
    private final Set<String> unhealthyOnStart = new HashSet<>();
    /** stack/service -> what runs when an upgrade starts new containers of that service. */
    private final java.util.Map<String, Runnable> onUpgradeStart = new java.util.HashMap<>();
    private final List<String> failingPulls = new ArrayList<>();
    /** host name (lower case) -> image substrings whose pull fails on that host only. */
    private final java.util.Map<String, List<String>> failingPullsOnHost = new java.util.LinkedHashMap<>();
    private volatile boolean frozen;
    private final Runnable onChange;

    Faults(Runnable onChange) {
        this.onChange = onChange;
    }

    /** The next {@code count} requests get {@code status} (500, 503, ...) and change nothing. */
    public synchronized Faults failNext(int count, int status) {
        return failNext(count, status, null, null);
    }

    /**
     * Same, only for requests whose method equals {@code method} (null = any) and whose path, with
     * its {@code ?query} when there is one, contains a match of {@code pathRegex} (null = any):
     * {@code failNext(1, 503, "POST", "action=finishupgrade")}.
     */
    public synchronized Faults failNext(int count, int status, String method, String pathRegex) {
        failures.add(new Rule(count, status, method, pathRegex, 0));
        return this;
    }

    /** The next {@code count} connections are closed before the request is handled: no response, no effect. */
    public synchronized Faults dropNextConnections(int count) {
        return dropNextConnections(count, null, null);
    }

    public synchronized Faults dropNextConnections(int count, String method, String pathRegex) {
        drops.add(new Rule(count, 0, method, pathRegex, 0));
        return this;
    }

    /**
     * The next {@code count} matching requests are handled (their effect happens) but the connection
     * is closed instead of answering: the case where a client cannot know whether its call worked.
     */
    public synchronized Faults dropNextResponses(int count, String method, String pathRegex) {
        lateDrops.add(new Rule(count, 0, method, pathRegex, 0));
        return this;
    }

    /** The next {@code count} requests are handled, then answered only after {@code delay}. */
    public synchronized Faults delayNext(int count, Duration delay) {
        return delayNext(count, delay, null, null);
    }

    public synchronized Faults delayNext(int count, Duration delay, String method, String pathRegex) {
        delays.add(new Rule(count, 0, method, pathRegex, delay.toMillis()));
        return this;
    }

    /**
     * From now on, the containers created by an upgrade of this service end {@code unhealthy}, so
     * the service stays {@code upgrading} (transitioning yes) forever, as Cattle does
     * ({@code UpgradeManagerImpl.waitForHealthyState} waits without a deadline).
     */
    public synchronized Faults unhealthyAfterUpgrade(String stackName, String serviceName) {
        unhealthyAfterUpgrade.add(key(stackName, serviceName));
        return this;
    }

    /**
     * From now on, {@code hook} runs each time an in-service upgrade of this service starts new
     * containers, before they are reported: what the new image does when it starts (for Odoo, the
     * entrypoint runs marabunta, which migrates the database). A test's hook changes the outside
     * world (e.g. a real database) exactly as that start would.
     */
    public synchronized Faults onUpgradeStart(String stackName, String serviceName, Runnable hook) {
        onUpgradeStart.put(key(stackName, serviceName), hook);
        return this;
    }

    /**
     * From now on, containers that activate or a scale-up creates for this service end
     * {@code unhealthy}: a new service that never becomes healthy.
     */
    public synchronized Faults unhealthyOnStart(String stackName, String serviceName) {
        unhealthyOnStart.add(key(stackName, serviceName));
        return this;
    }

    /**
     * Pulls of an image whose reference contains this text fail on every host: a pull task writes the
     * error into each host's {@code status} (and still ends {@code active}); a container start
     * (activate, upgrade) fails with {@code transitioning: error} and is retried until the fault is cleared.
     */
    public synchronized Faults failPull(String imageSubstring) {
        failingPulls.add(imageSubstring);
        return this;
    }

    /** Same, on the host of that name only (the other hosts pull fine). */
    public synchronized Faults failPullOn(String hostName, String imageSubstring) {
        failingPullsOnHost.computeIfAbsent(hostName.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(imageSubstring);
        return this;
    }

    /** While frozen no transition advances: a resource stays in its transitioning state. */
    public Faults freezeTransitions(boolean freeze) {
        this.frozen = freeze;
        onChange.run();
        return this;
    }

    /** Removes every fault (a frozen simulator is unfrozen). */
    public synchronized Faults clear() {
        failures.clear();
        drops.clear();
        lateDrops.clear();
        delays.clear();
        unhealthyAfterUpgrade.clear();
        unhealthyOnStart.clear();
        onUpgradeStart.clear();
        failingPulls.clear();
        failingPullsOnHost.clear();
        frozen = false;
        return this;
    }

    public boolean frozen() {
        return frozen;
    }

    synchronized boolean upgradeEndsUnhealthy(String stackName, String serviceName) {
        return unhealthyAfterUpgrade.contains(key(stackName, serviceName));
    }

    synchronized Runnable upgradeStartHook(String stackName, String serviceName) {
        return onUpgradeStart.get(key(stackName, serviceName));
    }

    synchronized boolean startEndsUnhealthy(String stackName, String serviceName) {
        return unhealthyOnStart.contains(key(stackName, serviceName));
    }

    synchronized boolean pullFails(String image) {
        if (image == null) {
            return false;
        }
        return failingPulls.stream().anyMatch(image::contains);
    }

    synchronized boolean pullFails(String hostName, String image) {
        if (image == null) {
            return false;
        }
        if (pullFails(image)) {
            return true;
        }
        List<String> onHost = hostName == null ? null : failingPullsOnHost.get(hostName.toLowerCase(Locale.ROOT));
        return onHost != null && onHost.stream().anyMatch(image::contains);
    }

    synchronized Decision decide(String method, String path) {
        int fail = take(failures, method, path).map(r -> r.status).orElse(0);
        boolean dropBefore = fail == 0 && take(drops, method, path).isPresent();
        boolean dropAfter = fail == 0 && !dropBefore && take(lateDrops, method, path).isPresent();
        long delay = take(delays, method, path).map(r -> r.delayMillis).orElse(0L);
        return new Decision(fail, dropBefore, dropAfter, delay);
    }

    private static java.util.Optional<Rule> take(List<Rule> rules, String method, String path) {
        for (Iterator<Rule> it = rules.iterator(); it.hasNext();) {
            Rule rule = it.next();
            if (rule.remaining <= 0) {
                it.remove();
                continue;
            }
            if (rule.matches(method, path)) {
                rule.remaining--;
                return java.util.Optional.of(rule);
            }
        }
        return java.util.Optional.empty();
    }

    private static String key(String stack, String service) {
        return stack.toLowerCase(Locale.ROOT) + "/" + service.toLowerCase(Locale.ROOT);
    }
}
