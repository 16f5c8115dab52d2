package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;

/** The commands the Jenkins library asks instead of computing things itself: stack-name, environment. */
class JenkinsFacingCommandsTest {

    @TempDir
    Path dir;

    @Test
    void stackNameHonoursTheStacksOfTheProjectFileThenTheClientRule() throws Exception {
        Files.writeString(dir.resolve(".odoo-platform.yml"), "client: acme\nstacks:\n  prod: acme-odoo-production\n");

        Cli.Result prod = Cli.run("stack-name", "--project", dir.toString(), "--instance", "prod");
        Cli.Result test = Cli.run("stack-name", "--project", dir.toString(), "--instance", "test");
        Cli.Result other = Cli.run("stack-name", "--project", dir.toString(), "--instance", "test", "--client", "beta");

        assertThat(prod.code()).as(prod.toString()).isZero();
        assertThat(prod.out()).isEqualTo("acme-odoo-production\n");
        assertThat(test.out()).isEqualTo("acme-odoo-test\n");
        assertThat(other.out()).isEqualTo("beta-odoo-test\n");
    }

    @Test
    void stackNameRefusesABadClientOrInstanceWithTheCliRule() {
        Cli.Result badClient = Cli.run("stack-name", "--project", dir.toString(), "--instance", "test", "--client", "Acme Corp");
        Cli.Result badInstance = Cli.run("stack-name", "--project", dir.toString(), "--instance", "staging", "--client", "acme");
        Cli.Result noClient = Cli.run("stack-name", "--project", dir.toString(), "--instance", "test");

        assertThat(badClient.code()).isEqualTo(2);
        assertThat(badClient.err()).contains("client 'Acme Corp': expected lower-case letters and digits");
        assertThat(badInstance.code()).isEqualTo(2);
        assertThat(badInstance.err()).contains("unknown instance 'staging'");
        assertThat(noClient.code()).isEqualTo(2);
        assertThat(noClient.err()).contains("--client NAME");
    }

    @Test
    void environmentListsTheVariablesTheLauncherPassesToDockerByName() throws Exception {
        Cli.Result r = Cli.run("environment");

        assertThat(r.code()).isZero();
        List<String> resource = Files.readAllLines(Path.of("resources/org/odooplatform/jenkins/cli-environment.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(r.out().lines().toList()).containsExactlyElementsOf(resource)
                .contains("RANCHER_SECRET_KEY", "REGISTRY_PASSWORD", "PGPASSWORD");
    }

    @Test
    void releaseBumpListsExactlyTheFilesItWroteAndNoSettingsFile() throws Exception {
        Path project = org.odooplatform.testsupport.Projects.copySample(dir.resolve("p"));
        Files.writeString(project.resolve("rancher/integration/rancher.env"), "export DB_PASSWORD=canary-untracked\n");

        Cli.Result r = Cli.run("release", "bump", "--feature", "--date", "2026-11-26", "--project", project.toString(),
                "--list-changed");

        assertThat(r.code()).as(r.toString()).isZero();
        List<String> changed = r.out().lines().filter(l -> l.startsWith("changed: ")).map(l -> l.substring(9)).toList();
        assertThat(changed).contains("odoo/VERSION", "HISTORY.rst", "odoo/migration.yml")
                .anyMatch(f -> f.startsWith("rancher/integration/docker-compose"))
                .noneMatch(f -> f.endsWith(".env"));
        assertThat(r.out().lines().toList().subList(r.out().lines().toList().size() - changed.size(), r.out().lines().toList().size()))
                .allMatch(l -> l.startsWith("changed: "));
    }

    @Test
    void everyVariableTheSourcesReadIsInTheList() throws Exception {
        java.util.regex.Pattern read = java.util.regex.Pattern.compile(
                "(?:(?:getenv|env\\.get|env\\.apply)\\(\"|\\$\\{env:)([A-Z][A-Z0-9_]+)");
        List<String> listed = EnvironmentCommand.VARIABLES.stream().map(v -> v[0]).toList();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                java.util.regex.Matcher m = read.matcher(Files.readString(f));
                while (m.find()) {
                    String name = m.group(1);
                    if (!Set.of("RUNNING_ENV", "DB_PASSWORD", "BASE_IMAGE").contains(name)) { // settings keys, not process env
                        assertThat(listed).as(f + " reads " + name).contains(name);
                    }
                }
            }
        }
    }

    @Test
    void theExitCodeOfChangesIsDocumentedAndIsNoneOfTheFourContractCodes() {
        Cli.Result help = Cli.run("diff", "--help");

        assertThat(org.odooplatform.common.ExitCode.CHANGES).isNotIn(0, 1, 2, 3);
        assertThat(help.out()).contains("4 something would change").contains("3 precondition not met");
    }
}
