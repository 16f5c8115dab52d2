package org.odooplatform.rancher;

import java.time.Clock;
import java.time.Duration;

/**
 * How the engine polls Rancher while it waits: {@code initial} first, then every 150 ms
 * (rancher-compose's pace, rancher/wait.go) during the first 3 s, where most Cattle transitions end,
 * then 1.5 times longer each time up to {@code max}, so a 15-minute health wait costs a few hundred
 * requests, not thousands.
 *
 * @param healthGrace how long an unhealthy reading (or a {@code transitioning: error}, which Cattle
 *                    retries) is tolerated before it fails the wait: a stale service health right
 *                    after creation, a new container Cattle is about to recreate
 */
public record Polling(Clock clock, Duration initial, Duration max, Duration healthGrace) {

    public static final Duration DEFAULT_HEALTH_GRACE = Duration.ofSeconds(30);

    public Duration next(Duration waited, Duration previous) {
        if (previous == null) {
            return initial;
        }
        Duration fast = Duration.ofMillis(Math.min(150, max.toMillis()));
        if (waited.compareTo(Duration.ofSeconds(3)) < 0) {
            return fast;
        }
        long next = Math.max(fast.toMillis(), (long) (previous.toMillis() * 1.5));
        return Duration.ofMillis(Math.min(next, max.toMillis()));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployInterruptedException("interrupted while waiting");
        }
    }
}
