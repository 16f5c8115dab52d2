package org.odooplatform.flow;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.rancher.RetryPolicy;

/**
 * The external systems a flow talks to and where it prints progress. The Rancher client is made
 * on first use, so a bad local input is reported before the environment is even looked at.
 *
 * @param pollInitial first wait between two polls (doubled by 1.5 up to {@code pollMax})
 * @param lockLease   how long a deploy lock lives without renewal (a killed deploy's lock expires)
 */
public record Clients(Supplier<Rancher> rancher, PrintStream out, Clock clock, Duration pollInitial, Duration pollMax,
        Duration lockLease, Duration lockSettle) {

    public static Clients fromEnvironment(Map<String, String> env, PrintStream out) {
        return fromEnvironment(env, out, false);
    }

    /** {@code allowPlainHttp}: send the API key over plain HTTP to a Rancher that is not on this machine. */
    public static Clients fromEnvironment(Map<String, String> env, PrintStream out, boolean allowPlainHttp) {
        return of(() -> new RancherClient(RancherEndpoint.fromEnvironment(env).requireSecureTransport(allowPlainHttp),
                RetryPolicy.fromEnvironment(env)).onNotice(line -> {
                    out.println("  " + line);
                    out.flush();
                }), out);
    }

    public static Clients of(Supplier<Rancher> rancher, PrintStream out) {
        return new Clients(memoize(rancher), out, Clock.systemUTC(), Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(90), Duration.ofMillis(200));
    }

    public Clients withTiming(Duration pollInitial, Duration pollMax, Duration lockLease, Duration lockSettle) {
        return new Clients(rancher, out, clock, pollInitial, pollMax, lockLease, lockSettle);
    }

    /**
     * The wait before the next poll: {@code pollInitial} first, then every 150 ms (rancher-compose's
     * pace) during the first 3 s, where most Rancher transitions end, then 1.5 times longer each time
     * up to {@code pollMax}, so a 15-minute health wait costs a few hundred requests, not thousands.
     */
    public java.time.Duration nextPoll(java.time.Duration waited, java.time.Duration previous) {
        if (previous == null) {
            return pollInitial;
        }
        java.time.Duration fast = java.time.Duration.ofMillis(Math.min(150, pollMax.toMillis()));
        if (waited.compareTo(java.time.Duration.ofSeconds(3)) < 0) {
            return fast;
        }
        long next = Math.max(fast.toMillis(), (long) (previous.toMillis() * 1.5));
        return java.time.Duration.ofMillis(Math.min(next, pollMax.toMillis()));
    }

    private static Supplier<Rancher> memoize(Supplier<Rancher> supplier) {
        return new Supplier<>() {
            private Rancher value;

            @Override
            public synchronized Rancher get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
