package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.testsupport.Cli;

/**
 * diff, deploy --dry-run and status only read: a Rancher that fails after the first contact changed
 * nothing, so they end like a failure before any change (exit 2, "nothing was changed"), not exit 1.
 */
class ReadOnlyFailureTest {

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator();

    private Cli.Result run(String... command) {
        if (command[0].equals("status")) {
            return cli.main("status", "--project", cli.project().toString(), "--instance", "integration");
        }
        List<String> more = new ArrayList<>(List.of(command).subList(1, command.length));
        return cli.run(command[0], "integration", DeployFixtures.IMAGE_B, more.toArray(String[]::new));
    }

    @Test
    void aRancherThatFailsAfterTheFirstContactIsExit2NothingChangedForEveryReadOnlyCommand() {
        Cli.Result deployed = cli.run("deploy", "integration", DeployFixtures.IMAGE_A);
        assertThat(deployed.code()).as(deployed.toString()).isZero();
        cli.sim().clearRequests();
        // the bootstrap answers, then every stack read fails (a proxy in front of a dying Rancher)
        cli.sim().faults().failNext(100_000, 503, "GET", "/stacks");

        for (String[] command : new String[][] {{"diff"}, {"deploy", "--dry-run"}, {"status"}}) {
            Cli.Result r = run(command);
            assertThat(r.code()).as(String.join(" ", command) + "\n" + r).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", command)).contains("HTTP 503").contains("nothing was changed");
        }
        assertThat(cli.sim().mutations()).isEmpty();
    }
}
