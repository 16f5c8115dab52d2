package org.odooplatform.flow.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.StackNotes;
import org.odooplatform.simulator.RancherSimulator;

/**
 * A small fleet on the simulator, one client per drift case; deploy records and locks are written
 * through the Rancher API (stack outputs PUT), as deploys write them.
 */
final class FleetFixture {

    static final String LOCK_HOLDER = "jenkins echo-deploy#12";

    private FleetFixture() {
    }

    static String digest(String seed) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Seeds acme (prod 2 releases behind), beta (prod image integration never ran), gamma (integration behind
     *  the release test runs), delta (prod stuck in upgraded, no lock), echo (integration mid-upgrade under a live lock)
     *  and a non-Odoo stack {@code lb}. */
    static void seed(RancherSimulator sim, Rancher rancher, Instant now) {
        sim.seedStack("lb");
        sim.seedService("lb", "lb", "rancher/lb-service-haproxy:v0.9.1", Map.of());
        stack(sim, rancher, "acme", "test", "10.3.0", "acme-10.3.0", "95e4359e752c0000", null);
        stack(sim, rancher, "acme", "integration", "10.1.0", "acme-10.1.0", null, null);
        record(rancher, "acme-odoo-integration", "10.2.0", "acme-10.2.0", null, null);
        record(rancher, "acme-odoo-integration", "10.3.0", "acme-10.3.0", null, null);
        stack(sim, rancher, "acme", "prod", "10.1.0", "acme-10.1.0", null, "ops-anna");

        stack(sim, rancher, "beta", "integration", "12.0.1", "beta-12.0.1", null, null);
        stack(sim, rancher, "beta", "prod", "12.0.1", "beta-12.0.1-rebuilt", null, "ops-ben");

        stack(sim, rancher, "gamma", "test", "14.0.4.0", "gamma-14.0.4.0", "c0ffee12", null);
        stack(sim, rancher, "gamma", "integration", "14.0.3.0", "gamma-14.0.3.0", null, null);
        stack(sim, rancher, "gamma", "prod", "14.0.3.0", "gamma-14.0.3.0", null, "ops-anna");

        stack(sim, rancher, "delta", "integration", "2.1.0", "delta-2.1.0", null, null);
        sim.seedStack("delta-odoo-prod");
        sim.seedUpgradedService("delta-odoo-prod", "odoo", "registry.example/delta_odoo:2.0.0", "registry.example/delta_odoo:2.1.0");
        record(rancher, "delta-odoo-prod", "2.1.0", "delta-2.1.0", null, "ops-ben");

        stack(sim, rancher, "echo", "prod", "3.0.0", "echo-3.0.0", null, "ops-anna");
        sim.seedStack("echo-odoo-integration");
        sim.seedUpgradedService("echo-odoo-integration", "odoo", "registry.example/echo_odoo:3.0.0", "registry.example/echo_odoo:3.0.0");
        record(rancher, "echo-odoo-integration", "3.0.0", "echo-3.0.0", null, null);
        Resource echo = rancher.findStack("echo-odoo-integration").orElseThrow();
        // the lock note as StackLock writes it (harden-b adds host and pid)
        String lock = "{\"holder\":\"" + LOCK_HOLDER + "\",\"token\":\"t-0001\",\"since\":\"" + now.minusSeconds(30)
                + "\",\"expires\":\"" + now.plusSeconds(90) + "\",\"host\":\"agent-7\",\"pid\":4242}";
        StackNotes.update(rancher, echo, o -> o.put(StackNotes.LOCK, lock));
    }

    static void stack(RancherSimulator sim, Rancher rancher, String client, String instance, String version, String imageSeed,
            String commit, String approvedBy) {
        String name = client + "-odoo-" + instance;
        sim.seedStack(name);
        String d = digest(imageSeed);
        sim.seedService(name, "odoo", "registry.example/" + client + "_odoo@" + d, Map.of());
        sim.seedService(name, "db", "camptocamp/postgresql:9.6", Map.of());
        record(rancher, name, version, imageSeed, commit, approvedBy);
    }

    static void record(Rancher rancher, String stackName, String version, String imageSeed, String commit, String approvedBy) {
        Resource stack = rancher.findStack(stackName).orElseThrow();
        String client = stackName.substring(0, stackName.indexOf("-odoo-"));
        String instance = stackName.substring(stackName.lastIndexOf('-') + 1);
        String d = digest(imageSeed);
        StackNotes.record(rancher, stack, new DeployRecord(version, "registry.example/" + client + "_odoo@" + d, d, "odoo",
                commit, "jenkins " + client + "#" + version, approvedBy, "2026-11-2" + (version.length() % 9) + "T10:00:00Z",
                instance, "odoo-platform"));
    }
}
