package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.RawCli;

class CheckCommandTest {

    static final String CANARY = "Cnry9ChkPw4xQ2mV7kL5tZ";

    @TempDir
    Path tmp;

    @Test
    void itReportsEveryProblemOfEveryFileThenASummary() throws IOException {
        Path project = Projects.copySample(tmp.resolve("p"));
        Path env = tmp.resolve("rancher.env");
        Files.writeString(env, "export DOMAIN_NAME=test.acme.odoo.example.com\nexport RUNNING_ENV=prod\n"
                + "export DB_PASSWORD=" + CANARY + " oops\n" + CANARY + "\nexport WORKERS=two\n");
        Cli.Result result = RawCli.run("check", "--project", project.toString(), "--instance", "test", "--env-file", env.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.out()).contains(env + ":2: error: RUNNING_ENV is 'prod': expected 'test'",
                env + ":3: error: DB_PASSWORD: unquoted space in the value",
                env + ":4: error: expected 'export KEY=value'",
                env + ":5: error: WORKERS is 'two': expected a whole number",
                env + ":6: error: DB_NAME is missing",
                "${DB_MAXCONN} has no value in the settings");
        assertThat(result.out()).containsPattern("failed: acme test \\(.*\\): \\d+ errors, \\d+ warnings?\n$");
        assertThat(result.all()).doesNotContain(CANARY);
    }

    @Test
    void theClientComesFromTheProjectFileOrTheOption(@TempDir Path dir) throws IOException {
        Path project = Projects.copySample(dir.resolve("p"));
        Files.delete(project.resolve(".odoo-platform.yml"));
        Path env = project.resolve("rancher/test/rancher.env.example");
        Cli.Result without = Cli.run("check", "--project", project.toString(), "--instance", "test", "--env-file", env.toString());
        assertThat(without.code()).isEqualTo(2);
        assertThat(without.err()).contains("give --client NAME");
        Cli.Result with = Cli.run("check", "--project", project.toString(), "--client", "acme", "--instance", "test",
                "--env-file", env.toString());
        assertThat(with.out()).contains("failed: acme test");
    }

    @Test
    void aMissingEnvFileOrAnUnknownInstanceIsBadInput() {
        assertThat(Cli.run("check", "--project", Projects.SAMPLE.toString(), "--instance", "test").code()).isEqualTo(2);
        Cli.Result staging = Cli.run("check", "--project", Projects.SAMPLE.toString(), "--instance", "staging",
                "--env-file", "x.env");
        assertThat(staging.code()).isEqualTo(2);
        assertThat(staging.err()).contains("expected one of test, integration, prod");
        Cli.Result missing = Cli.run("check", "--project", Projects.SAMPLE.toString(), "--instance", "test",
                "--env-file", tmp.resolve("none.env").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.out()).contains("none.env: error: settings file not found");
    }

    @Test
    void publicAndSecretFilesAreReadTogether() throws IOException {
        Path project = Projects.copySample(tmp.resolve("p"));
        String example = Files.readString(project.resolve("rancher/test/rancher.env.example"));
        Path publicEnv = tmp.resolve("rancher.public.env");
        Path secretEnv = tmp.resolve("rancher.env");
        Files.writeString(publicEnv, example.replace("export DB_PASSWORD=\n", "").replace("export ADMIN_PASSWD=\n", "")
                .replace("export LETSENCRYPT_AWS_SECRET_KEY=\n", ""));
        Files.writeString(secretEnv, "export DB_PASSWORD=" + CANARY + "\nexport ADMIN_PASSWD=Cnry1AdmQ8wE3rT6yU9iO2\n"
                + "export LETSENCRYPT_AWS_SECRET_KEY=Cnry7LeQ1wE4rT7yU0iP3\n");
        Cli.Result result = RawCli.run("check", "--strict", "--project", project.toString(), "--instance", "test",
                "--public-env-file", publicEnv.toString(), "--env-file", secretEnv.toString());
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.all()).doesNotContain(CANARY);
    }
}
