package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.testsupport.RawServer;

/** A registry that hangs, drips or floods: each call ends within its time-out and size bound (real sockets). */
class RegistryBoundsTest {

    private static RegistryClient client(RawServer server, Duration timeout) {
        return new RegistryClient("127.0.0.1:" + server.port(), false, Optional.empty(), "REGISTRY_USERNAME/REGISTRY_PASSWORD")
                .withRequestTimeout(timeout);
    }

    @Test
    void aRegistryThatDripsItsManifestIsCutAtTheTimeout() throws Exception {
        try (RawServer server = new RawServer(RawServer.drip(100))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client(server, Duration.ofSeconds(2)).getManifest("acme/odoo", "1.0"))
                    .isInstanceOf(OperationFailedException.class)
                    .hasMessageContaining("did not answer in time (no complete answer within 2s)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void aRegistryThatNeverAnswersIsCutAtTheTimeout() throws Exception {
        try (RawServer server = new RawServer(RawServer.hang())) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client(server, Duration.ofSeconds(1)).headManifest("acme/odoo", "1.0"))
                    .hasMessageContaining("did not answer in time");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void aHundredMegabyteAnswerIsRefused() throws Exception {
        try (RawServer server = new RawServer(RawServer.flood(100, false))) {
            assertThatThrownBy(() -> client(server, Duration.ofSeconds(60)).getManifest("acme/odoo", "1.0"))
                    .hasMessageContaining("sent an unusable answer: the answer is longer than the 16 MB allowed");
        }
    }
}
