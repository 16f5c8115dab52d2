package org.odooplatform.rancher;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;

/**
 * How transient API faults are retried: up to {@code attempts} tries, waiting {@code initialDelay}
 * doubled each time up to {@code maxDelay}. {@code requestTimeout} bounds each HTTP request
 * (go-rancher uses 10 s).
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay, Duration requestTimeout) {

    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    /** The environment variable that sets {@link #requestTimeout()}: {@value}. */
    public static final String TIMEOUT_VARIABLE = "RANCHER_TIMEOUT";

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s|m)?");

    /**
     * The defaults, with the request time-out from {@value #TIMEOUT_VARIABLE} when set
     * ({@code 30s}, {@code 2m}, {@code 500ms}, or plain seconds).
     */
    public static RetryPolicy fromEnvironment(Map<String, String> env) {
        RetryPolicy policy = defaults();
        String text = env.get(TIMEOUT_VARIABLE);
        if (text == null || text.isBlank()) {
            return policy;
        }
        Matcher m = DURATION.matcher(text.trim());
        Duration timeout = null;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            timeout = unit.equals("ms") ? Duration.ofMillis(n) : unit.equals("m") ? Duration.ofMinutes(n) : Duration.ofSeconds(n);
        }
        if (timeout == null || timeout.toMillis() < 100 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new BadInputException(TIMEOUT_VARIABLE + " '" + text + "': expected a duration between 100ms and 60m"
                    + " such as 10s (the default) or 2m");
        }
        return policy.withRequestTimeout(timeout);
    }

    public Duration delay(int attempt) {
        long millis = initialDelay.toMillis() << Math.min(attempt, 16);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    public RetryPolicy withRequestTimeout(Duration timeout) {
        return new RetryPolicy(attempts, initialDelay, maxDelay, timeout);
    }
}
