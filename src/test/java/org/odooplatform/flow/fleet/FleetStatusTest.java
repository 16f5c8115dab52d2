package org.odooplatform.flow.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.odooplatform.flow.SimulatorHarness;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.simulator.RecordedRequest;

/**
 * status --all against the simulator over HTTP. The listing it relies on follows Cattle's collection
 * API: {@code removed_null} and marker pagination ({@code pagination.next}) as gdapi's
 * {@code io.github.ibuildthecloud.gdapi.model.Pagination} renders them, which the simulator's
 * {@code Listing} models (its own tests cite the source).
 */
class FleetStatusTest {

    static SimulatorHarness h;
    static FleetReport report;
    static final Instant NOW = Instant.now();

    @BeforeAll
    static void seed() {
        h = new SimulatorHarness(Duration.ofMillis(5), Duration.ofMillis(5));
        Rancher rancher = h.clients().rancher().get();
        FleetFixture.seed(h.sim, rancher, NOW);
        report = FleetStatus.read(rancher, h.sim.baseUrl(), Clock.fixed(NOW.plusSeconds(1), java.time.ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    private static ClientStatus client(String name) {
        return report.clients().stream().filter(c -> c.client().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> kinds(String client) {
        return client(client).drift().stream().map(d -> d.instance() + ":" + d.kind().id()).toList();
    }

    @Test
    void everyOdooStackIsListedByClientThenInstanceAndOtherStacksAreCounted() {
        assertEquals(List.of("acme", "beta", "delta", "echo", "gamma"), report.clients().stream().map(ClientStatus::client).toList());
        assertEquals(List.of("acme-odoo-test", "acme-odoo-integration", "acme-odoo-prod"),
                client("acme").stacks().stream().map(StackStatus::name).toList());
        assertEquals(1, report.others(), "lb is no <client>-odoo-<instance> stack");
        StackStatus prod = client("acme").stack("prod").orElseThrow();
        assertEquals("10.1.0", prod.version());
        assertEquals(FleetFixture.digest("acme-10.1.0"), prod.digest());
        assertEquals("ops-anna", prod.last().approvedBy());
        assertEquals("registry.example/acme_odoo@" + FleetFixture.digest("acme-10.1.0"), prod.odooImage());
        assertEquals("95e4359e752c0000", client("acme").stack("test").orElseThrow().commit());
        assertEquals(2, prod.services());
        assertTrue(prod.healthy(), prod.toString());
    }

    @Test
    void prodBehindIntegrationCountsTheReleasesBetween() {
        assertEquals(List.of("prod:prod-behind"), kinds("acme"));
        assertEquals("prod runs 10.1.0, integration 10.3.0: 2 releases behind (10.2.0, 10.3.0)",
                client("acme").drift().get(0).message());
    }

    @Test
    void prodRunningAnImageIntegrationNeverRanIsFlaggedEvenWithTheSameVersion() {
        assertEquals(List.of("prod:prod-image-unvetted"), kinds("beta"));
        assertTrue(client("beta").drift().get(0).message().contains(FleetFixture.digest("beta-12.0.1-rebuilt")));
    }

    @Test
    void integrationBehindTheNewestRecordedRelease() {
        assertEquals(List.of("integration:integration-behind"), kinds("gamma"));
        assertEquals("integration runs 14.0.3.0, the newest release recorded is 14.0.4.0 (on test)",
                client("gamma").drift().get(0).message());
    }

    @Test
    void anUpgradedServiceWithoutALiveLockIsStuck() {
        assertEquals(List.of("prod:stuck-upgrade"), kinds("delta"));
        StackStatus prod = client("delta").stack("prod").orElseThrow();
        assertEquals(List.of("odoo (upgraded)"), prod.pending());
        assertFalse(prod.healthy());
        assertNull(prod.lock());
    }

    @Test
    void aLockIsShownWithHolderHostPidAndExpiryAndAnUpgradeUnderItIsNotStuck() {
        assertEquals(List.of(), kinds("echo"));
        StackStatus integration = client("echo").stack("integration").orElseThrow();
        assertEquals(List.of("odoo (upgraded)"), integration.pending());
        StackStatus.Lock lock = integration.lock();
        assertEquals(FleetFixture.LOCK_HOLDER, lock.holder());
        assertEquals("agent-7", lock.host());
        assertEquals("4242", lock.pid());
        assertEquals(NOW.plusSeconds(90).toString(), lock.expires());
        assertTrue(lock.live());
        // the same note read after it expired: the upgrade is stuck then
        FleetReport later = FleetStatus.read(h.clients().rancher().get(), h.sim.baseUrl(),
                Clock.fixed(NOW.plusSeconds(91), java.time.ZoneOffset.UTC));
        ClientStatus echo = later.clients().stream().filter(c -> c.client().equals("echo")).findFirst().orElseThrow();
        assertFalse(echo.stack("integration").orElseThrow().lock().live());
        assertEquals(List.of("integration"), echo.drift().stream().filter(d -> d.kind() == Drift.Kind.STUCK_UPGRADE)
                .map(Drift::instance).toList());
    }

    /** The lock as the engine's StackLock writes it (holder, host, pid, expiry), read back by the fleet view. */
    @Test
    void aLockTakenByStackLockShowsItsHolderHostAndPid() throws Exception {
        Rancher rancher = h.clients().rancher().get();
        org.odooplatform.rancher.Resource stack = rancher.findStack("gamma-odoo-prod").orElseThrow();
        org.odooplatform.rancher.StackLock lock = org.odooplatform.rancher.StackLock.acquire(rancher, stack, "fleet test",
                Duration.ofMinutes(2), Duration.ofMillis(10), Duration.ofSeconds(5), Clock.systemUTC(), line -> { });
        try {
            FleetReport r = FleetStatus.read(rancher, h.sim.baseUrl(), Clock.systemUTC());
            StackStatus.Lock seen = r.clients().stream().filter(c -> c.client().equals("gamma")).findFirst().orElseThrow()
                    .stack("prod").orElseThrow().lock();
            assertEquals("fleet test", seen.holder());
            assertEquals(java.net.InetAddress.getLocalHost().getHostName(), seen.host());
            assertEquals(String.valueOf(ProcessHandle.current().pid()), seen.pid());
            assertTrue(seen.live());
        } finally {
            lock.release();
        }
    }

    @Test
    void theSummaryCountsInWordsAtOneAsAtMany() {
        assertEquals("1 client", FleetText.count(1, "client"));
        assertEquals("0 drift flags", FleetText.count(0, "drift flag"));
        assertEquals("3 other stacks", FleetText.count(3, "other stack"));
    }

    @Test
    void theTextTableHasOneSortedLinePerStackDriftAndASummary() {
        List<String> lines = FleetText.render(report);
        assertTrue(lines.get(0).startsWith("STACK"), lines.get(0));
        List<String> names = lines.stream().skip(1).takeWhile(l -> !l.isEmpty()).map(l -> l.split(" +")[0]).toList();
        assertEquals(List.of("acme-odoo-test", "acme-odoo-integration", "acme-odoo-prod", "beta-odoo-integration",
                "beta-odoo-prod", "delta-odoo-integration", "delta-odoo-prod", "echo-odoo-integration", "echo-odoo-prod",
                "gamma-odoo-test", "gamma-odoo-integration", "gamma-odoo-prod"), names);
        String acmeProd = lines.stream().filter(l -> l.startsWith("acme-odoo-prod")).findFirst().orElseThrow();
        assertTrue(acmeProd.contains("10.1.0") && acmeProd.contains(FleetFixture.digest("acme-10.1.0").substring(0, 19))
                && acmeProd.contains("approved ops-anna") && acmeProd.endsWith("prod-behind"), acmeProd);
        String echo = lines.stream().filter(l -> l.startsWith("echo-odoo-integration")).findFirst().orElseThrow();
        assertTrue(echo.contains(FleetFixture.LOCK_HOLDER + "@agent-7:4242 until "), echo);
        assertTrue(lines.contains("Drift:"));
        assertTrue(lines.get(lines.size() - 1).startsWith("12 stacks of 5 clients (1 other stack), 2 not active+healthy, 1 locked,"
                + " 4 drift flags"), lines.get(lines.size() - 1));
    }

    @Test
    void theJsonFollowsTheDocumentedSchema() throws Exception {
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(FleetJson.render(report));
        assertEquals(FleetJson.SCHEMA, root.path("schema").asText());
        assertEquals(12, root.path("summary").path("stacks").asInt());
        var echo = root.path("clients").get(3);
        assertEquals("echo", echo.path("client").asText());
        var lock = echo.path("stacks").get(0).path("lock");
        assertEquals(FleetFixture.LOCK_HOLDER, lock.path("holder").asText());
        assertTrue(lock.path("token").isMissingNode(), "the lock token is the holder's, not for display");
        var acme = root.path("clients").get(0);
        assertEquals("prod-behind", acme.path("drift").get(0).path("kind").asText());
        assertEquals("ops-anna", acme.path("stacks").get(2).path("lastDeploy").path("approvedBy").asText());
    }

    /** The read is two list calls after the bootstrap, whatever the number of stacks and services. */
    @Test
    void requestsDoNotGrowWithStacksOrServices() {
        int small = requestsFor(3, 1);
        int large = requestsFor(40, 4);
        assertEquals(small, large, "requests for 9 stacks x 1 service vs 120 stacks x 4 services");
        assertTrue(large <= 6, "bootstrap + 2 list calls, got " + large);
    }

    /** Past one page (1000) the listing follows pagination.next: one more request per page, not per service. */
    @Test
    void aSecondPageOfServicesCostsOneMoreRequest() {
        assertEquals(requestsFor(3, 1) + 1, requestsFor(70, 5), "1050 services: two pages");
    }

    private static int requestsFor(int clients, int servicesPerStack) {
        try (SimulatorHarness s = new SimulatorHarness(Duration.ofMillis(5), Duration.ofMillis(5))) {
            for (int c = 0; c < clients; c++) {
                for (String instance : new String[] {"test", "integration", "prod"}) {
                    String stack = "client" + c + "-odoo-" + instance;
                    s.sim.seedStack(stack);
                    for (int i = 0; i < servicesPerStack; i++) {
                        s.sim.seedService(stack, "svc" + i, "registry.example/x:1." + i, Map.of());
                    }
                }
            }
            s.sim.clearRequests();
            FleetReport r = FleetStatus.read(s.clients().rancher().get(), s.sim.baseUrl(), Clock.systemUTC());
            assertEquals(clients * 3, r.stacks().size());
            assertEquals(clients * 3 * servicesPerStack, r.stacks().stream().mapToInt(StackStatus::services).sum());
            List<RecordedRequest> reqs = s.sim.requests();
            assertEquals(reqs.size(), r.requests(), reqs.toString());
            return r.requests();
        }
    }
}
