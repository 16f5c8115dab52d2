package org.odooplatform.flow.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.flow.DeployFixtures;
import org.odooplatform.flow.SimulatorHarness;
import org.odooplatform.testsupport.Cli;

/** {@code odoo-platform status --all} through the CLI, against the simulator. */
class FleetStatusCliTest {

    static SimulatorHarness h;

    @BeforeAll
    static void start() {
        h = new SimulatorHarness(Duration.ofMillis(5), Duration.ofMillis(5));
        FleetFixture.seed(h.sim, h.clients().rancher().get(), Instant.now());
        Cli.useEnvironment(h.env());
    }

    @AfterAll
    static void stop() {
        Cli.useEnvironment(null);
        h.close();
    }

    @BeforeEach
    void clear() {
        h.sim.clearRequests();
    }

    @Test
    void allPrintsTheTableAndNeverTheSecretKey() {
        Cli.Result r = Cli.run("status", "--all");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("STACK "), r.out());
        assertTrue(r.out().contains("acme-odoo-prod") && r.out().contains("prod-behind"), r.out());
        assertFalse(r.all().contains(DeployFixtures.RANCHER_SECRET));
    }

    @Test
    void jsonAndHtmlTogether(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("fleet.html");
        Cli.Result r = Cli.run("status", "--all", "--json", "--html", page.toString());
        assertEquals(0, r.code(), r.toString());
        var root = new ObjectMapper().readTree(r.out());
        assertEquals(FleetJson.SCHEMA, root.path("schema").asText());
        assertEquals(4, root.path("summary").path("drift").asInt());
        String html = Files.readString(page);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("data-flag=\"prod-behind\""));
        assertFalse(html.contains(DeployFixtures.RANCHER_SECRET));
    }

    @Test
    void allWithAnInstanceOrStackIsBadInputAndReadsNothing() {
        for (String[] args : new String[][] {{"status", "--all", "--instance", "prod"}, {"status", "--all", "--stack", "acme-odoo-prod"},
            {"status", "--json"}, {"status", "--all", "--html", "/nonexistent-dir/fleet.html"}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r);
            assertTrue(h.sim.requests().isEmpty(), String.join(" ", args) + " sent " + h.sim.requests());
        }
        assertTrue(Cli.run("status", "--all", "--instance", "prod").err().contains("--all lists every stack"));
    }
}
