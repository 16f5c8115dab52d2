package org.odooplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.odooplatform.project.Instance;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.RawCli;

/**
 * The table of bad settings: each row edits a valid settings file of the sample project and
 * expects one finding, its severity, its message and its line. Every run also proves that no
 * canary secret reaches the console, even before masking.
 */
class SettingsRulesTest {

    @TempDir
    static Path tmp;
    static Path project;

    @BeforeAll
    static void copySample() {
        project = Projects.copySample(tmp.resolve("project"));
    }

    enum Where { VARIABLE, END, COMPOSE }

    record Row(String name, Instance instance, UnaryOperator<String> edit, boolean error, String message,
            Where where, String variable, int composeLine) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Row row(String name, Instance instance, UnaryOperator<String> edit, boolean error, String message, String variable) {
        return new Row(name, instance, edit, error, message, Where.VARIABLE, variable, 0);
    }

    static Stream<Arguments> table() {
        Instance t = Instance.TEST;
        Instance i = Instance.INTEGRATION;
        Instance p = Instance.PROD;
        return Stream.of(
                new Row("missing bucket", i, s -> SettingsFiles.remove(s, "AWS_BUCKETNAME"), true,
                        "AWS_BUCKETNAME is missing: expected 'export AWS_BUCKETNAME=...' (acme-odoo-integration)", Where.END, null, 0),
                new Row("missing admin password", t, s -> SettingsFiles.remove(s, "ADMIN_PASSWD"), true,
                        "ADMIN_PASSWD is missing", Where.END, null, 0),
                row("empty db password", i, s -> SettingsFiles.set(s, "DB_PASSWORD", ""), true,
                        "DB_PASSWORD is empty: expected a value (20 random characters", "DB_PASSWORD"),
                row("running env of another instance", t, s -> SettingsFiles.set(s, "RUNNING_ENV", "integration"), true,
                        "RUNNING_ENV is 'integration': expected 'test'", "RUNNING_ENV"),
                row("full mode on test", t, s -> SettingsFiles.set(s, "MARABUNTA_MODE", "full"), true,
                        "MARABUNTA_MODE is 'full': expected 'demo' on test", "MARABUNTA_MODE"),
                row("demo mode on integration", i, s -> SettingsFiles.set(s, "MARABUNTA_MODE", "demo"), true,
                        "MARABUNTA_MODE is 'demo': expected 'full' on integration", "MARABUNTA_MODE"),
                row("prod without a prod bucket", p, s -> SettingsFiles.set(s, "AWS_BUCKETNAME", "acme-odoo-integration"), true,
                        "AWS_BUCKETNAME 'acme-odoo-integration' does not match [a-z0-9-]+-odoo-prod", "AWS_BUCKETNAME"),
                row("integration on the prod bucket", i, s -> SettingsFiles.set(s, "AWS_BUCKETNAME", "acme-odoo-prod"), true,
                        "AWS_BUCKETNAME 'acme-odoo-prod' is a prod bucket", "AWS_BUCKETNAME"),
                row("bucket of another client", i, s -> SettingsFiles.set(s, "AWS_BUCKETNAME", "other-odoo-integration"), false,
                        "AWS_BUCKETNAME is 'other-odoo-integration': expected acme-odoo-integration", "AWS_BUCKETNAME"),
                row("bucket on test", t, s -> SettingsFiles.set(s, "AWS_BUCKETNAME", "acme-odoo-test"), false,
                        "AWS_BUCKETNAME is set on test", "AWS_BUCKETNAME"),
                row("redis prefix of prod on integration", i, s -> SettingsFiles.set(s, "ODOO_SESSION_REDIS_PREFIX", "acme-odoo-prod"), true,
                        "ODOO_SESSION_REDIS_PREFIX is 'acme-odoo-prod': expected acme-odoo-integration", "ODOO_SESSION_REDIS_PREFIX"),
                row("redis prefix cloud_platform refuses", p, s -> SettingsFiles.set(s, "ODOO_SESSION_REDIS_PREFIX", "acme_sessions"), true,
                        "ODOO_SESSION_REDIS_PREFIX 'acme_sessions' does not match <client>-odoo-<instance>", "ODOO_SESSION_REDIS_PREFIX"),
                row("redis sessions off", i, s -> SettingsFiles.set(s, "ODOO_SESSION_REDIS", "0"), true,
                        "ODOO_SESSION_REDIS is '0': expected 1", "ODOO_SESSION_REDIS"),
                row("cluster db named after the client", i,
                        s -> SettingsFiles.set(SettingsFiles.set(s, "DB_NAME", "a_c_m_e_4821"), "DB_USER", "a_c_m_e_4821"), true,
                        "DB_NAME 'a_c_m_e_4821' contains the client name 'acme'", "DB_NAME"),
                row("cluster role differs from db", p, s -> SettingsFiles.set(s, "DB_USER", "odoo"), true,
                        "DB_USER 'odoo' differs from DB_NAME 'brave_otter_4821'", "DB_USER"),
                row("db name not an identifier", t, s -> SettingsFiles.set(s, "DB_NAME", "acme-test"), true,
                        "DB_NAME 'acme-test' is not a plain identifier", "DB_NAME"),
                row("short password", i, s -> SettingsFiles.set(s, "DB_PASSWORD", "Cnry1Short"), true,
                        "DB_PASSWORD is too short: expected at least 20", "DB_PASSWORD"),
                row("one-class password", t, s -> SettingsFiles.set(s, "ADMIN_PASSWD", "cnryonlylowercaseletters"), true,
                        "ADMIN_PASSWD uses a single kind of character", "ADMIN_PASSWD"),
                row("repetitive password", p, s -> SettingsFiles.set(s, "ADMIN_PASSWD", "Cn1Cn1Cn1Cn1Cn1Cn1Cn1Cn1"), true,
                        "ADMIN_PASSWD repeats too few different characters", "ADMIN_PASSWD"),
                row("password with the client name", i, s -> SettingsFiles.set(s, "DB_PASSWORD", "Cnry7AcmeQ2pL9wZ4kB8nV"), true,
                        "DB_PASSWORD contains the client name", "DB_PASSWORD"),
                row("unsafe on integration", i, s -> SettingsFiles.set(s, "ODOO_CLOUD_PLATFORM_UNSAFE", "1"), false,
                        "ODOO_CLOUD_PLATFORM_UNSAFE is true: cloud_platform skips every platform check", "ODOO_CLOUD_PLATFORM_UNSAFE"),
                row("unsafe on prod", p, s -> SettingsFiles.set(s, "ODOO_CLOUD_PLATFORM_UNSAFE", "true"), true,
                        "ODOO_CLOUD_PLATFORM_UNSAFE is true: cloud_platform skips every platform check (S3, Redis); expected 0 outside debugging, and never on prod", "ODOO_CLOUD_PLATFORM_UNSAFE"),
                row("unsafe not a boolean", t, s -> SettingsFiles.set(s, "ODOO_CLOUD_PLATFORM_UNSAFE", "maybe"), true,
                        "ODOO_CLOUD_PLATFORM_UNSAFE is 'maybe': expected 0 or 1", "ODOO_CLOUD_PLATFORM_UNSAFE"),
                row("workers not a number", i, s -> SettingsFiles.set(s, "WORKERS", "eight"), true,
                        "WORKERS is 'eight': expected a whole number", "WORKERS"),
                row("memory limit with a unit", p, s -> SettingsFiles.set(s, "LIMIT_MEMORY_HARD", "1500M"), true,
                        "LIMIT_MEMORY_HARD is '1500M': expected a whole number", "LIMIT_MEMORY_HARD"),
                row("port out of range", t, s -> SettingsFiles.set(s, "DB_PORT", "70000"), true,
                        "DB_PORT is 70000: expected a port between 1 and 65535", "DB_PORT"),
                row("soft memory above hard", i, s -> SettingsFiles.set(s, "LIMIT_MEMORY_SOFT", "2000000000"), false,
                        "LIMIT_MEMORY_SOFT is above LIMIT_MEMORY_HARD", "LIMIT_MEMORY_SOFT"),
                row("domain with a scheme", i, s -> SettingsFiles.set(s, "DOMAIN_NAME", "https://integration.acme.odoo.example.com"), true,
                        "DOMAIN_NAME 'https://integration.acme.odoo.example.com' is not a host name", "DOMAIN_NAME"),
                row("domain with one label", t, s -> SettingsFiles.set(s, "DOMAIN_NAME", "localhost"), true,
                        "DOMAIN_NAME 'localhost' is not a host name", "DOMAIN_NAME"),
                row("demo flag the image refuses", t, s -> SettingsFiles.set(s, "DEMO", "yes"), true,
                        "DEMO is 'yes': expected True or False", "DEMO"),
                new Row("compose placeholder without value", i, s -> SettingsFiles.remove(s, "LIMIT_TIME_CPU"), true,
                        "${LIMIT_TIME_CPU} has no value in the settings: expected 'export LIMIT_TIME_CPU=...' in rancher.env",
                        Where.COMPOSE, null, 23),
                row("empty value used by compose", t, s -> SettingsFiles.set(s, "LETSENCRYPT_AWS_SECRET_KEY", ""), false,
                        "LETSENCRYPT_AWS_SECRET_KEY is empty but docker-compose.yml:62 uses it", "LETSENCRYPT_AWS_SECRET_KEY"),
                row("unquoted space", i, s -> SettingsFiles.set(s, "LOG_HANDLER", ":INFO odoo:DEBUG"), true,
                        "LOG_HANDLER: unquoted space in the value", "LOG_HANDLER"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void eachBadSettingIsReportedWithItsMessageAndLine(Row row) throws IOException {
        String text = row.edit().apply(SettingsFiles.valid(row.instance()));
        Path env = tmp.resolve(row.name().replace(' ', '-')).resolve("rancher.env");
        Files.createDirectories(env.getParent());
        Files.writeString(env, text);

        Cli.Result result = RawCli.run("check", "--project", project.toString(), "--instance", row.instance().id(),
                "--env-file", env.toString());

        String location = switch (row.where()) {
            case VARIABLE -> env + ":" + SettingsFiles.lineOf(text, row.variable());
            case END -> env + ":" + SettingsFiles.endLine(text);
            case COMPOSE -> project.resolve("rancher/" + row.instance().id() + "/docker-compose.yml") + ":" + row.composeLine();
        };
        String expected = location + ": " + (row.error() ? "error: " : "warning: ") + row.message();
        assertThat(result.out()).as(result.toString()).contains(expected);
        assertThat(result.code()).as(result.toString()).isEqualTo(row.error() ? 2 : 0);
        if (!row.error()) {
            assertThat(RawCli.run("check", "--strict", "--project", project.toString(), "--instance", row.instance().id(),
                    "--env-file", env.toString()).code()).isEqualTo(2);
        }
        for (String canary : SettingsFiles.CANARIES) {
            assertThat(result.all()).doesNotContain(canary);
        }
        assertThat(result.all()).doesNotContain("Cnry1Short", "cnryonlylowercaseletters", "Cn1Cn1Cn1", "Cnry7AcmeQ2pL9wZ4kB8nV");
    }

    @ParameterizedTest
    @EnumSource(Instance.class)
    void validSettingsPassWithoutAnyFinding(Instance instance) throws IOException {
        Path env = tmp.resolve("valid-" + instance.id() + ".env");
        Files.writeString(env, SettingsFiles.valid(instance));
        Cli.Result result = RawCli.run("check", "--strict", "--project", project.toString(), "--instance", instance.id(),
                "--env-file", env.toString());
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("ok: acme " + instance.id() + " (").contains("no problem found");
    }
}
