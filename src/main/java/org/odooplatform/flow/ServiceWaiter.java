package org.odooplatform.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.StackLock;

/**
 * Polls a stack's services (one list request per poll, whatever the number of services) with
 * backoff until each watched service reaches its goal, one fails, or the deadline passes.
 * Prints a progress line whenever a watched service's state or health changes.
 */
final class ServiceWaiter {

    enum Verdict { DONE, WAIT, FAIL }

    /** An upgrade that is not done by then gets its new containers' health read on each poll. */
    static final Duration CONTAINER_CHECK_AFTER = Duration.ofSeconds(5);

    /** When a service is where we want it, or cannot get there. */
    enum Goal {
        /** created or scaled or activated: active, settled, healthy */
        ACTIVE_HEALTHY,
        /** after upgrade: upgraded and healthy (Rancher keeps the old containers for rollback) */
        UPGRADED_HEALTHY,
        /** after finishupgrade or rollback: active and settled */
        ACTIVE,
        /** no process running, whatever the state */
        SETTLED,
        /** removed (gone from the list of non-removed services) */
        REMOVED;

        Verdict judge(Resource s) {
            if (s == null) {
                return this == REMOVED || this == SETTLED ? Verdict.DONE : Verdict.WAIT;
            }
            if (s.isInError() && this != REMOVED) {
                return Verdict.FAIL;
            }
            boolean settled = !s.isTransitioning();
            String state = s.state();
            boolean healthy = "healthy".equals(s.healthState()) || "started-once".equals(s.healthState());
            boolean unhealthy = "unhealthy".equals(s.healthState());
            return switch (this) {
                case REMOVED -> s.isGone() ? Verdict.DONE : Verdict.WAIT;
                case SETTLED -> settled ? Verdict.DONE : Verdict.WAIT;
                case ACTIVE -> settled && "active".equals(state) ? Verdict.DONE
                        : settled && !"active".equals(state) ? Verdict.FAIL : Verdict.WAIT;
                case ACTIVE_HEALTHY -> settled && "active".equals(state) && healthy ? Verdict.DONE
                        : unhealthy && settled ? Verdict.FAIL
                        : settled && !"active".equals(state) ? Verdict.FAIL : Verdict.WAIT;
                case UPGRADED_HEALTHY -> settled && "upgraded".equals(state) && healthy ? Verdict.DONE
                        : unhealthy ? Verdict.FAIL
                        : settled && !"upgraded".equals(state) ? Verdict.FAIL : Verdict.WAIT;
            };
        }
    }

    /** A watched service failed or the deadline passed; carries the last state of every service. */
    static final class WaitFailed extends OperationFailedException {
        final Map<String, Resource> last;
        final String service;

        WaitFailed(String message, String service, Map<String, Resource> last) {
            super(message);
            this.service = service;
            this.last = last;
        }
    }

    private final Rancher rancher;
    private final Clock clock;
    private final Progress progress;
    private final Clients clients;
    private StackLock lock;
    private List<Resource> lastList = List.of();

    ServiceWaiter(Rancher rancher, Clients clients, Progress progress) {
        this.rancher = rancher;
        this.clock = clients.clock();
        this.progress = progress;
        this.clients = clients;
    }

    void renewing(StackLock lock) {
        this.lock = lock;
    }

    Map<String, Resource> await(Resource stack, Collection<String> names, Goal goal, Instant deadline) {
        Map<String, String> shown = new LinkedHashMap<>();
        Instant start = clock.instant();
        Duration delay = null;
        while (true) {
            Map<String, Resource> byName = new LinkedHashMap<>();
            lastList = rancher.services(stack);
            for (Resource s : lastList) {
                byName.put(s.name().toLowerCase(Locale.ROOT), s);
            }
            Map<String, Resource> watched = new LinkedHashMap<>();
            boolean allDone = true;
            for (String name : names) {
                Resource s = byName.get(name.toLowerCase(Locale.ROOT));
                watched.put(name, s);
                String shownState = describe(s);
                if (!shownState.equals(shown.get(name))) {
                    progress.line(name + ": " + shownState);
                    shown.put(name, shownState);
                }
                Verdict verdict = goal.judge(s);
                if (verdict == Verdict.FAIL) {
                    throw new WaitFailed(name + " " + failure(s, goal), name, watched);
                }
                if (verdict == Verdict.WAIT && goal == Goal.UPGRADED_HEALTHY && "upgrading".equals(s.state())
                        && !Duration.between(start, clock.instant()).minus(CONTAINER_CHECK_AFTER).isNegative()) {
                    failIfNewContainersUnhealthy(name, s, watched);
                }
                allDone &= verdict == Verdict.DONE;
            }
            if (allDone) {
                return watched;
            }
            if (!clock.instant().isBefore(deadline)) {
                String pending = String.join(", ", names.stream().filter(n -> goal.judge(watched.get(n)) != Verdict.DONE)
                        .map(n -> n + " (" + describe(watched.get(n)) + ")").toList());
                throw new WaitFailed("timed out waiting for " + pending + " to be " + goalText(goal), null, watched);
            }
            if (lock != null) {
                lock.renewIfDue();
            }
            delay = clients.nextPoll(Duration.between(start, clock.instant()), delay);
            Duration left = Duration.between(clock.instant(), deadline);
            sleep(delay.compareTo(left) < 0 ? delay : left.plusMillis(1));
        }
    }

    /*
     * With start-first the old containers keep the service healthy while the new ones fail their
     * health check, and Cattle keeps the service `upgrading` for ever (rancher/rancher#4240): only
     * the containers tell. A running container of the new image that Rancher has marked unhealthy
     * (after unhealthy_threshold failed checks) fails the upgrade now, instead of at --timeout.
     * Read only once an upgrade has taken CONTAINER_CHECK_AFTER: a quick upgrade costs no request.
     */
    private void failIfNewContainersUnhealthy(String name, Resource service, Map<String, Resource> watched) {
        String newImage = service.json().path("launchConfig").path("imageUuid").asText(null);
        List<String> unhealthy = rancher.instances(service).stream()
                .filter(i -> "running".equals(i.state()) && "unhealthy".equals(i.healthState()))
                .filter(i -> newImage != null && newImage.equals(i.text("imageUuid")))
                .map(Resource::name).toList();
        if (!unhealthy.isEmpty()) {
            throw new WaitFailed(name + "'s new containers failed their health check (" + String.join(", ", unhealthy)
                    + "; state " + service.state() + ")", name, watched);
        }
    }

    /** The stack's services as the last poll saw them. */
    List<Resource> lastList() {
        return lastList;
    }

    static String describe(Resource s) {
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

    private static String failure(Resource s, Goal goal) {
        if (s.isInError()) {
            return "failed in Rancher: " + s.state() + ", " + s.transitioningMessage();
        }
        if ("unhealthy".equals(s.healthState())) {
            return "has unhealthy containers (state " + s.state() + ")";
        }
        return "ended " + s.state() + " instead of " + goalText(goal);
    }

    static String goalText(Goal goal) {
        return switch (goal) {
            case ACTIVE_HEALTHY -> "active and healthy";
            case UPGRADED_HEALTHY -> "upgraded and healthy";
            case ACTIVE -> "active";
            case SETTLED -> "settled";
            case REMOVED -> "removed";
        };
    }

    static Set<String> unsettled(List<Resource> services) {
        Set<String> names = new java.util.LinkedHashSet<>();
        services.stream().filter(Resource::isTransitioning).forEach(s -> names.add(s.name()));
        return names;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.odooplatform.rancher.DeployInterruptedException("interrupted while waiting");
        }
    }
}
