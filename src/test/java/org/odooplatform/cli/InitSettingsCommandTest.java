package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.odooplatform.config.Settings;
import org.odooplatform.config.DatabaseNamePolicy;
import org.odooplatform.project.Instance;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.RawCli;

class InitSettingsCommandTest {

    static final String AWS_SECRET = "Cnry3InitAwsS9cR7tK2mQ";
    static final String LE_SECRET = "Cnry5InitLeS4cR8tP6vN";

    @TempDir
    Path tmp;
    Path provider;
    Path project;

    @BeforeEach
    void setUp() throws IOException {
        // another project's settings, where the platform-wide credentials are copied from (docs/platform.md §Settings)
        provider = tmp.resolve("other-project.env");
        Files.writeString(provider, "export LETSENCRYPT_AWS_ACCESS_KEY=AKIAEXAMPLELETSENC01\n"
                + "export LETSENCRYPT_AWS_SECRET_KEY=" + LE_SECRET + "\nexport AWS_HOST=sos-ch-dk-2.example.com\n"
                + "export AWS_ACCESS_KEY_ID=EXOEXAMPLEACCESS0001\nexport AWS_SECRET_ACCESS_KEY=" + AWS_SECRET + "\n");
        project = Projects.copySample(tmp.resolve("project"));
    }

    @ParameterizedTest
    @EnumSource(Instance.class)
    void theWrittenFilePassesCheckStrictlyAndNoSecretIsPrinted(Instance instance) throws IOException {
        Path out = tmp.resolve(instance.id() + ".env");
        Cli.Result init = RawCli.run("init-settings", "--client", "acme", "--instance", instance.id(),
                "--domain", instance.id() + ".acme.odoo.example.com", "--copy-from", provider.toString(), "--out", out.toString());
        assertThat(init.code()).as(init.toString()).isZero();
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        Settings settings = Settings.load(null, out);
        String dbPassword = settings.value("DB_PASSWORD");
        String adminPassword = settings.value("ADMIN_PASSWD");
        assertThat(dbPassword).hasSize(20).isNotEqualTo(adminPassword);
        assertThat(init.all()).doesNotContain(dbPassword, adminPassword, AWS_SECRET, LE_SECRET).contains("DB_PASSWORD=****");
        assertThat(settings.value("RUNNING_ENV")).isEqualTo(instance.id());
        assertThat(settings.value("ODOO_SESSION_REDIS_PREFIX")).isEqualTo("acme-odoo-" + instance.id());
        if (instance.usesDatabaseCluster()) {
            assertThat(settings.value("DB_USER")).isEqualTo(settings.value("DB_NAME"));
            assertThat(DatabaseNamePolicy.revealsClient(settings.value("DB_NAME"), "acme")).isFalse();
            assertThat(settings.value("MARABUNTA_MODE")).isEqualTo("full");
            assertThat(settings.value("AWS_BUCKETNAME")).isEqualTo("acme-odoo-" + instance.id());
            assertThat(settings.value("AWS_SECRET_ACCESS_KEY")).isEqualTo(AWS_SECRET);
        } else {
            assertThat(settings.value("DB_USER")).isEqualTo("acme_test");
            assertThat(settings.value("DB_NAME")).isEqualTo("acme_test_db");
            assertThat(settings.value("MARABUNTA_MODE")).isEqualTo("demo");
        }

        Cli.Result check = RawCli.run("check", "--strict", "--project", project.toString(), "--instance", instance.id(),
                "--env-file", out.toString());
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.all()).doesNotContain(dbPassword, adminPassword, AWS_SECRET, LE_SECRET);
    }

    @Test
    void withoutOutItPrintsTheFileWithSecretsMasked() {
        Cli.Result result = RawCli.run("init-settings", "--client", "acme", "--instance", "prod",
                "--domain", "erp.acme.example.com", "--copy-from", provider.toString());
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("export DB_PASSWORD=****\n", "export ADMIN_PASSWD=****\n",
                "export AWS_SECRET_ACCESS_KEY=****\n", "export LETSENCRYPT_AWS_SECRET_KEY=****\n",
                "export DOMAIN_NAME=erp.acme.example.com\n", "export AWS_BUCKETNAME=acme-odoo-prod\n");
        assertThat(result.all()).doesNotContain(AWS_SECRET, LE_SECRET);
    }

    @Test
    void showSecretsPrintsThePasswordsThatWereWritten() throws IOException {
        Path out = tmp.resolve("shown.env");
        Cli.Result result = RawCli.run("init-settings", "--client", "acme", "--instance", "test", "--out", out.toString(),
                "--show-secrets");
        Settings settings = Settings.load(null, out);
        assertThat(result.out()).contains("DB_PASSWORD=" + settings.value("DB_PASSWORD"),
                "ADMIN_PASSWD=" + settings.value("ADMIN_PASSWD"));
    }

    @Test
    void anExistingFileIsNotOverwrittenWithoutForce() throws IOException {
        Path out = tmp.resolve("existing.env");
        Files.writeString(out, "export KEEP=me\n");
        Cli.Result refused = Cli.run("init-settings", "--client", "acme", "--instance", "test", "--out", out.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("already exists", "--force");
        assertThat(Files.readString(out)).isEqualTo("export KEEP=me\n");

        Cli.Result forced = Cli.run("init-settings", "--client", "acme", "--instance", "test", "--out", out.toString(), "--force");
        assertThat(forced.code()).isZero();
        assertThat(Files.readString(out)).contains("export RUNNING_ENV=test");
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void badClientOrInstanceIsBadInput() {
        assertThat(Cli.run("init-settings", "--client", "Acme-SA", "--instance", "test").code()).isEqualTo(2);
        assertThat(Cli.run("init-settings", "--client", "acme", "--instance", "staging").code()).isEqualTo(2);
    }

    @Test
    void missingPlatformCredentialsAreListedAndFailCheck() throws IOException {
        Path out = tmp.resolve("bare.env");
        Cli.Result init = Cli.run("init-settings", "--client", "acme", "--instance", "integration", "--out", out.toString());
        assertThat(init.err()).contains("still to fill", "AWS_SECRET_ACCESS_KEY");
        Cli.Result check = Cli.run("check", "--project", project.toString(), "--instance", "integration",
                "--env-file", out.toString());
        assertThat(check.code()).isEqualTo(2);
        assertThat(check.out()).contains("AWS_SECRET_ACCESS_KEY is empty");
    }
}
