package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.RawServer;

/**
 * A RANCHER_URL that is not a well-behaved Rancher: every command that talks to it ends within its
 * time-out (RANCHER_TIMEOUT) with exit 2 and "nothing was changed", says what it waited for while
 * waiting, and reads at most {@code RancherClient.MAX_ANSWER_BYTES}. Real sockets, no mocked client.
 */
class RancherBoundsTest {

    @TempDir
    Path dir;

    Path project;
    RawServer server;
    final List<Cli.Result> results = new ArrayList<>();

    @BeforeEach
    void setUp() {
        project = DeployFixtures.project(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        Cli.useEnvironment(null);
        if (server != null) {
            server.close();
        }
        for (Cli.Result r : results) {
            for (String canary : DeployFixtures.CANARIES) {
                assertThat(r.all()).as("secret in the output").doesNotContain(canary);
            }
        }
    }

    private void rancherAt(String url, String timeout) {
        Map<String, String> env = new HashMap<>(Map.of("RANCHER_URL", url, "RANCHER_ACCESS_KEY", "ak-bounds",
                "RANCHER_SECRET_KEY", DeployFixtures.RANCHER_SECRET));
        if (timeout != null) {
            env.put("RANCHER_TIMEOUT", timeout);
        }
        Cli.useEnvironment(env);
    }

    private Cli.Result deploy() {
        Cli.Result r = Cli.run("deploy", "--project", project.toString(), "--instance", "integration",
                "--public-env-file", DeployFixtures.publicEnv(project, "integration").toString(),
                "--env-file", DeployFixtures.secretEnv(project, "integration").toString(),
                "--image", DeployFixtures.IMAGE_A, "--timeout", "60s");
        results.add(r);
        return r;
    }

    private Cli.Result status() {
        Cli.Result r = Cli.run("status", "--project", project.toString(), "--stack", "acme-odoo-integration");
        results.add(r);
        return r;
    }

    @Test
    void aServerThatNeverAnswersEndsWithinTheTimeoutWithProgressAndExit2() throws Exception {
        server = new RawServer(RawServer.hang());
        rancherAt(server.url(), "2s");
        long start = System.nanoTime();
        Cli.Result r = deploy();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(seconds).as("ends within the time-out (2 s), not retried 8 times").isLessThan(8);
        assertThat(r.err()).contains("cannot use the Rancher API at RANCHER_URL " + server.url() + "/v2-beta")
                .contains("time-out").contains("RANCHER_TIMEOUT").contains("nothing was changed");
        assertThat(r.out()).as("progress while waiting").contains("Rancher: still waiting for the answer to GET "
                + server.url() + "/v2-beta");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aBodyDrippedByteByByteIsCutAtTheTimeout() throws Exception {
        server = new RawServer(RawServer.drip(100));
        rancherAt(server.url(), "2s");
        long start = System.nanoTime();
        Cli.Result r = status();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(seconds).isLessThan(8);
        assertThat(r.err()).contains("no complete answer within 2s").contains("nothing was changed");
    }

    @Test
    void aHugeAnswerIsRefusedWithoutReadingIt() throws Exception {
        // announced: refused from the Content-Length, before reading the body
        server = new RawServer(RawServer.flood(100, true));
        rancherAt(server.url(), "20s");
        Cli.Result r = status();
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("the answer announces 100 MB, more than the 32 MB allowed")
                .contains("is RANCHER_URL the Rancher server?");
        server.close();
        // not announced (read until the connection closes): cut when it passes the limit
        server = new RawServer(RawServer.flood(100, false));
        rancherAt(server.url(), "20s");
        r = status();
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("the answer is longer than the 32 MB allowed");
        assertThat(server.connections()).as("not retried: the same answer would come again").isEqualTo(1);
    }

    @Test
    void aRedirectSaysWhereToWithoutUserInfoAndNamesTheUsualCause() throws Exception {
        server = new RawServer(RawServer.redirect(301, "https://deployer:hunter2-pw@rancher.example.com/v2-beta"));
        rancherAt(server.url(), null);
        Cli.Result r = deploy();
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("HTTP 301: a redirect to https://rancher.example.com/v2-beta")
                .contains("http:// where Rancher serves https://").contains("nothing was changed")
                .doesNotContain("hunter2-pw").doesNotContain("deployer");
        assertThat(server.connections()).isEqualTo(1);
        server.close();
        // a relative Location is resolved against the request
        server = new RawServer(RawServer.redirect(302, "/login?redirect=/v2-beta"));
        rancherAt(server.url(), null);
        r = status();
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("HTTP 302: a redirect to " + server.url() + "/login");
    }

    @Test
    void aServerThatSpeaksAnotherProtocolIsExit2() throws Exception {
        server = new RawServer(RawServer.answer("SSH-2.0-OpenSSH_9.2\r\n"));
        rancherAt(server.url(), "2s");
        Cli.Result r = status();
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("cannot use the Rancher API").contains("nothing was changed");
    }

    @Test
    void aRefusedConnectionIsRetriedWithProgressThenExit2() throws Exception {
        server = new RawServer(RawServer.hang());
        String url = server.url();
        server.close(); // nothing listens there any more
        server = null;
        rancherAt(url, "2s");
        Cli.Result r = status();
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).contains("Rancher: GET " + url + "/v2-beta: no answer (connection refused or unreachable);"
                + " attempt 2 of 8 in 200ms");
        assertThat(r.err()).contains("after 8 attempts").contains("nothing was changed");
    }

    @Test
    void aBadRancherTimeoutIsExit2() {
        rancherAt("http://127.0.0.1:9", "soon");
        Cli.Result r = status();
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("RANCHER_TIMEOUT 'soon': expected a duration between 100ms and 60m");
    }
}
