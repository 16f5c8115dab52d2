package org.odooplatform.rancher;

import java.time.Duration;

/**
 * How transient API faults are retried: up to {@code attempts} tries, waiting {@code initialDelay}
 * doubled each time up to {@code maxDelay}. {@code requestTimeout} bounds each HTTP request
 * (go-rancher uses 10 s).
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay, Duration requestTimeout) {

    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    public Duration delay(int attempt) {
        long millis = initialDelay.toMillis() << Math.min(attempt, 16);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    public RetryPolicy withRequestTimeout(Duration timeout) {
        return new RetryPolicy(attempts, initialDelay, maxDelay, timeout);
    }
}
