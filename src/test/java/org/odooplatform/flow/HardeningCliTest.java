package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.simulator.RecordedRequest;
import org.odooplatform.testsupport.Cli;

/**
 * The bad-input corpus of issue 13 (hardening) for deploy, diff, status, rollback and db reset, run in-process as
 * bin/odoo-platform runs them: each case ends with exit 2 (or the documented code), a clear message, no mutating
 * request to the simulator and no file changed.
 */
class HardeningCliTest {

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator()
            // (an ISO value the user typed is quoted back as typed)
            .alsoCheck(out -> assertThat(out).as("durations print as people write them").doesNotContainPattern("(?<!')PT[0-9-]"));

    /** These tests run without a database cluster: prod needs the approved --no-backup (DeployDatabaseTest has one). */
    private static final String NO_BACKUP = "--no-backup";

    private Map<String, String> files() {
        Map<String, String> all = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(cli.project())) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isRegularFile(p)) {
                    all.put(cli.project().relativize(p).toString(), Files.readString(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Runs {@code action}; it must exit {@code code} with every message, change no file and make no mutating request. */
    private Cli.Result refused(int code, java.util.function.Supplier<Cli.Result> action, String... messages) {
        Map<String, String> before = files();
        long mutations = cli.sim().mutationCount();
        Cli.Result r = action.get();
        assertThat(r.code()).as(r.toString()).isEqualTo(code);
        for (String m : messages) {
            assertThat(r.err()).as(r.toString()).contains(m);
        }
        if (code == 2) {
            assertThat(r.err()).contains("nothing was changed");
        }
        assertThat(cli.sim().mutationCount()).as("mutating requests: " + cli.sim().mutations()).isEqualTo(mutations);
        assertThat(files()).as("files of the project").isEqualTo(before);
        return r;
    }

    private void write(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            assertThat(text).contains(from);
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(Path file, String line) {
        try {
            Files.writeString(file, Files.readString(file) + line + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String odooImage(String stack) {
        return cli.sim().service(stack, "odoo").orElseThrow().path("launchConfig").path("imageUuid").asText();
    }

    // ------------------------------------------------------------------ 1. a stack belongs to its instance

    @Test
    void aStackNamedForAnotherInstanceOrClientIsRefusedBeforeAnyRequest() {
        for (String stack : List.of("acme-odoo-prod", "acme-odoo-test", "globex-odoo-integration", "acme-production",
                "acme-odoo-prod2", "ACME-ODOO-PROD", "acme-odoo-live", "odoo-integration")) {
            for (String command : List.of("deploy", "diff")) {
                Cli.Result r = refused(2, () -> cli.run(command, "integration", DeployFixtures.IMAGE_A, "--stack", stack),
                        "stack '" + stack + "'");
                assertThat(r.err()).as(command + " --stack " + stack).containsPattern("not integration|client acme");
            }
        }
        assertThat(cli.sim().requests()).as("a name check needs no request").isEmpty();
    }

    @Test
    void dbResetNeverStopsTheOdooOfAnotherInstancesStack() {
        for (String stack : List.of("acme-odoo-prod", "acme-odoo-test", "globex-odoo-integration")) {
            refused(2, () -> cli.main("db", "reset", "--project", cli.project().toString(), "--instance", "integration",
                    "--env-file", DeployFixtures.secretEnv(cli.project(), "integration").toString(), "--yes", "--stop-odoo",
                    "--stack", stack), "stack '" + stack + "'");
        }
        assertThat(cli.sim().requests()).isEmpty();
    }

    @Test
    void stacksOfTheProjectFileArePointedAtTheirLine() throws IOException {
        Files.writeString(cli.project().resolve(".odoo-platform.yml"),
                "client: acme\nimage: camptocamp/acme_odoo\nstacks:\n  integration: acme-odoo-prod\n");
        Cli.Result r = refused(2, () -> cli.run("deploy", "integration", DeployFixtures.IMAGE_A),
                ".odoo-platform.yml:4: error: stack 'acme-odoo-prod'");
        assertThat(r.err()).contains("names instance prod, not integration");
        refused(2, () -> cli.main("status", "--project", cli.project().toString(), "--instance", "integration"), "acme-odoo-prod");
        refused(2, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration"), "acme-odoo-prod");
        assertThat(cli.sim().stack("acme-odoo-prod")).isEmpty();
    }

    @Test
    void theStackComparedByRequireSameAsMustBeThatInstancesToo() throws IOException {
        assertThat(cli.run("deploy", "prod", DeployFixtures.IMAGE_A, "--approved-by", "alice", NO_BACKUP).code()).isZero();
        // integration's stack pointed at prod: prod would be "the same as" itself
        Files.writeString(cli.project().resolve(".odoo-platform.yml"),
                "client: acme\nimage: camptocamp/acme_odoo\nstacks:\n  integration: acme-odoo-prod\n");
        refused(2, () -> cli.run("deploy", "prod", DeployFixtures.IMAGE_B, "--require-same-as", "integration",
                "--approved-by", "alice"), ".odoo-platform.yml:4: error: stack 'acme-odoo-prod' (stacks.integration)");
        // a neutral name whose record says prod
        Files.writeString(cli.project().resolve(".odoo-platform.yml"),
                "client: acme\nimage: camptocamp/acme_odoo\nstacks:\n  integration: acme-blue\n  prod: acme-blue\n");
        assertThat(cli.run("deploy", "prod", DeployFixtures.IMAGE_A, "--approved-by", "alice", NO_BACKUP).code()).isZero();
        refused(2, () -> cli.run("deploy", "prod", DeployFixtures.IMAGE_A, "--require-same-as", "integration",
                "--approved-by", "alice"), "stack acme-blue is the prod instance");
    }

    @Test
    void controlSequencesNeverReachTheTerminal() {
        Cli.Result r = cli.main("status", "--stack", "x\u001b]0;owned\u0007");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.all()).doesNotContain("\u001b").doesNotContain("\u0007");
    }

    @Test
    void aCustomStackNameThatNamesTheInstanceIsAccepted() {
        Cli.Result r = cli.run("deploy", "prod", DeployFixtures.IMAGE_A, "--stack", "acme-production", "--approved-by", "alice",
                "--require-same-as", "integration");
        // integration has nothing recorded yet: the precondition, not the name, stops it
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--stack", "acme-odoo-integration-blue").code())
                .isZero();
    }

    @Test
    void aStackWhoseDeployRecordSaysAnotherInstanceIsRefusedForEveryCommand() {
        // a neutral name: only the stack's own record says what it is
        Cli.Result prod = cli.run("deploy", "prod", DeployFixtures.IMAGE_A, "--stack", "acme-blue", "--approved-by", "alice",
                NO_BACKUP);
        assertThat(prod.code()).as(prod.toString()).isZero();
        assertThat(cli.run("deploy", "prod", DeployFixtures.IMAGE_B, "--stack", "acme-blue", "--approved-by", "alice", NO_BACKUP).code())
                .isZero();
        cli.sim().clearRequests();
        refused(2, () -> cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--stack", "acme-blue"),
                "stack acme-blue is the prod instance", "deploy record");
        refused(2, () -> cli.run("diff", "integration", DeployFixtures.IMAGE_A, "--stack", "acme-blue"),
                "stack acme-blue is the prod instance");
        refused(2, () -> cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--stack", "acme-blue", "--dry-run"),
                "stack acme-blue is the prod instance");
        refused(2, () -> cli.main("status", "--project", cli.project().toString(), "--instance", "integration", "--stack", "acme-blue"),
                "stack acme-blue is the prod instance");
        refused(2, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--stack", "acme-blue"),
                "stack acme-blue is the prod instance");
        assertThat(odooImage("acme-blue")).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        // the stack's own instance is fine
        assertThat(cli.main("status", "--project", cli.project().toString(), "--instance", "prod", "--stack", "acme-blue").code()).isZero();
    }

    @Test
    void aStackWhoseRunningOdooSaysAnotherInstanceOrClientIsRefused() {
        cli.sim().seedStack("acme-green");
        cli.sim().seedService("acme-green", "odoo", "camptocamp/acme_odoo:10.1.1",
                Map.of("environment", Map.of("RUNNING_ENV", "prod", "ODOO_SESSION_REDIS_PREFIX", "acme-odoo-prod")));
        cli.sim().seedStack("acme-red");
        cli.sim().seedService("acme-red", "odoo", "camptocamp/acme_odoo:10.1.1",
                Map.of("environment", Map.of("RUNNING_ENV", "integration", "ODOO_SESSION_REDIS_PREFIX", "globex-odoo-integration")));
        cli.sim().clearRequests();
        refused(2, () -> cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--stack", "acme-green"),
                "RUNNING_ENV=prod");
        refused(2, () -> cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--stack", "acme-red"),
                "ODOO_SESSION_REDIS_PREFIX=globex-odoo-integration");
        assertThat(odooImage("acme-green")).isEqualTo("docker:camptocamp/acme_odoo:10.1.1");
        assertThat(odooImage("acme-red")).isEqualTo("docker:camptocamp/acme_odoo:10.1.1");
    }

    @Test
    void aNameAloneWithoutInstanceIsCheckedAgainstTheRecord() {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--stack", "acme-blue").code()).isZero();
        // --stack alone: the name says nothing, the record says integration: fine
        assertThat(cli.main("status", "--project", cli.project().toString(), "--stack", "acme-blue").code()).isZero();
        // a stack name that names prod but whose record says integration is inconsistent
        assertThat(cli.main("status", "--stack", "acme-odoo-nothing").code()).as("missing stack").isEqualTo(3);
    }

    // ------------------------------------------------------------------ 2. --image is an image of this project

    @Test
    void anImageOfAnotherRepositoryIsRefusedUnlessExplicitlyAllowed() {
        for (String image : List.of("globex/globex_odoo:10.1.2", "camptocamp/acme_odoo_fork:1.0",
                "registry.example.com/camptocamp/acme_odoo:1.0", "camptocamp/acme_odoo/extra:1", "acme_odoo:1.0")) {
            refused(2, () -> cli.run("deploy", "integration", image), "'" + image + "'",
                    "not the project's image repository camptocamp/acme_odoo", "--allow-other-repository");
        }
        assertThat(cli.sim().requests()).isEmpty();
        Cli.Result allowed = cli.run("deploy", "integration", "globex/globex_odoo:10.1.2", "--allow-other-repository");
        assertThat(allowed.code()).as(allowed.toString()).isZero();
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:globex/globex_odoo:10.1.2");
        // the same repository written with Docker Hub's full name is the project's
        assertThat(cli.run("deploy", "integration", "docker.io/camptocamp/acme_odoo:10.1.2", "--dry-run").code()).isZero();
    }

    @Test
    void imageReferencesAreValidatedFully() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("localhost:99999/camptocamp/acme_odoo:1", "port 99999");
        bad.put("localhost:0/camptocamp/acme_odoo:1", "port 0");
        bad.put("camptocamp/acme_odoo@sha256:abc", "digest");
        bad.put("camptocamp/acme_odoo@sha256:" + "A".repeat(64), "digest");
        bad.put("camptocamp/acme_odoo@md5:" + "a".repeat(32), "digest");
        bad.put("camptocamp/acme_odoo@" + "a".repeat(64), "digest");
        bad.put("camptocamp/acme_odoo:" + "a".repeat(129), "tag");
        bad.put("camptocamp/acme_odoo:-bad", "tag");
        bad.put("camptocamp/acme_odoo:bad!tag", "tag");
        bad.put("camptocamp/acme_odoo:10.1 .2", "tag");
        bad.put("camptocamp/Acme_odoo:1", "lower-case");
        bad.put("https://camptocamp/acme_odoo:1", "scheme");
        bad.put("camptocamp/acme_odoo:1\n", "");
        bad.put("camptocamp//acme_odoo:1", "repository");
        bad.put("c".repeat(250) + "/acme_odoo:1", "255");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Cli.Result r = refused(2, () -> cli.run("deploy", "integration", e.getKey()), "--image");
            assertThat(r.err()).as(e.getKey()).contains(e.getValue()).doesNotContain("internal error");
        }
        assertThat(cli.sim().requests()).isEmpty();
    }

    // ------------------------------------------------------------------ 3. rollback: once, to the previous successful deploy

    @Test
    void aSecondRollbackIsRefusedInsteadOfTogglingBack() {
        String c = "camptocamp/acme_odoo@sha256:" + "c".repeat(64);
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_B).code()).isZero();
        assertThat(cli.run("deploy", "integration", c).code()).isZero();
        Cli.Result first = cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--timeout", "60s");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_B);

        Cli.Result second = refused(3, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration",
                "--timeout", "60s"), "already rolled back", "--further");
        assertThat(second.err()).doesNotContain("redeploy").contains(c);
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        // the dry run says the same and changes nothing
        refused(3, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--dry-run"),
                "already rolled back");

        // explicitly going further back goes to the deploy before, never forward to c again
        Cli.Result further = cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--timeout", "60s",
                "--further");
        assertThat(further.code()).as(further.toString()).isZero();
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
        // nothing successful is left before a
        refused(3, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--further"),
                "nothing to roll back");
        // a new deploy starts a new history: rollback goes to what ran before it
        assertThat(cli.run("deploy", "integration", c).code()).isZero();
        assertThat(cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--timeout", "60s").code())
                .isZero();
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
    }

    @Test
    void aFailedDeployIsNotAVersionToGoBackTo() {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_B).code()).isZero();
        cli.sim().faults().unhealthyAfterUpgrade("acme-odoo-integration", "odoo");
        // an upgrade left between versions, then rolled back by Rancher
        String c = "camptocamp/acme_odoo@sha256:" + "c".repeat(64);
        Cli.Result failed = cli.run("deploy", "integration", c);
        assertThat(failed.code()).isEqualTo(1);
        cli.sim().faults().clear();
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        // the failed deploy is not a version to go back to: one rollback goes to a
        Cli.Result r = cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--timeout", "60s");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
    }

    @Test
    void aRancherRollbackOfAPendingUpgradeCountsAsTheRollback() throws Exception {
        String c = "camptocamp/acme_odoo@sha256:" + "c".repeat(64);
        // b and a were deployed; an upgrade to c was left 'upgraded' by a killed deploy
        cli.sim().seedUpgradedService("acme-odoo-integration", "odoo", DeployFixtures.IMAGE_B, c,
                Map.of("environment", Map.of("RUNNING_ENV", "integration")));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String history = json.writeValueAsString(List.of(
                new org.odooplatform.rancher.DeployRecord("10.1.2", DeployFixtures.IMAGE_B, DeployFixtures.DIGEST_B, "odoo",
                        null, null, null, "2026-11-26T06:22:14Z", "integration", "odoo-platform"),
                new org.odooplatform.rancher.DeployRecord("10.1.1", DeployFixtures.IMAGE_A, DeployFixtures.DIGEST_A, "odoo",
                        null, null, null, "2026-11-25T06:22:14Z", "integration", "odoo-platform")));
        org.odooplatform.rancher.Rancher api = cli.harness().clients().rancher().get();
        api.connect();
        org.odooplatform.rancher.StackNotes.update(api, api.findStack("acme-odoo-integration").orElseThrow(),
                outputs -> outputs.put(org.odooplatform.rancher.StackNotes.HISTORY, history));
        Cli.Result r = cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--timeout", "60s");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
        refused(3, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration"),
                "already rolled back", c);
        Cli.Result further = cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--timeout",
                "60s", "--further");
        assertThat(further.code()).as(further.toString()).isZero();
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_A);
    }

    // ------------------------------------------------------------------ 4. honest plans

    @Test
    void thePlanShowsPublicSettingsOfTheSecretFileInClearAndChangedSecretsAsChanged() throws IOException {
        Path secret = DeployFixtures.secretEnv(cli.project(), "integration");
        Path pub = DeployFixtures.publicEnv(cli.project(), "integration");
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        // public settings moved into the secret file, as Travis projects keep them
        write(pub, "export WORKERS=8\n", "");
        write(pub, "export AWS_HOST=sos-ch-dk-2.example.com\n", "");
        append(secret, "export WORKERS=6");
        append(secret, "export AWS_HOST=sos-ch-gva-2.example.com");
        write(secret, "quiet_heron_7302\n", "quiet_heron_7303\n");
        write(secret, DeployFixtures.DB_PASSWORD, "canary-db-pw-NEW-99x88Yq-long-er");
        Cli.Result r = cli.run("diff", "integration", DeployFixtures.IMAGE_A);
        assertThat(r.code()).as(r.toString()).isEqualTo(org.odooplatform.common.ExitCode.CHANGES);
        assertThat(r.out()).contains("~ environment WORKERS: 8 -> 6")
                .contains("~ environment AWS_HOST: sos-ch-dk-2.example.com -> sos-ch-gva-2.example.com")
                .contains("~ environment DB_NAME: quiet_heron_7302 -> quiet_heron_7303")
                .contains("~ environment DB_PASSWORD: changed")
                .doesNotContain("**** -> ****").doesNotContain("canary-db-pw-NEW").doesNotContain("characters");
    }

    @Test
    void rancherUrlAndHostsInTheSecretFileAreNeverMasked() {
        Path secret = DeployFixtures.secretEnv(cli.project(), "integration");
        append(secret, "export RANCHER_URL=" + cli.sim().baseUrl());
        append(secret, "export ODOO_BASE_URL=https://integration.acme.odoo.example.com");
        Map<String, String> env = new HashMap<>(cli.env());
        env.put("RANCHER_SECRET_KEY", "wrong-secret-key-0000");
        Cli.useEnvironment(env);
        Cli.Result r = refused(2, () -> cli.run("diff", "integration", DeployFixtures.IMAGE_A), "HTTP 401 at " + cli.sim().baseUrl());
        assertThat(r.all()).doesNotContain("****v2-beta").doesNotContain("wrong-secret-key-0000");
    }

    // ------------------------------------------------------------------ 5. no secret by a side door

    @Test
    void userInfoOfAnyUrlIsNeverPrinted() {
        for (String url : List.of("http://user:s3cr3t-pw@host:abc", "http://user:s3cr3t-pw@rancher.example.com/v2-beta",
                "ftp://user:s3cr3t-pw@host", "http://user:s3cr3t-pw@[::1", "https://s3cr3t-pw@rancher.example.com")) {
            Map<String, String> env = new HashMap<>(cli.env());
            env.put("RANCHER_URL", url);
            Cli.useEnvironment(env);
            Cli.Result r = refused(2, () -> cli.run("diff", "integration", DeployFixtures.IMAGE_A), "RANCHER_URL");
            assertThat(r.all()).as(url).doesNotContain("s3cr3t-pw").doesNotContain("user:");
        }
        assertThat(cli.sim().requests()).isEmpty();
    }

    @Test
    void plainHttpToANonLoopbackRancherIsRefusedUnlessAllowed() {
        Map<String, String> env = new HashMap<>(cli.env());
        env.put("RANCHER_URL", "http://rancher.invalid:8080");
        Cli.useEnvironment(env);
        refused(2, () -> cli.run("deploy", "integration", DeployFixtures.IMAGE_A), "plain HTTP", "--insecure-rancher");
        refused(2, () -> cli.main("status", "--project", cli.project().toString(), "--instance", "integration"), "plain HTTP");
        refused(2, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration"), "plain HTTP");
        // allowed: the request is made (and fails to connect: the host does not exist)
        Cli.Result allowed = cli.main("status", "--project", cli.project().toString(), "--instance", "integration", "--insecure-rancher");
        assertThat(allowed.err()).doesNotContain("plain HTTP");
    }

    @Test
    void secretsInThePublicSettingsFileAreErrors() {
        Path pub = DeployFixtures.publicEnv(cli.project(), "integration");
        append(pub, "export SMTP_PASSWORD=canary-smtp-Zz81uuQ");
        append(pub, "export MY_API_TOKEN=canary-token-Zz81uuQ");
        append(pub, "export ODOO_BASE_URL=https://admin:canary-url-pw-81@integration.acme.odoo.example.com");
        for (String command : List.of("deploy", "diff")) {
            Cli.Result r = refused(2, () -> cli.run(command, "integration", DeployFixtures.IMAGE_A),
                    "rancher.public.env:", "SMTP_PASSWORD", "MY_API_TOKEN", "ODOO_BASE_URL", "--env-file");
            assertThat(r.all()).doesNotContain("canary-smtp").doesNotContain("canary-token").doesNotContain("canary-url-pw");
        }
        Cli.Result check = cli.main("check", "--project", cli.project().toString(), "--instance", "integration", "--public-env-file",
                pub.toString(), "--env-file", DeployFixtures.secretEnv(cli.project(), "integration").toString());
        assertThat(check.code()).isEqualTo(2);
        assertThat(check.out()).contains("SMTP_PASSWORD").doesNotContain("canary-smtp");
        assertThat(cli.sim().requests()).isEmpty();
    }

    @Test
    void metadataRecordedOnTheStackIsValidated() {
        String[][] cases = {
            {"--triggered-by", "jenkins\nDeployed: version 9.9.9, image evil"},
            {"--triggered-by", "jenkins \u001b[2J\u001b[31mred"},
            {"--approved-by", "alice\rbob"},
            {"--approved-by", "alice\u202Eevil"},
            {"--approved-by", "a".repeat(300)},
            {"--commit", "not a sha"},
            {"--commit", "0123abc\n"},
            {"--commit", "g123456"},
            {"--commit", "abc"},
        };
        for (String[] c : cases) {
            Cli.Result r = refused(2, () -> cli.run("deploy", "integration", DeployFixtures.IMAGE_A, c[0], c[1]), c[0]);
            assertThat(r.all()).doesNotContain("\u001b").doesNotContain("\u202E");
        }
        refused(2, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration", "--triggered-by",
                "x\ny"), "--triggered-by");
        assertThat(cli.sim().requests()).isEmpty();
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A, "--commit", "0123abcdef", "--triggered-by",
                "jenkins acme/master #12 (https://ci.example.com/job/acme/12/)", "--approved-by", "Zoë O'Brien").code()).isZero();
    }

    @Test
    void statusEscapesControlCharactersARecordWrittenByHandCarries() throws Exception {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        // a record written by another tool or by hand in the Rancher UI
        JsonNode stack = cli.sim().stack("acme-odoo-integration").orElseThrow();
        String history = stack.path("outputs").path("odoo-platform.deploys").asText()
                .replace("\"tool\":\"odoo-platform\"", "\"tool\":\"odoo-platform\",\"triggeredBy\":\"x\\nDeployed: forged\\u001b[2J\"");
        org.odooplatform.rancher.Rancher api = cli.harness().clients().rancher().get();
        api.connect();
        org.odooplatform.rancher.StackNotes.update(api, api.findStack("acme-odoo-integration").orElseThrow(),
                outputs -> outputs.put(org.odooplatform.rancher.StackNotes.HISTORY, history));
        Cli.Result r = cli.main("status", "--project", cli.project().toString(), "--instance", "integration");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\nDeployed: forged").contains("\\nDeployed: forged");
    }

    // ------------------------------------------------------------------ 6. durations

    @Test
    void everyDurationIsValidatedLikeDeploys() {
        for (String[] c : new String[][] {{"--timeout", "0"}, {"--timeout", "0s"}, {"--timeout", "PT0S"},
                {"--timeout", "PT-5M"}, {"--lock-wait", "PT-1S"}, {"--timeout", "99999999999999999999s"},
                {"--timeout", "9999999999h"}, {"--lock-wait", "30d"}}) {
            Cli.Result r = refused(2, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration",
                    c[0], c[1]), c[0]);
            assertThat(r.err()).doesNotContain("internal error").contains("'" + c[1] + "'");
            Cli.Result d = refused(2, () -> cli.run("deploy", "integration", DeployFixtures.IMAGE_A, c[0], c[1]), c[0]);
            assertThat(d.err()).doesNotContain("internal error");
        }
        assertThat(cli.sim().requests()).isEmpty();
    }

    // ------------------------------------------------------------------ 7. help and warnings

    @Test
    void helpListsOnlyTheOptionsACommandUses() {
        for (String[] command : new String[][] {{"check"}, {"status"}, {"rollback"}, {"db", "reset"}}) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            Cli.Result r = cli.main(args.toArray(String[]::new));
            assertThat(r.code()).isZero();
            assertThat(r.out()).as(String.join(" ", command)).doesNotContain("--image").doesNotContain("--registry ");
        }
        assertThat(cli.main("db", "reset", "--help").out()).contains("--instance integration").doesNotContain("test|integration|prod");
        assertThat(cli.main("deploy", "--help").out()).contains("--image").contains("--allow-other-repository");
        assertThat(cli.main("rollback", "--help").out()).contains("--further");
    }

    @Test
    void deployingToProdByHandWithoutTheChecksWarns() {
        Cli.Result r = cli.run("deploy", "prod", DeployFixtures.IMAGE_A);
        // the warning comes first; then prod without a database cluster (none here) is refused
        assertThat(r.code()).as(r.toString()).isEqualTo(3);
        assertThat(r.all()).contains("warning: deploying to prod without --require-same-as integration and --approved-by")
                .contains("prod: no database access is configured");
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).all()).doesNotContain("--require-same-as");
        Cli.Result checked = cli.run("deploy", "prod", DeployFixtures.IMAGE_A, "--require-same-as", "integration",
                "--approved-by", "alice", NO_BACKUP);
        assertThat(checked.code()).as(checked.toString()).isZero();
        assertThat(checked.all()).doesNotContain("warning: deploying to prod");
    }

    @Test
    void aRollbackGivenDatabaseSettingsWithoutRestoreDatabaseIsBadInputNotASilentImageOnlyRollback() {
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_A).code()).isZero();
        assertThat(cli.run("deploy", "integration", DeployFixtures.IMAGE_B).code()).isZero();
        String envFile = DeployFixtures.secretEnv(cli.project(), "integration").toString();

        // the operator gave the instance's database settings: they meant the database to be restored too
        refused(2, () -> cli.main("rollback", "--project", cli.project().toString(), "--instance", "integration",
                "--env-file", envFile), "--env-file is only read with --restore-database");
        assertThat(odooImage("acme-odoo-integration")).isEqualTo("docker:" + DeployFixtures.IMAGE_B);
    }

    static boolean isRead(RecordedRequest r) {
        return r.isRead();
    }
}
