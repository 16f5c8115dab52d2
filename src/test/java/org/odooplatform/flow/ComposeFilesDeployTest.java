package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.testsupport.Cli;

/**
 * Compose-file mistakes on a stack that is already deployed: check, deploy and diff judge them
 * the same way, and a refused deploy changes nothing on the stack (issue 13: a typo'd
 * {@code enviroment:} passed check and made deploy remove every variable; renaming the odoo
 * service made deploy create a second Odoo service next to the old one).
 */
class ComposeFilesDeployTest {

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator();

    private Cli.Result run(String command, String image) {
        List<String> args = new ArrayList<>(List.of(command, "--project", cli.project().toString(), "--instance", "integration",
                "--public-env-file", DeployFixtures.publicEnv(cli.project(), "integration").toString(),
                "--env-file", DeployFixtures.secretEnv(cli.project(), "integration").toString()));
        if (image != null) {
            args.addAll(List.of("--image", image, "--timeout", "60s"));
        }
        return cli.main(args.toArray(String[]::new));
    }

    private void edit(String file, String from, String to) throws IOException {
        Path path = cli.project().resolve("rancher/integration/" + file);
        String text = Files.readString(path);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to));
    }

    @Test
    void renamingTheOdooServiceIsRefusedBeforeAnyChangeNamingBothServices() throws IOException {
        assertThat(run("deploy", DeployFixtures.IMAGE_A).code()).isZero();
        edit("docker-compose.yml", "odoo:\n  image:", "odoo10:\n  image:");
        edit("docker-compose.yml", "net: \"container:odoo\"", "net: \"container:odoo10\"");
        edit("docker-compose.yml", "- odoo:odoo", "- odoo10:odoo");
        edit("rancher-compose.yml", "odoo:\n", "odoo10:\n");

        Cli.Result check = run("check", null);
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.out()).contains("docker-compose.yml:1: warning: the Odoo service is named 'odoo10', not 'odoo'");

        cli.sim().clearRequests();
        Cli.Result deploy = run("deploy", DeployFixtures.IMAGE_B);
        assertThat(deploy.code()).as(deploy.toString()).isEqualTo(2);
        assertThat(deploy.err()).contains("stack acme-odoo-integration: service 'odoo' runs the project's image ("
                + DeployFixtures.IMAGE_A + ") but is not in docker-compose.yml, whose Odoo service is 'odoo10': this deploy"
                + " would create 'odoo10' and leave 'odoo' running next to it (two Odoo services)")
                .contains("nothing was changed");
        assertThat(cli.sim().mutations()).as("refused before the first change").isEmpty();
        assertThat(cli.sim().service("acme-odoo-integration", "odoo10")).isEmpty();

        Cli.Result diff = run("diff", DeployFixtures.IMAGE_B);
        assertThat(diff.code()).as(diff.toString()).isEqualTo(2);
        assertThat(diff.err()).contains("service 'odoo' runs the project's image");
    }

    @Test
    void aTypoInEnvironmentIsRefusedAndTheRunningVariablesStay() throws IOException {
        assertThat(run("deploy", DeployFixtures.IMAGE_A).code()).isZero();
        edit("docker-compose.yml", "  environment:\n    - DB_USER", "  enviroment:\n    - DB_USER");

        Cli.Result check = run("check", null);
        assertThat(check.code()).as(check.toString()).isEqualTo(2);
        assertThat(check.out()).contains("docker-compose.yml:7: error: service 'odoo': unknown key 'enviroment':"
                + " did you mean 'environment'?");

        cli.sim().clearRequests();
        Cli.Result deploy = run("deploy", DeployFixtures.IMAGE_B);
        assertThat(deploy.code()).as(deploy.toString()).isEqualTo(2);
        assertThat(deploy.err()).contains("docker-compose.yml:7: error: service 'odoo': unknown key 'enviroment'");
        assertThat(cli.sim().requests()).as("bad input: not a single request").isEmpty();
        assertThat(cli.sim().service("acme-odoo-integration", "odoo").orElseThrow().path("launchConfig").path("environment")
                .has("DB_USER")).isTrue();

        Cli.Result diff = run("diff", DeployFixtures.IMAGE_B);
        assertThat(diff.code()).isEqualTo(2);
        assertThat(diff.err()).contains("unknown key 'enviroment'");
    }
}
