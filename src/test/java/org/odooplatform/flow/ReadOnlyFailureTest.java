package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;

/**
 * diff, deploy --dry-run and status only read: a Rancher that fails after the first contact changed
 * nothing, so they end like a failure before any change (exit 2, "nothing was changed"), not exit 1.
 */
class ReadOnlyFailureTest {

    @TempDir
    Path dir;

    private final SimulatorHarness h = new SimulatorHarness();
    private Path project;

    @AfterEach
    void stop() {
        Cli.useEnvironment(null);
        h.close();
    }

    private Cli.Result run(String... command) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command));
        args.addAll(java.util.List.of("--project", project.toString(), "--instance", "integration"));
        if (!command[0].equals("status")) {
            args.addAll(java.util.List.of("--public-env-file", DeployFixtures.publicEnv(project, "integration").toString(),
                    "--env-file", DeployFixtures.secretEnv(project, "integration").toString(), "--image", DeployFixtures.IMAGE_B));
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        for (String canary : DeployFixtures.CANARIES) {
            assertThat(r.all()).doesNotContain(canary);
        }
        return r;
    }

    @Test
    void aRancherThatFailsAfterTheFirstContactIsExit2NothingChangedForEveryReadOnlyCommand() {
        project = DeployFixtures.project(dir);
        Cli.useEnvironment(h.env());
        Cli.Result deployed = Cli.run("deploy", "--project", project.toString(), "--instance", "integration",
                "--public-env-file", DeployFixtures.publicEnv(project, "integration").toString(),
                "--env-file", DeployFixtures.secretEnv(project, "integration").toString(), "--image", DeployFixtures.IMAGE_A);
        assertThat(deployed.code()).as(deployed.toString()).isZero();
        h.sim.clearRequests();
        // the bootstrap answers, then every stack read fails (a proxy in front of a dying Rancher)
        h.sim.faults().failNext(100_000, 503, "GET", "/stacks");

        for (String[] command : new String[][] {{"diff"}, {"deploy", "--dry-run"}, {"status"}}) {
            Cli.Result r = run(command);
            assertThat(r.code()).as(String.join(" ", command) + "\n" + r).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", command)).contains("HTTP 503").contains("nothing was changed");
        }
        assertThat(h.sim.mutations()).isEmpty();
    }
}
