package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.odooplatform.cli.Main;
import org.odooplatform.common.MaskingPrintStream;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.testsupport.Cli;

/** {@code logs} and the log excerpt of a failed deploy, run in-process against the simulator. */
class LogsCliTest {

    @RegisterExtension
    final CliOnSimulator cli = new CliOnSimulator()
            // the log token is a JWT ("eyJ..." header) and goes in ?token=: neither may be printed
            .alsoCheck(out -> assertThat(out).doesNotContain("token=").doesNotContain("eyJ"));

    private Cli.Result deploy(String instance, String image) {
        // a short health grace: the failing deploys here fail in seconds, not the default 30 s
        Cli.Result r = cli.main("deploy", "--project", cli.project().toString(), "--instance", instance,
                "--public-env-file", DeployFixtures.publicEnv(cli.project(), instance).toString(),
                "--env-file", DeployFixtures.secretEnv(cli.project(), instance).toString(), "--image", image, "--timeout", "60s",
                "--health-grace", "2s");
        return r;
    }

    private Cli.Result logs(String... more) {
        List<String> args = new ArrayList<>(List.of("logs", "--project", cli.project().toString(), "--instance", "integration"));
        args.addAll(List.of(more));
        Cli.Result r = cli.main(args.toArray(String[]::new));
        return r;
    }

    private List<JsonNode> odooContainers() {
        return cli.sim().containers("acme-odoo-integration", "odoo");
    }

    @Test
    void withoutFollowEachContainersLastLinesArePrintedWithItsNameAndTheCommandEnds() {
        assertThat(deploy("integration", DeployFixtures.IMAGE_A).code()).isZero();
        String first = odooContainers().get(0).path("id").asText();
        cli.sim().appendLog(first, true, "WARNING odoo: a warning on stderr");
        Cli.Result r = logs("--service", "odoo", "--tail", "3");
        assertThat(r.code()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        // the service's instances include its sidekicks' containers (odoo-nginx-N), as rancher-compose logs them
        int containers = (int) odooContainers().stream().filter(c -> c.path("state").asText().equals("running")).count();
        assertThat(containers).isEqualTo(4);
        assertThat(lines).allMatch(l -> l.matches("odoo-(nginx-)?\\d+\\s* \\| \\d{4}-\\d\\d-\\d\\dT\\S+Z .*"));
        java.util.Map<String, Long> perContainer = lines.stream().collect(java.util.stream.Collectors.groupingBy(
                l -> l.substring(0, l.indexOf(' ')), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        assertThat(perContainer).hasSize(containers).allSatisfy((name, n) -> assertThat(n).isBetween(1L, 3L));
        assertThat(perContainer).containsEntry("odoo-1", 3L).containsEntry("odoo-2", 3L);
        // the stderr line is the newest of its container: it is among its last three
        assertThat(lines).anyMatch(l -> l.endsWith("WARNING odoo: a warning on stderr"));
    }

    @Test
    void sinceKeepsOnlyTheRecentLines() throws Exception {
        assertThat(deploy("integration", DeployFixtures.IMAGE_A).code()).isZero();
        Thread.sleep(2500);
        String first = odooContainers().get(0).path("id").asText();
        cli.sim().appendLog(first, false, "a line of just now");
        Cli.Result r = logs("--service", "odoo", "--since", "1s");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("a line of just now").doesNotContain("Starting acme-odoo-integration-odoo");
        Cli.Result all = logs("--service", "odoo");
        assertThat(all.out()).contains("Starting acme-odoo-integration-odoo-1 from " + DeployFixtures.IMAGE_A);
    }

    @Test
    void badInputExits2AndAMissingServiceExits3() {
        assertThat(logs("--tail", "101").code()).isEqualTo(2);
        assertThat(logs("--tail", "-1").code()).isEqualTo(2);
        Cli.Result noStack = logs();
        assertThat(noStack.code()).as(noStack.toString()).isEqualTo(3);
        assertThat(noStack.err()).contains("stack acme-odoo-integration does not exist");
        assertThat(deploy("integration", DeployFixtures.IMAGE_A).code()).isZero();
        Cli.Result noService = logs("--service", "nope");
        assertThat(noService.code()).isEqualTo(3);
        assertThat(noService.err()).contains("has no service nope");
    }

    @Test
    void followingPicksUpTheContainersAnUpgradeStartsAndStopsWhenInterrupted() throws Exception {
        assertThat(deploy("integration", DeployFixtures.IMAGE_A).code()).isZero();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new MaskingPrintStream(buffer, SecretMasker.global());
        PrintStream err = new MaskingPrintStream(new ByteArrayOutputStream(), SecretMasker.global());
        AtomicInteger code = new AtomicInteger(-1);
        Thread follower = new Thread(() -> code.set(Main.run(Cli.environment(), out, err, "logs", "--project", cli.project().toString(),
                "--instance", "integration", "--service", "odoo", "--follow", "--tail", "2")));
        follower.start();
        try {
            waitFor(buffer, "odoo-1");
            assertThat(deploy("integration", DeployFixtures.IMAGE_B).code()).isZero();
            // the in-service upgrade started new containers from the new image: their log is followed
            waitFor(buffer, "from " + DeployFixtures.IMAGE_B);
            assertThat(text(buffer)).contains(": new container, following its log");
        } finally {
            follower.interrupt();
            follower.join(20_000);
        }
        assertThat(follower.isAlive()).isFalse();
        assertThat(code.get()).isZero();
        String printed = text(buffer);
        cli.record(printed);
        // --tail 2 applies to the existing log of the containers there at the start
        Matcher m = Pattern.compile("(?m)^odoo-1 +\\| .*from " + Pattern.quote(DeployFixtures.IMAGE_A) + "$").matcher(printed);
        assertThat(m.find()).as("odoo-1's start line is older than its last 2 lines").isFalse();
    }

    @Test
    void aFailedDeployPrintsTheFailingContainersLastLinesAndStillItsOwnError() {
        assertThat(deploy("integration", DeployFixtures.IMAGE_A).code()).isZero();
        cli.sim().faults().unhealthyAfterUpgrade("acme-odoo-integration", "odoo");
        Cli.Result r = deploy("integration", DeployFixtures.IMAGE_B);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).containsPattern("Last \\d+ lines of the log of acme-odoo-integration-odoo-\\d+")
                .contains("CRITICAL ? odoo.service.server: Failed to initialize database `odoo`.")
                .contains("failed:").contains("Rolled back odoo");
    }

    @Test
    void aLogThatCannotBeReadDoesNotHideTheDeploysError() {
        assertThat(deploy("integration", DeployFixtures.IMAGE_A).code()).isZero();
        cli.sim().faults().unhealthyAfterUpgrade("acme-odoo-integration", "odoo");
        cli.sim().faults().failNext(100, 500, "POST", "action=logs");
        Cli.Result r = deploy("integration", DeployFixtures.IMAGE_B);
        assertThat(r.code()).as(r.toString()).isEqualTo(1);
        assertThat(r.all()).contains("(could not read the failing container's log:").contains("Rolled back odoo");
    }

    private static String text(ByteArrayOutputStream buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static void waitFor(ByteArrayOutputStream buffer, String what) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!text(buffer).contains(what) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(text(buffer)).contains(what);
    }
}
