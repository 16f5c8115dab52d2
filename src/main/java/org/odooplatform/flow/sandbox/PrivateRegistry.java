package org.odooplatform.flow.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.ProcessRunner;

/**
 * A Docker registry v2 ({@code docker-registry serve}, the distribution project's binary) of the sandbox's own:
 * on 127.0.0.1 at a free port, storage in its own directory, no authentication (it listens on loopback only),
 * stopped by {@link #close()}.
 */
public final class PrivateRegistry implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessRunner.Background process;
    private final String address;

    private PrivateRegistry(ProcessRunner.Background process, String address) {
        this.process = process;
        this.address = address;
    }

    /** Starts {@code binary} with storage and log under {@code dir}; returns once {@code GET /v2/} answers 200. */
    public static PrivateRegistry start(Path binary, Path dir) {
        try {
            Files.createDirectories(dir.resolve("storage"));
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            String address = "127.0.0.1:" + port;
            Path config = dir.resolve("config.yml");
            Files.writeString(config, String.join("\n",
                    "version: 0.1",
                    "log: {level: warn}",
                    "storage: {filesystem: {rootdirectory: " + dir.resolve("storage") + "}, delete: {enabled: true}}",
                    "http: {addr: '" + address + "'}",
                    ""), StandardCharsets.UTF_8);
            ProcessRunner.Background process = ProcessRunner.start(List.of(binary.toString(), "serve", config.toString()),
                    dir.resolve("registry.log"));
            PrivateRegistry registry = new PrivateRegistry(process, address);
            registry.awaitUp(dir.resolve("registry.log"));
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    /** HOST:PORT, what image references start with. */
    public String address() {
        return address;
    }

    private void awaitUp(Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                break;
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep();
        }
        close();
        throw new OperationFailedException("the sandbox's registry did not answer on " + address + " within "
                + START_TIMEOUT.toSeconds() + " s (log: " + log + ")");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
