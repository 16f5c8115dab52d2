package org.odooplatform.flow;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.rancher.RetryPolicy;
import org.odooplatform.simulator.RancherSimulator;

/** A simulator on 127.0.0.1 and clients pointed at it over real HTTP, with output captured unmasked. */
public final class SimulatorHarness implements AutoCloseable {

    public static final String ACCESS_KEY = "ak-deploy-tests";
    /** A key pair of Cattle's read-user role, which the simulator also accepts. */
    public static final String READ_ONLY_ACCESS_KEY = "ak-read-only";
    public static final String READ_ONLY_SECRET = "canary-read-only-secret-7c2e91";

    public final RancherSimulator sim;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    /** Not masked: a test of what the engine itself prints must not be helped by the console masker. */
    private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);

    public SimulatorHarness(Duration transitionDelay, Duration healthCheckDelay) {
        this(transitionDelay, healthCheckDelay, null);
    }

    /** @param healthUpdateDelay how late Cattle's deferred health recompute lands (null: the simulator's default) */
    public SimulatorHarness(Duration transitionDelay, Duration healthCheckDelay, Duration healthUpdateDelay) {
        RancherSimulator.Builder builder = RancherSimulator.builder().accessKey(ACCESS_KEY).secretKey(DeployFixtures.RANCHER_SECRET)
                .readOnlyKey(READ_ONLY_ACCESS_KEY, READ_ONLY_SECRET)
                .transitionDelay(transitionDelay).healthCheckDelay(healthCheckDelay);
        if (healthUpdateDelay != null) {
            builder.healthUpdateDelay(healthUpdateDelay);
        }
        sim = builder.build().start();
    }

    public SimulatorHarness() {
        this(Duration.ofMillis(30), Duration.ofMillis(60));
    }

    public Map<String, String> env() {
        return Map.of("RANCHER_URL", sim.baseUrl(), "RANCHER_ACCESS_KEY", ACCESS_KEY, "RANCHER_SECRET_KEY", DeployFixtures.RANCHER_SECRET);
    }

    public Clients clients() {
        return clients(DeployFixtures.RANCHER_SECRET);
    }

    public Clients clients(String secretKey) {
        RancherEndpoint endpoint = RancherEndpoint.of(sim.baseUrl(), ACCESS_KEY, secretKey);
        RetryPolicy retry = new RetryPolicy(8, Duration.ofMillis(20), Duration.ofMillis(300), Duration.ofSeconds(10));
        return Clients.of(() -> new RancherClient(endpoint, retry), out)
                .withTiming(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(50))
                .withHealthGrace(Duration.ofMillis(300));
    }

    /** Everything printed so far, unmasked. */
    public String output() {
        out.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sim.close();
    }
}
