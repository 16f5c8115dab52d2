package org.odooplatform.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real service some tests talk to, started by {@code scripts/test-services.sh start}. Each knows
 * the variables the tests read and how to tell it is up, so a test run by hand without it fails
 * with one sentence that says what to start, instead of skipping or timing out.
 */
public enum TestService {
    POSTGRES("PostgreSQL", List.of("TEST_PG_HOST", "TEST_PG_PORT", "TEST_PG_USER", "TEST_PG_PASSWORD_FILE")) {
        @Override
        Optional<String> problem(Map<String, String> env) {
            return reachable(env.get("TEST_PG_HOST"), Integer.parseInt(env.get("TEST_PG_PORT")));
        }
    },
    REGISTRY("the Docker registry v2", List.of("TEST_REGISTRY", "TEST_REGISTRY_USER", "TEST_REGISTRY_PASSWORD_FILE")) {
        @Override
        Optional<String> problem(Map<String, String> env) {
            URI uri = URI.create("http://" + env.get("TEST_REGISTRY"));
            return reachable(uri.getHost(), uri.getPort());
        }
    },
    BUILDAH("buildah and the test base image", List.of("TEST_BUILDAH_ROOT", "TEST_BASE_IMAGE", "TEST_BASE_IMAGE_ARCHIVE")) {
        @Override
        Optional<String> problem(Map<String, String> env) {
            if (!Files.isDirectory(Path.of(env.get("TEST_BUILDAH_ROOT")))) {
                return Optional.of("TEST_BUILDAH_ROOT " + env.get("TEST_BUILDAH_ROOT") + " is not a directory");
            }
            return Files.isRegularFile(Path.of(env.get("TEST_BASE_IMAGE_ARCHIVE")))
                    ? Optional.empty()
                    : Optional.of("the base image archive " + env.get("TEST_BASE_IMAGE_ARCHIVE") + " is missing");
        }
    },
    DOCKERD("dockerd", List.of("DOCKER_HOST")) {
        @Override
        Optional<String> problem(Map<String, String> env) {
            String host = env.get("DOCKER_HOST");
            if (!host.startsWith("unix://")) {
                return Optional.of("DOCKER_HOST " + host + " is not a unix:// socket");
            }
            return Files.exists(Path.of(host.substring("unix://".length())))
                    ? Optional.empty()
                    : Optional.of("no socket at " + host);
        }
    },
    CHROMIUM("Chromium, headless (the Debian package chromium)", List.of()) {
        @Override
        Optional<String> problem(Map<String, String> env) {
            return Files.isExecutable(Path.of(CHROMIUM_BINARY)) ? Optional.empty()
                    : Optional.of(CHROMIUM_BINARY + " is missing: apt-get install -y chromium");
        }
    };

    /** Where the Debian package installs it (tests drive this binary). */
    public static final String CHROMIUM_BINARY = "/usr/bin/chromium";

    private final String label;
    private final List<String> variables;

    TestService(String label, List<String> variables) {
        this.label = label;
        this.variables = variables;
    }

    /** Why the service cannot be used, or empty when it is up. */
    abstract Optional<String> problem(Map<String, String> env);

    /** Fails with what to start when the service is missing; otherwise returns. */
    void require() {
        require(System.getenv());
    }

    void require(Map<String, String> env) {
        Optional<String> why = variables.stream().filter(v -> env.get(v) == null || env.get(v).isBlank())
                .findFirst().map(v -> v + " is not set");
        if (why.isEmpty()) {
            why = problem(env);
        }
        why.ifPresent(reason -> {
            throw new IllegalStateException("This test needs " + label + " (" + reason + "). Start the test services"
                    + " and load their variables: scripts/test-services.sh start && . \"$(scripts/test-services.sh env)\"");
        });
    }

    private static Optional<String> reachable(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2_000);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("nothing answers on " + host + ":" + port + ": " + e.getMessage());
        }
    }
}
