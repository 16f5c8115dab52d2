package org.odooplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service test run without its service fails and says what to start (it never skips). */
class TestServiceTest {

    @Test
    void aMissingVariableFailsWithTheCommandToRun() {
        assertThatThrownBy(() -> TestService.POSTGRES.require(Map.of()))
                .hasMessageContaining("PostgreSQL")
                .hasMessageContaining("TEST_PG_HOST is not set")
                .hasMessageContaining("scripts/test-services.sh start");
    }

    @Test
    void aPortWhereNothingListensFails() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> env = Map.of("TEST_PG_HOST", "127.0.0.1", "TEST_PG_PORT", String.valueOf(port),
                "TEST_PG_USER", "postgres", "TEST_PG_PASSWORD_FILE", "/nonexistent");
        assertThatThrownBy(() -> TestService.POSTGRES.require(env)).hasMessageContaining("nothing answers on 127.0.0.1:" + port);
    }

    @Test
    void aListeningPortPasses() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            Map<String, String> env = Map.of("TEST_REGISTRY", "127.0.0.1:" + s.getLocalPort(),
                    "TEST_REGISTRY_USER", "u", "TEST_REGISTRY_PASSWORD_FILE", "/x");
            assertThatCode(() -> TestService.REGISTRY.require(env)).doesNotThrowAnyException();
        }
    }

    @Test
    void dockerdNeedsItsSocket(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> TestService.DOCKERD.require(Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock"))))
                .hasMessageContaining("no socket at");
        Path socket = Files.createFile(dir.resolve("docker.sock"));
        assertThatCode(() -> TestService.DOCKERD.require(Map.of("DOCKER_HOST", "unix://" + socket))).doesNotThrowAnyException();
    }
}
