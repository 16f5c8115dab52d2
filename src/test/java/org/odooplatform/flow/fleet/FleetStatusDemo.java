package org.odooplatform.flow.fleet;

import java.time.Duration;
import java.time.Instant;
import org.odooplatform.cli.Main;
import org.odooplatform.flow.SimulatorHarness;
import org.odooplatform.testsupport.Cli;

/** Seeds {@link FleetFixture} and runs {@code odoo-platform <args>} against it: the output pasted in docs/fleet-status.md. */
public final class FleetStatusDemo {

    public static void main(String[] args) {
        try (SimulatorHarness h = new SimulatorHarness(Duration.ofMillis(5), Duration.ofMillis(5))) {
            FleetFixture.seed(h.sim, h.clients().rancher().get(), Instant.now());
            Cli.useEnvironment(h.env());
            System.out.println("$ odoo-platform " + String.join(" ", args));
            System.exit(Main.run(Cli.environment(), System.out, System.err, args));
        }
    }
}
