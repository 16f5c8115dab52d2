package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.odooplatform.simulator.SimState.ContainerRecord;

/**
 * The host agent's log endpoint, as Rancher 1.6 serves it: the container {@code logs} action
 * (cattle ContainerLogsActionHandler) returns a {@code hostAccess} with a websocket URL and a
 * short-lived token (HostApiServiceImpl.getAccess: a JWT holding the {@code logs} claims and the
 * host's uuid, valid {@code jwt.default.expiration.seconds=300}); the client opens
 * {@code url?token=...} and the websocket-proxy (proxy/frontend_handler.go) hands it to host-api's
 * LogsHandler (logs/logs.go), which streams {@code docker logs} one message per write:
 * {@code "01 "} stdout, {@code "02 "} stderr ({@code "00 "} with a TTY), then the line with docker's
 * RFC 3339 timestamp (host-api always asks for {@code Timestamps: true}).
 *
 * <p>The websocket listens on its own port: the JDK HTTP server cannot upgrade a connection, and
 * a separate proxy host is what Cattle's HA proxy mode (HOST_API_PROXY_MODE_HA) hands out anyway.
 * Log lines are generated from the container's record (Odoo start-up lines, then one request line
 * per {@code lineInterval} while it runs) plus what a test appends.
 */
final class HostLogs implements AutoCloseable {

    /** cattle defaults.properties: jwt.default.expiration.seconds=300. */
    static final long TOKEN_SECONDS = 300;
    /** host-api logs.go reads the Lines claim as a Go int from a JSON number (a float64): never found, so always tail "100". */
    static final int AGENT_TAIL = 100;
    /** cattle api-server defaults.properties: host.logs.path=/v1/logs/. */
    static final String PATH = "/v1/logs/";

    private final Engine engine;
    private final long lineIntervalMillis;
    private final byte[] key = new byte[32];
    private final Map<String, List<Line>> appended = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final Server server;

    /** One log line of a container: when, which stream ("01" stdout, "02" stderr), text. */
    record Line(long at, String stream, String text) {
        String frame() {
            // host-api wrapMessage: prefix + docker's write (timestamp, space, line, newline)
            return stream + " " + Instant.ofEpochMilli(at) + " " + text + "\n";
        }
    }

    HostLogs(Engine engine, long lineIntervalMillis) {
        this.engine = engine;
        this.lineIntervalMillis = lineIntervalMillis;
        new SecureRandom().nextBytes(key);
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rancher-simulator-logs");
            t.setDaemon(true);
            return t;
        });
        this.server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.setDaemon(true);
        server.setReuseAddr(true);
        server.setConnectionLostTimeout(30);
    }

    void start() {
        server.start();
        try {
            // start() returns before the socket is bound; the port is needed for the first hostAccess
            for (int i = 0; i < 200 && server.getPort() == 0; i++) {
                Thread.sleep(10);
            }
            for (int i = 0; i < 200 && !server.started; i++) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int port() {
        return server.getPort();
    }

    /** A line a test wants in a container's log (stderr when {@code stderr}), stamped now. */
    void append(String containerId, boolean stderr, String text) {
        appended.computeIfAbsent(containerId, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(new Line(engine.now(), stderr ? "02" : "01", text));
    }

    /**
     * The {@code logs} action's answer (cattle ContainerLogsActionHandler.perform). The input is
     * cattle's containerLogs type: follow (default true), lines (default 100, min 0), timestamps, since.
     */
    ObjectNode access(ContainerRecord c, ObjectNode input) {
        if (!List.of("running", "stopped", "stopping").contains(c.state)) {
            // cattle container.json resourceActions.logs.attributes.states
            throw ApiError.actionNotAvailable();
        }
        JsonNode lines = input.path("lines");
        if (!lines.isMissingNode() && !lines.isNull() && (!lines.canConvertToInt() || lines.asInt() < 0)) {
            throw ApiError.validation(lines.canConvertToInt() ? "MinLimitExceeded" : "InvalidType", "lines");
        }
        ObjectNode logs = Engine.JSON.createObjectNode();
        logs.put("Container", c.id);
        logs.put("Lines", lines.isMissingNode() || lines.isNull() ? 100 : lines.asInt());
        logs.put("Follow", input.path("follow").isBoolean() ? input.path("follow").asBoolean() : true);
        logs.put("Timestamps", true);
        logs.put("Since", input.path("since").asText(""));
        ObjectNode claims = Engine.JSON.createObjectNode();
        claims.set("logs", logs);
        claims.put("hostUuid", c.hostId);
        claims.put("exp", engine.now() / 1000 + TOKEN_SECONDS);
        ObjectNode access = Engine.JSON.createObjectNode();
        access.put("type", "hostAccess");
        access.put("url", "ws://127.0.0.1:" + port() + PATH);
        access.put("token", sign(claims));
        return access;
    }

    // ------------------------------------------------------------------ token (a JWT, HS256 here instead of Cattle's RS256)

    private String sign(ObjectNode claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + b64.encodeToString(mac(header + "." + payload));
    }

    /** The claims of a valid, unexpired token; empty otherwise (websocket-proxy FrontendHandler.auth). */
    private Optional<JsonNode> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty(); // parseToken: "No JWT provided"
        }
        try {
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, mac(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            JsonNode claims = Engine.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            if (claims.path("exp").asLong() * 1000 < engine.now()) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tokenOf(String resource) {
        String query = URI.create(resource).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("token=")) {
                return URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ the log itself

    /** Everything the container has written up to now, oldest first. */
    private List<Line> linesUpTo(String containerId, long now) {
        List<Line> out = new ArrayList<>();
        ContainerRecord c;
        synchronized (engine) {
            engine.advance();
            c = engine.container(containerId).orElse(null);
        }
        if (c == null) {
            return out;
        }
        long t = c.created;
        String image = c.imageUuid == null ? "" : c.imageUuid.replaceFirst("^docker:", "");
        out.add(new Line(t, "01", "Starting " + c.name + " from " + image));
        boolean sidekick = c.launchConfigName != null;
        if (sidekick) {
            out.add(new Line(t, "01", "nginx: [notice] start worker processes"));
        } else {
            out.add(new Line(t, "01", "INFO ? odoo: Odoo version 10.0"));
            out.add(new Line(t, "01", "INFO ? odoo: database: odoo@db:5432"));
            if (c.endsUnhealthy) {
                out.add(new Line(t, "02", "ERROR ? odoo.modules.registry: Failed to load registry"));
                out.add(new Line(t, "02", "CRITICAL ? odoo.service.server: Failed to initialize database `odoo`."));
            } else {
                out.add(new Line(t, "01", "INFO ? odoo.service.server: HTTP service (werkzeug) running on 0.0.0.0:8069"));
            }
        }
        // one request line per interval while it lives (only the recent ones: the agent tails 100 anyway)
        long end = c.removed != null ? Math.min(now, c.removed) : now;
        if (!c.endsUnhealthy && lineIntervalMillis > 0) {
            long first = Math.max(1, (end - t) / lineIntervalMillis - 2L * AGENT_TAIL);
            for (long k = first; t + k * lineIntervalMillis <= end; k++) {
                out.add(new Line(t + k * lineIntervalMillis, "01", sidekick
                        ? "10.42.0.1 - - \"GET /web/webclient/version_info HTTP/1.1\" 200 92"
                        : "INFO odoo werkzeug: 10.42.0.1 - - \"GET /web/webclient/version_info HTTP/1.1\" 200 -"));
            }
        }
        out.addAll(appended.getOrDefault(containerId, List.of()));
        out.removeIf(l -> l.at() > now);
        out.sort(java.util.Comparator.comparingLong(Line::at)); // stable: same-millisecond lines keep their order
        return out;
    }

    private boolean running(String containerId) {
        synchronized (engine) {
            engine.advance();
            return engine.container(containerId).map(c -> "running".equals(c.state) && c.removed == null).orElse(false);
        }
    }

    /** host-api LogsHandler.Handle: the tail, then (follow) new lines until the container stops. */
    private void stream(WebSocket ws, String containerId, boolean follow) {
        long now = engine.now();
        List<Line> all = linesUpTo(containerId, now);
        List<Line> tail = all.subList(Math.max(0, all.size() - AGENT_TAIL), all.size());
        for (Line l : tail) {
            if (!send(ws, l)) {
                return;
            }
        }
        if (!follow) {
            // client.Logs returned: SignalHandlerClosed, then the proxy's closeConnection (normal closure)
            ws.close(CloseFrame.NORMAL, "");
            return;
        }
        int[] count = {all.size()};
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            if (!ws.isOpen()) {
                return;
            }
            long t = engine.now();
            List<Line> lines = linesUpTo(containerId, t);
            for (Line l : lines.subList(Math.min(count[0], lines.size()), lines.size())) {
                if (!send(ws, l)) {
                    return;
                }
            }
            count[0] = lines.size();
            if (!running(containerId)) {
                ws.close(CloseFrame.NORMAL, "");
                return;
            }
            ticker.schedule(tick[0], 100, TimeUnit.MILLISECONDS);
        };
        ticker.schedule(tick[0], 100, TimeUnit.MILLISECONDS);
    }

    private static boolean send(WebSocket ws, Line l) {
        try {
            ws.send(l.frame());
            return true;
        } catch (org.java_websocket.exceptions.WebsocketNotConnectedException e) {
            return false; // the client went away: host-api's handler ends when the channel closes
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Server extends WebSocketServer {
        volatile boolean started;

        Server(InetSocketAddress address) {
            super(address, 2);
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft, ClientHandshake request)
                throws InvalidDataException {
            ServerHandshakeBuilder builder = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
            String resource = request.getResourceDescriptor();
            // websocket-proxy FrontendHandler: a missing or bad token fails before the upgrade. It
            // answers 401; Java-WebSocket can only refuse a handshake with 404, which clients see the same way.
            if (!URI.create(resource).getRawPath().equals(PATH) || verify(tokenOf(resource)).isEmpty()) {
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "Failed authentication");
            }
            return builder;
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            JsonNode logs = verify(tokenOf(handshake.getResourceDescriptor())).orElseThrow().path("logs");
            String containerId = logs.path("Container").asText();
            boolean follow = logs.path("Follow").asBoolean(true);
            ticker.execute(() -> stream(conn, containerId, follow));
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            // host-api ignores what the client sends (it only watches for the channel to close)
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started = true;
        }
    }
}
