package org.odooplatform.rancher;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One open log websocket ({@code url?token=...}, go-rancher hostaccess GetHostAccess), read with the
 * JDK's client. Messages are text frames (websocket-proxy frontend_handler.go sends text unless the
 * client asked for the "binary" subprotocol, which we do not). No API key goes to the websocket: the
 * proxy authenticates the token only (parseToken). Bounded: connect timeout, a maximum message size,
 * and an idle timeout the caller checks. The token is never in a message: errors name the URL
 * without its query.
 */
public final class LogStream implements AutoCloseable {

    /** A message above this is cut (a log line is short; this bounds memory per stream). */
    public static final int MAX_MESSAGE = 64 * 1024;

    private final String container;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile long lastMessage = System.nanoTime();
    private WebSocket socket;

    private LogStream(String container) {
        this.container = container;
    }

    /** Opens the websocket; {@code sink} gets each line (called from the client's thread, one message at a time). */
    public static LogStream open(HostAccess access, String container, Duration connectTimeout, Consumer<LogLine> sink) {
        LogStream stream = new LogStream(container);
        URI uri = URI.create(access.url() + (access.url().getRawQuery() == null ? "?" : "&") + "token="
                + URLEncoder.encode(access.token().reveal(), StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        try {
            stream.socket = http.newWebSocketBuilder().connectTimeout(connectTimeout)
                    .buildAsync(uri, stream.listener(sink)).get(connectTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployInterruptedException("interrupted while opening the log of " + container);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String why = cause instanceof WebSocketHandshakeException h
                    ? "the host agent refused the log token (HTTP " + h.getResponse().statusCode() + ")"
                    : cause.getClass().getSimpleName();
            throw new RancherApiException("GET", redacted(access.url()), 0, null, null,
                    "cannot open the log of " + container + ": " + why, null);
        }
        return stream;
    }

    private static String redacted(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
    }

    private WebSocket.Listener listener(Consumer<LogLine> sink) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                lastMessage = System.nanoTime();
                if (partial.length() < MAX_MESSAGE) {
                    partial.append(data, 0, Math.min(data.length(), MAX_MESSAGE - partial.length()));
                }
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    try {
                        LogLine.parse(container, message).forEach(sink);
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                ws.request(1); // not sent without the "binary" subprotocol
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                done.complete(null);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                done.completeExceptionally(new RancherApiException("GET", "log of " + container, 0, null, null,
                        "the log connection failed: " + error.getClass().getSimpleName(), null));
            }
        };
    }

    /** Completes when the agent closes the log (the log ended, or the container stopped). */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** How long since the last message. */
    public Duration idle() {
        return Duration.ofNanos(System.nanoTime() - lastMessage);
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null);
        }
        if (socket != null) {
            socket.abort();
        }
        done.complete(null);
    }
}
