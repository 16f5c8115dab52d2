package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.odooplatform.common.BadInputException;
import org.odooplatform.database.Confirmation;
import org.odooplatform.database.ResetOptions;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import org.odooplatform.testsupport.Projects;
import org.junit.jupiter.api.Test;

/** The order of {@code db reset}'s checks: all bad input is found before settings, Rancher or the database are touched. */
class DatabaseResetFlowTest {

    private final ProjectConfig acme = ProjectConfig.load(Projects.SAMPLE);

    @Test
    void aStackOfAnotherInstanceIsRefusedBeforeTheSettingsOrRancherAreRead() {
        StringWriter out = new StringWriter();
        DatabaseResetFlow.Request request = new DatabaseResetFlow.Request(acme, Instance.INTEGRATION,
                () -> { throw new AssertionError("settings read before the stack check"); },
                Path.of("integration.env"), ResetOptions.builder().yes(true), true, "acme-odoo-prod", Map.<String, String>of()::get,
                () -> { throw new AssertionError("Rancher endpoint read before the stack check"); }, Confirmation.console());

        assertThatThrownBy(() -> DatabaseResetFlow.run(request, new PrintWriter(out)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("acme-odoo-prod");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void badSettingsAreRefusedBeforeTheRancherEndpointIsRead() {
        DatabaseResetFlow.Request request = new DatabaseResetFlow.Request(acme, Instance.INTEGRATION,
                () -> { throw new BadInputException("integration.env:1: bad"); },
                Path.of("integration.env"), ResetOptions.builder().yes(true), true, null, Map.<String, String>of()::get,
                () -> { throw new AssertionError("Rancher endpoint read before the settings"); }, Confirmation.console());

        assertThatThrownBy(() -> DatabaseResetFlow.run(request, new PrintWriter(new StringWriter())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("integration.env:1");
    }
}
