package org.odooplatform.flow.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.odooplatform.flow.SimulatorHarness;
import org.odooplatform.flow.StatusReport;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;

/**
 * bench/fleet-status-bench.sh: the requests and time {@code status --all} costs for N projects (3 stacks
 * each, odoo + db + nginx services, a deploy record per stack) on the simulator, against the baseline
 * of asking every stack the way {@code status --instance} does (one CLI run per stack).
 */
public final class FleetStatusBench {

    public static void main(String[] args) {
        int projects = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        try (SimulatorHarness h = new SimulatorHarness(Duration.ofMillis(5), Duration.ofMillis(5))) {
            Rancher seeder = h.clients().rancher().get();
            long t0 = System.nanoTime();
            int services = 0;
            for (int p = 0; p < projects; p++) {
                String client = String.format("client%03d", p);
                for (String instance : new String[] {"test", "integration", "prod"}) {
                    // every fifth project has prod one release behind integration
                    String version = "10." + (p % 7) + "." + (instance.equals("prod") && p % 5 == 0 ? 0 : 1);
                    FleetFixture.stack(h.sim, seeder, client, instance, version, client + "-" + version, null, null);
                    h.sim.seedService(client + "-odoo-" + instance, "nginx", "camptocamp/odoo-nginx:1.1", Map.of());
                    services += 3;
                }
            }
            System.out.printf("seeded %d projects: %d stacks, %d services (+%d ms)%n", projects, projects * 3, services,
                    (System.nanoTime() - t0) / 1_000_000);

            h.sim.clearRequests();
            long start = System.nanoTime();
            FleetReport report = FleetStatus.read(h.clients().rancher().get(), h.sim.baseUrl(), Clock.systemUTC());
            long fleetMs = (System.nanoTime() - start) / 1_000_000;
            int fleetRequests = h.sim.requests().size();

            h.sim.clearRequests();
            start = System.nanoTime();
            int naive = 0;
            Rancher lister = h.clients().rancher().get();
            int before = lister.requestCount();
            for (Resource stack : lister.stacks()) {
                Rancher fresh = h.clients().rancher().get(); // one CLI run per stack: bootstrap each time
                StatusReport.of(fresh, stack.name());
                naive += fresh.requestCount();
            }
            naive += lister.requestCount() - before;
            long naiveMs = (System.nanoTime() - start) / 1_000_000;

            System.out.printf("%-44s %9s %9s%n", "", "requests", "time");
            System.out.printf("%-44s %9d %7d ms%n", "status --all (" + report.stacks().size() + " stacks, "
                    + report.drift().size() + " drift flags)", fleetRequests, fleetMs);
            System.out.printf("%-44s %9d %7d ms%n", "baseline: status --stack, once per stack", naive, naiveMs);
            System.out.printf("requests per stack: %.3f (baseline %.2f)%n", fleetRequests / (double) report.stacks().size(),
                    naive / (double) report.stacks().size());
        }
    }
}
