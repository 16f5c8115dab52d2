package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.odooplatform.common.OperationFailedException;

/**
 * Polls a stack's services (one list request per poll, whatever the number of services) with
 * backoff until each watched service reaches its {@link Goal}, one fails, or the deadline passes.
 * Prints a progress line whenever a watched service's state or health changes.
 *
 * <p>How Cattle reports health decides the rules (docs/rancher-api.md §5): the service-level
 * {@code healthState} counts only the running managed instances and is recomputed lazily, so
 * during an upgrade it is judged from the new-version instances instead, and an unhealthy or
 * {@code transitioning: error} reading fails a wait only once it has lasted the health grace.
 */
public final class ServiceWaiter {

    /** An upgrade still running after this also gets its new containers' health read on each poll. */
    static final Duration CONTAINER_CHECK_AFTER = Duration.ofSeconds(5);

    private static final Set<String> HEALTHY = Set.of("healthy", "started-once");
    private static final String PRIMARY_LAUNCH_CONFIG = "io.rancher.service.primary.launch.config";

    /** Where a watched service should get. */
    public enum Goal {
        /** created, scaled, activated or rolled back: active, settled, healthy */
        ACTIVE_HEALTHY("active and healthy"),
        /** after upgrade: upgraded, its new-version containers healthy (the old ones are kept for rollback) */
        UPGRADED_HEALTHY("upgraded and healthy"),
        /** after finishupgrade: active and settled */
        ACTIVE("active"),
        /** no process running, whatever the state */
        SETTLED("settled"),
        /** removed (gone from the list of non-removed services) */
        REMOVED("removed"),
        /** after deactivate: inactive and settled (its containers stopped) */
        INACTIVE("inactive");

        final String text;

        Goal(String text) {
            this.text = text;
        }
    }

    /** A watched service failed or the deadline passed; carries the last state of every service. */
    public static final class WaitFailed extends OperationFailedException {
        private final transient Map<String, Resource> last;
        private final String service;

        WaitFailed(String message, String service, Map<String, Resource> last) {
            super(message);
            this.service = service;
            this.last = last;
        }

        /** The service that failed, null on a time-out. */
        public String service() {
            return service;
        }

        public Map<String, Resource> last() {
            return last;
        }
    }

    private enum Verdict { DONE, WAIT, FAIL }

    private final Rancher rancher;
    private final Polling polling;
    private final Consumer<String> progress;
    private Runnable whileWaiting = () -> { };
    private List<Resource> lastList = List.of();

    ServiceWaiter(Rancher rancher, Polling polling, Consumer<String> progress) {
        this.rancher = rancher;
        this.polling = polling;
        this.progress = progress;
    }

    /** Runs on every poll (the stack lock's renewal). */
    void whileWaiting(Runnable task) {
        this.whileWaiting = task;
    }

    /** The stack's services as the last poll saw them. */
    List<Resource> lastList() {
        return lastList;
    }

    Map<String, Resource> await(Resource stack, Collection<String> names, Goal goal, Instant deadline) {
        Map<String, String> shown = new LinkedHashMap<>();
        Map<String, Instant> troubleSince = new HashMap<>();
        Instant start = polling.clock().instant();
        Duration delay = null;
        while (true) {
            Map<String, Resource> byName = new LinkedHashMap<>();
            lastList = rancher.services(stack);
            lastList.forEach(s -> byName.put(s.name().toLowerCase(Locale.ROOT), s));
            Map<String, Resource> watched = new LinkedHashMap<>();
            boolean allDone = true;
            Instant now = polling.clock().instant();
            for (String name : names) {
                Resource s = byName.get(name.toLowerCase(Locale.ROOT));
                watched.put(name, s);
                String shownState = describe(s);
                if (!shownState.equals(shown.get(name))) {
                    progress.accept(name + ": " + shownState);
                    shown.put(name, shownState);
                }
                Judgement j = judge(s, goal, Duration.between(start, now));
                if (j.trouble == null) {
                    troubleSince.remove(name);
                } else {
                    Instant since = troubleSince.computeIfAbsent(name, n -> now);
                    if (!Duration.between(since, now).minus(polling.healthGrace()).isNegative()) {
                        throw new WaitFailed(name + (j.trouble.startsWith("'") ? "" : " ") + j.trouble, name, watched);
                    }
                }
                if (j.verdict == Verdict.FAIL) {
                    throw new WaitFailed(name + " " + j.failure, name, watched);
                }
                allDone &= j.verdict == Verdict.DONE;
            }
            if (allDone) {
                return watched;
            }
            if (!polling.clock().instant().isBefore(deadline)) {
                String pending = String.join(", ", names.stream().filter(n -> judge(watched.get(n), goal, Duration.ZERO)
                        .verdict != Verdict.DONE).map(n -> n + " (" + describe(watched.get(n)) + ")").toList());
                throw new WaitFailed("timed out waiting for " + pending + " to be " + goal.text, null, watched);
            }
            whileWaiting.run();
            delay = polling.next(Duration.between(start, polling.clock().instant()), delay);
            Duration left = Duration.between(polling.clock().instant(), deadline);
            Polling.sleep(delay.compareTo(left) < 0 ? delay : left.plusMillis(1));
        }
    }

    /**
     * @param trouble a reading that fails the wait once it has lasted the health grace
     * @param failure why the service can no longer reach the goal (verdict FAIL)
     */
    private record Judgement(Verdict verdict, String trouble, String failure) {
        static Judgement done() {
            return new Judgement(Verdict.DONE, null, null);
        }

        static Judgement waiting(String trouble) {
            return new Judgement(Verdict.WAIT, trouble, null);
        }

        static Judgement fail(String failure) {
            return new Judgement(Verdict.FAIL, null, failure);
        }
    }

    private Judgement judge(Resource s, Goal goal, Duration waited) {
        if (s == null) {
            return goal == Goal.REMOVED || goal == Goal.SETTLED ? Judgement.done() : Judgement.fail("is gone");
        }
        if (goal == Goal.REMOVED) {
            return s.isGone() ? Judgement.done() : Judgement.waiting(null);
        }
        if (s.isInError()) {
            // Cattle retries a failed process step: an error is final only when it lasts
            return Judgement.waiting("failed in Rancher: " + s.state() + ", " + s.transitioningMessage());
        }
        boolean settled = !s.isTransitioning();
        String state = s.state();
        boolean healthy = HEALTHY.contains(s.healthState());
        return switch (goal) {
            case SETTLED -> settled ? Judgement.done() : Judgement.waiting(null);
            case ACTIVE -> !settled ? Judgement.waiting(null) : "active".equals(state) ? Judgement.done()
                    : Judgement.fail(endedInstead(s, goal));
            case ACTIVE_HEALTHY -> {
                if (!settled) {
                    yield Judgement.waiting(null);
                }
                if (!"active".equals(state)) {
                    yield Judgement.fail(endedInstead(s, goal));
                }
                if (healthy) {
                    yield Judgement.done();
                }
                // right after `active` the health may still be the value computed at creation
                yield Judgement.waiting("unhealthy".equals(s.healthState())
                        ? "has unhealthy containers (state " + state + ")" : null);
            }
            case UPGRADED_HEALTHY -> judgeUpgrade(s, settled, healthy, waited);
            case INACTIVE -> !settled ? Judgement.waiting(null) : "inactive".equals(state) ? Judgement.done()
                    : Judgement.fail(endedInstead(s, goal));
            case REMOVED -> throw new IllegalStateException();
        };
    }

    /*
     * During an in-service upgrade the service-level health says nothing useful: with stop first
     * the old containers are stopped before the new ones start, so a scale-1 service reads
     * `unhealthy` until they run. Cattle itself waits for the new-version containers to be healthy
     * before it ends the upgrade, so `upgraded` plus healthy new containers is success, and new
     * containers Rancher marked unhealthy are the failure (after the grace: Cattle may recreate them).
     */
    private Judgement judgeUpgrade(Resource s, boolean settled, boolean healthy, Duration waited) {
        String state = s.state();
        boolean upgrading = "upgrading".equals(state);
        if (settled && !upgrading && !"upgraded".equals(state)) {
            return Judgement.fail(endedInstead(s, Goal.UPGRADED_HEALTHY));
        }
        boolean upgradedNow = settled && "upgraded".equals(state);
        if (upgradedNow && healthy) {
            return Judgement.done();
        }
        // while `upgrading`, Cattle's own gate waits for the new containers: they are read only once
        // the upgrade takes long (a quick upgrade costs no request), or when `upgraded` reads unhealthy
        boolean look = upgradedNow || !waited.minus(CONTAINER_CHECK_AFTER).isNegative();
        if (!look) {
            return Judgement.waiting(null);
        }
        List<Resource> fresh = newVersionInstances(s);
        List<String> unhealthy = fresh.stream().filter(i -> "running".equals(i.state()) && "unhealthy".equals(i.healthState()))
                .map(Resource::name).toList();
        if (!unhealthy.isEmpty()) {
            return Judgement.waiting("'s new containers failed their health check (" + String.join(", ", unhealthy)
                    + "; state " + state + ")");
        }
        boolean allHealthy = !fresh.isEmpty() && fresh.stream().allMatch(i -> "running".equals(i.state())
                && (i.healthState() == null || HEALTHY.contains(i.healthState()) || "updating-healthy".equals(i.healthState())));
        return upgradedNow && allHealthy ? Judgement.done() : Judgement.waiting(null);
    }

    /*
     * An instance is of the new version when its `version` equals the version Cattle stamped on its
     * launch config at the upgrade (ServiceUpgradeValidationFilter); the launch config is named by
     * the label io.rancher.service.launch.config. Without a version, the image tells.
     */
    private List<Resource> newVersionInstances(Resource service) {
        Map<String, JsonNode> configs = new HashMap<>();
        configs.put(PRIMARY_LAUNCH_CONFIG, service.get("launchConfig"));
        service.get("secondaryLaunchConfigs").forEach(lc -> configs.put(lc.path("name").asText(), lc));
        return rancher.instances(service).stream().filter(i -> !i.isRemoved()).filter(i -> {
            String lcName = i.get("labels").path("io.rancher.service.launch.config").asText(PRIMARY_LAUNCH_CONFIG);
            JsonNode lc = configs.get(lcName);
            if (lc == null) {
                return false;
            }
            String version = i.text("version");
            String wanted = lc.path("version").textValue();
            if (version != null && wanted != null) {
                return version.equals(wanted);
            }
            return lc.path("imageUuid").asText("").equals(i.text("imageUuid"));
        }).toList();
    }

    private static String endedInstead(Resource s, Goal goal) {
        return "ended " + s.state() + " instead of " + goal.text;
    }

    /** {@code state[ (in progress)|(error: msg)][, health h]}: how progress lines show a service. */
    public static String describe(Resource s) {
        if (s == null) {
            return "gone";
        }
        StringBuilder text = new StringBuilder(s.state());
        if (s.isTransitioning()) {
            text.append(" (in progress)");
        } else if (s.isInError()) {
            text.append(" (error: ").append(s.transitioningMessage()).append(')');
        }
        if (s.healthState() != null && !s.isRemoved()) {
            text.append(", health ").append(s.healthState());
        }
        return text.toString();
    }
}
