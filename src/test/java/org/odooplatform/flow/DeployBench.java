package org.odooplatform.flow;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.simulator.RancherSimulator;

/**
 * Bench (run by bench/deploy-bench.sh, not a test): deploys the sample project against the
 * simulator with its transition delays set and prints, per scenario, the API requests made, the
 * requests rancher-compose makes for the same {@code up} (counted from docs/rancher-api.md §7 with its
 * 150 ms polling), the wall time, the simulator's configured convergence time, and our overhead.
 */
public final class DeployBench {

    private static final String SECRET = "bench-secret-key-0001";

    public static void main(String[] args) throws Exception {
        long t = args.length > 0 ? Long.parseLong(args[0]) : 500;
        long hc = args.length > 1 ? Long.parseLong(args[1]) : 500;
        Path dir = Files.createTempDirectory("deploy-bench");
        Path project = DeployFixtures.project(dir);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (RancherSimulator sim = RancherSimulator.builder().accessKey("bench").secretKey(SECRET)
                .transitionDelay(Duration.ofMillis(t)).healthCheckDelay(Duration.ofMillis(hc)).build().start()) {
            Supplier<Clients> clients = () -> Clients.of(() -> new RancherClient(RancherEndpoint.of(sim.baseUrl(), "bench", SECRET)), quiet);
            System.out.printf(Locale.ROOT, "simulator: transition %d ms, health check %d ms%n", t, hc);
            System.out.printf(Locale.ROOT, "%-34s %8s %14s %9s %12s %9s%n", "scenario", "requests", "rancher-compose",
                    "wall ms", "converge ms", "overhead");
            // warm-up: class loading and JIT would otherwise be billed to the first scenario
            DeployFlow.run(DeployFixtures.request(project, "integration", DeployFixtures.IMAGE_A).stack("warm-up").build(), clients.get());

            long create = t + Math.max(t, hc);                 // registering, then activating while health checks run
            long upgrade = t + Math.max(t, hc) + t;            // pull task, upgrading until healthy, finishing-upgrade
            long recreate = t + create;                        // removing, then create
            row(sim, "test: create from nothing", clients, DeployFixtures.request(project, "test", DeployFixtures.IMAGE_A),
                    create, rcCreate(4, t, hc));
            row(sim, "test: recreate db + new image", clients, DeployFixtures.request(project, "test", DeployFixtures.IMAGE_B)
                    .recreateDb(true), recreate, rcTestRecreate(t, hc));
            row(sim, "test: upgrade odoo (stop first)", clients, DeployFixtures.request(project, "test", DeployFixtures.IMAGE_A),
                    upgrade, rcUpgrade(1, 3, t, hc));
            row(sim, "integration: create from nothing", clients,
                    DeployFixtures.request(project, "integration", DeployFixtures.IMAGE_A), create, rcCreate(2, t, hc));
            row(sim, "integration: upgrade odoo", clients,
                    DeployFixtures.request(project, "integration", DeployFixtures.IMAGE_B), upgrade, rcUpgrade(1, 1, t, hc));
            row(sim, "integration: nothing to do", clients,
                    DeployFixtures.request(project, "integration", DeployFixtures.IMAGE_B), 0, rcUpgrade(0, 2, t, hc));
            row(sim, "prod: create from nothing", clients, DeployFixtures.request(project, "prod", DeployFixtures.IMAGE_A),
                    create, rcCreate(2, t, hc));
            row(sim, "prod: upgrade odoo", clients, DeployFixtures.request(project, "prod", DeployFixtures.IMAGE_B),
                    upgrade, rcUpgrade(1, 1, t, hc));
        }
    }

    private static void row(RancherSimulator sim, String name, Supplier<Clients> clients, DeployRequest.Builder request,
            long convergeMillis, long rancherCompose) {
        sim.clearRequests();
        long start = System.nanoTime();
        DeployFlow.run(request.timeout(Duration.ofMinutes(2)).build(), clients.get());
        long wall = (System.nanoTime() - start) / 1_000_000;
        int requests = sim.requests().size();
        if (System.getenv("BENCH_VERBOSE") != null) {
            sim.requests().forEach(r -> System.out.println("    " + r.method() + " " + r.path() + (r.query() == null ? "" : "?" + r.query())));
        }
        System.out.printf(Locale.ROOT, "%-34s %8d %14d %9d %12d %8d ms (%.2fx calls)%n", name, requests, rancherCompose, wall,
                convergeMillis, wall - convergeMillis, requests / (double) rancherCompose);
    }

    /** rancher-compose's Wait: the POST answer is transitioning, then a GET every 150 ms until it is not. */
    private static long polls(long millis) {
        return Math.max(1, (millis + 149) / 150);
    }

    /** Common start of every rancher-compose command: GET base, GET schemas, GET setting, GET stacks?name. */
    private static final int START = 4;

    /** {@code up -d} of a missing stack with n new services (docs/rancher-api.md §7 step 2: create + links + wait inactive, activate + wait). */
    static long rcCreate(int services, long t, long hc) {
        long perService = 1 + 1 + 1 + 2 + polls(t) + 1 + 1 + polls(t);
        return START + 2 /* GET stacks?removed_null, POST stack */ + services * perService;
    }

    /** {@code up --pull --recreate --confirm-upgrade -d}: upgraded services, unchanged ones (find + links + re-find). */
    static long rcUpgrade(int upgraded, int unchanged, long t, long hc) {
        long perUpgrade = 1 + 2 /* find, links */ + 1 + polls(t) /* pull */ + 1 /* re-find */ + 1 + polls(Math.max(t, hc))
                /* upgrade */ + 1 + 2 /* re-find, links */ + 1 + polls(t) /* finishupgrade */ + 1 /* up phase re-find */;
        long perUnchanged = 1 + 2 + 1;
        return START + upgraded * perUpgrade + unchanged * perUnchanged;
    }

    /** The master flow: {@code rm odoo db} (start + find + DELETE each), then {@code up --pull --recreate --force-recreate -c -d}. */
    static long rcTestRecreate(long t, long hc) {
        long rm = START + 2 * 2;
        long up = START + 2 * (1 + 1 + 1 + 2 + polls(t) + 1 + 1 + polls(t)) // odoo and db are new again
                + 2 * (1 + 2 + 1 + polls(t) + 1 + 1 /* PUT, forced */ + 1 + polls(Math.max(t, hc)) + 1 + 2 + 1 + polls(t) + 1);
        return rm + up;
    }
}
