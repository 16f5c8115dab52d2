package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;

class RancherSimulatorCommandTest {

    @Test
    void aBadDurationIsExit2() {
        Cli.Result r = Cli.run("rancher-simulator", "--port", "0", "--transition-delay", "fast");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--transition-delay").contains("'fast': expected a duration such as 0, 250ms, 90s");
    }

    @Test
    void aMalformedHostIsExit2() {
        Cli.Result r = Cli.run("rancher-simulator", "--port", "0", "--host", "app-a:application");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("--host 'app-a:application'").contains("is not LABEL=VALUE");
    }

    @Test
    void anEmptySecretKeyFileIsExit2(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("sk"), "\n");
        Cli.Result r = Cli.run("rancher-simulator", "--port", "0", "--access-key", "ak", "--secret-key-file", empty.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("the secret key file is empty");
    }

    @Test
    void itServesWithTheKeysFromTheFileAndNeverPrintsTheSecret(@TempDir Path dir) throws Exception {
        String canary = "sk-canary-" + System.nanoTime();
        Path secret = Files.writeString(dir.resolve("sk"), canary + "\n");
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        // Cli.run blocks while the simulator serves; the test stops it by interrupting its thread.
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(console, true);
        Thread runner = new Thread(() -> result.set(new Cli.Result(org.odooplatform.cli.Main.run(org.odooplatform.testsupport.Cli.environment(), out, out,
                "rancher-simulator", "--port", "0", "--access-key", "ak", "--secret-key-file", secret.toString(),
                "--transition-delay", "0", "--host", "app-a:application=true", "--host", "app-b:application=true,zone=b"), "", "")));
        runner.start();
        String url = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // the banner is complete once its last line is out
        while (url == null && System.nanoTime() < deadline) {
            Matcher m = Pattern.compile("RANCHER_URL=(\\S+)").matcher(console.toString());
            if (m.find() && console.toString().contains("Stop with Ctrl-C.")) {
                url = m.group(1);
            }
            Thread.sleep(20);
        }
        assertThat(url).as(console.toString()).isNotNull();
        assertThat(new SimClient(url, "ak", canary).get("/v2-beta").status()).isEqualTo(200);
        assertThat(new SimClient(url, "ak", "wrong").get("/v2-beta").status()).isEqualTo(401);
        // the control API is served by the command too, with the same keys
        SimClient control = new SimClient(url, "ak", canary);
        assertThat(control.post("/_sim/seed/stack", "{\"name\":\"shop\"}").status()).isEqualTo(201);
        assertThat(control.get("/_sim/hosts").body().get("data")).extracting(h -> h.get("name").asText()).containsExactly("app-a", "app-b");
        assertThat(control.get("/_sim/requests").body().get("data")).extracting(r -> r.get("status").asInt()).containsExactly(200, 401);
        assertThat(console.toString()).contains("control API: " + url + "/_sim");
        runner.interrupt();
        runner.join(10_000);
        assertThat(result.get().code()).isZero();
        assertThat(console.toString()).contains("access control: on, access key ak").doesNotContain(canary);
    }
}
