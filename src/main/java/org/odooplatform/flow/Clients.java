package org.odooplatform.flow;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.odooplatform.rancher.Polling;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.rancher.RetryPolicy;

/**
 * The external systems a flow talks to and where it prints progress. The Rancher client is made
 * on first use, so a bad local input is reported before the environment is even looked at.
 *
 * @param pollInitial first wait between two polls (see {@link Polling})
 * @param lockLease   how long a deploy lock lives without renewal (a killed deploy's lock expires)
 * @param healthGrace how long an unhealthy reading is tolerated before it fails a wait
 * @param database    how a deploy reaches the instance databases; empty: no database access configured
 */
public record Clients(Supplier<Rancher> rancher, PrintStream out, Clock clock, Duration pollInitial, Duration pollMax,
        Duration lockLease, Duration lockSettle, Duration healthGrace, Optional<DatabaseAccess> database) {

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
                Duration.ofSeconds(90), Duration.ofMillis(200), Polling.DEFAULT_HEALTH_GRACE, Optional.empty());
    }

    public Clients withTiming(Duration pollInitial, Duration pollMax, Duration lockLease, Duration lockSettle) {
        return new Clients(rancher, out, clock, pollInitial, pollMax, lockLease, lockSettle, healthGrace, database);
    }

    public Clients withHealthGrace(Duration grace) {
        return new Clients(rancher, out, clock, pollInitial, pollMax, lockLease, lockSettle, grace, database);
    }

    public Clients withDatabase(Optional<DatabaseAccess> access) {
        return new Clients(rancher, out, clock, pollInitial, pollMax, lockLease, lockSettle, healthGrace, access);
    }

    public Polling polling() {
        return new Polling(clock, pollInitial, pollMax, healthGrace);
    }

    /** The wait before the next poll (see {@link Polling#next}). */
    public Duration nextPoll(Duration waited, Duration previous) {
        return polling().next(waited, previous);
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
