package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.rancher.RancherClient;
import org.odooplatform.rancher.RancherEndpoint;
import org.odooplatform.simulator.RancherSimulator;

class RancherOdooServiceControlTest {

    private static final String STACK = "acme-odoo-integration";

    private RancherSimulator rancher;
    private RancherOdooServiceControl control;

    @BeforeEach
    void start() {
        rancher = RancherSimulator.builder().accessKey("ak").secretKey("sk-odoo-stop").transitionDelay(Duration.ofMillis(100))
                .build().start();
        RancherEndpoint endpoint = RancherEndpoint.of(rancher.baseUrl(), "ak", "sk-odoo-stop");
        control = new RancherOdooServiceControl(() -> new RancherClient(endpoint), Duration.ofSeconds(20), Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        rancher.close();
    }

    private String odooState() {
        return rancher.service(STACK, "odoo").orElseThrow().path("state").asText();
    }

    @Test
    void itDeactivatesTheOdooServiceAndWaitsUntilItIsInactive() {
        rancher.seedService(STACK, "odoo", "camptocamp/acme_odoo:10.1.0", Map.of());

        assertThat(control.stopOdoo(STACK)).isEqualTo("deactivated service odoo of stack " + STACK + " (was active; left stopped for the deploy that follows)");
        assertThat(odooState()).isEqualTo("inactive");
    }

    @Test
    void theOdooOfAStackThatSaysItIsAnotherInstanceIsNeverStopped() {
        // a stack named like integration's whose odoo runs prod's settings: db reset never stops it
        rancher.seedService(STACK, "odoo", "camptocamp/acme_odoo:10.1.0", Map.of("environment", Map.of("RUNNING_ENV", "prod")));
        long mutations = rancher.mutationCount();

        assertThatThrownBy(() -> control.stopOdoo(STACK)).isInstanceOf(org.odooplatform.common.BadInputException.class)
                .hasMessageContaining("RUNNING_ENV=prod").hasMessageContaining("not integration");
        assertThat(rancher.mutationCount()).isEqualTo(mutations);
        assertThat(odooState()).isEqualTo("active");
    }

    @Test
    void anInactiveServiceIsLeftAlone() {
        rancher.seedService(STACK, "odoo", "camptocamp/acme_odoo:10.1.0", Map.of());
        control.stopOdoo(STACK);
        int mutations = rancher.mutations().size();

        assertThat(control.stopOdoo(STACK)).contains("was already inactive");
        assertThat(rancher.mutations()).hasSize(mutations);
    }

    @Test
    void aMissingStackOrServiceHasNothingToStop() {
        assertThat(control.stopOdoo(STACK)).isEqualTo("stack " + STACK + " does not exist: nothing to stop");
        rancher.seedService(STACK, "nginx", "nginx:1.25", Map.of());
        assertThat(control.stopOdoo(STACK)).isEqualTo("stack " + STACK + " has no service odoo: nothing to stop");
    }

    @Test
    void anUpgradedServiceMustBeFinishedOrRolledBackFirst() {
        rancher.seedUpgradedService(STACK, "odoo", "camptocamp/acme_odoo:10.1.0", "camptocamp/acme_odoo:10.2.0");

        assertThatThrownBy(() -> control.stopOdoo(STACK)).isInstanceOf(PreconditionException.class)
                .hasMessageContaining("is upgraded and cannot be deactivated now");
        assertThat(odooState()).isEqualTo("upgraded");
    }
}
