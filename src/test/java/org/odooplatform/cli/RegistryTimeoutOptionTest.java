package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.RawServer;

/** {@code --registry-timeout} bounds the registry API calls of the image commands, and is validated like every duration. */
class RegistryTimeoutOptionTest {

    @Test
    void aRegistryThatNeverAnswersEndsAtTheGivenTimeout() throws Exception {
        try (RawServer server = new RawServer(RawServer.hang())) {
            long start = System.nanoTime();
            Cli.Result r = Cli.run("image", "resolve", "127.0.0.1:" + server.port() + "/acme/acme_odoo:10.1.2", "--registry-timeout", "3s");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(r.code()).as(r.toString()).isNotZero();
            assertThat(r.err()).contains("did not answer in time").contains("3s");
            assertThat(r.err()).contains("waiting for registry 127.0.0.1:" + server.port()).contains("so far, time-out 3s");
            assertThat(took).isLessThan(Duration.ofSeconds(30)); // the default would wait 120 s per try
        }
    }

    @Test
    void theTimeoutIsValidatedAndOnlyTheRegistryCommandsHaveIt() {
        Cli.Result zero = Cli.run("image", "resolve", "127.0.0.1:5999/acme/acme_odoo:10.1.2", "--registry-timeout", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--registry-timeout");
        for (String command : new String[] {"resolve", "publish", "promote"}) {
            assertThat(Cli.run("image", command, "--help").out()).as(command).contains("--registry-timeout");
        }
        assertThat(Cli.run("image", "build", "--help").out()).doesNotContain("--registry-timeout");
    }
}
