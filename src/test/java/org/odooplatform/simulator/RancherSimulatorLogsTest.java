package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.simulator.SimClient.Reply;

/**
 * The container {@code logs} action and the host agent's log websocket, read with the JDK's websocket
 * client (not the project's Rancher client): each behaviour names the Rancher 1.6 source it follows.
 */
class RancherSimulatorLogsTest {

    private RancherSimulator sim;
    private SimClient api;

    @BeforeEach
    void start() {
        sim = RancherSimulator.builder().accessKey("ak").secretKey("sk-canary").transitionDelay(Duration.ZERO)
                .healthCheckDelay(Duration.ZERO).logLineInterval(Duration.ZERO).build().start();
        api = new SimClient(sim.baseUrl(), "ak", "sk-canary");
        sim.seedService("acme-odoo-test", "odoo", "camptocamp/acme_odoo:10.1.0", Map.of());
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private JsonNode container() {
        return sim.containers("acme-odoo-test", "odoo").get(0);
    }

    /** A websocket that collects text messages and completes on close. */
    static final class Collector implements WebSocket.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder part = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            part.append(data);
            if (last) {
                messages.add(part.toString());
                part.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    private static WebSocket open(String url, Collector c) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), c).get(10, TimeUnit.SECONDS);
    }

    private Reply logs(String input) {
        return api.post(container().path("actions").path("logs").asText(), input);
    }

    @Test
    void theLogsActionReturnsAHostAccessWithAWebsocketUrlAndAJwt() throws Exception {
        // cattle container.json resourceActions.logs (input containerLogs, output hostAccess);
        // ContainerLogsActionHandler puts Container, Lines, Follow, Timestamps, Since in the token;
        // HostApiServiceImpl.getAccess: ws URL + host.logs.path=/v1/logs/, the token a JWT with hostUuid
        // and jwt.default.expiration.seconds=300
        assertThat(container().path("actions").path("logs").asText()).endsWith("/containers/" + container().path("id").asText()
                + "?action=logs");
        Reply r = logs("{\"follow\":false,\"lines\":5}");
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        assertThat(r.text("type")).isEqualTo("hostAccess");
        assertThat(r.text("url")).matches("ws://127\\.0\\.0\\.1:\\d+/v1/logs/");
        String[] jwt = r.text("token").split("\\.");
        assertThat(jwt).hasSize(3);
        JsonNode claims = SimClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(claims.path("logs").path("Container").asText()).isEqualTo(container().path("id").asText());
        assertThat(claims.path("logs").path("Lines").asInt()).isEqualTo(5);
        assertThat(claims.path("logs").path("Follow").asBoolean()).isFalse();
        assertThat(claims.path("hostUuid").asText()).isEqualTo(container().path("hostId").asText());
        long exp = claims.path("exp").asLong();
        assertThat(exp - Instant.now().getEpochSecond()).isBetween(290L, 301L);
    }

    @Test
    void negativeLinesAreRefusedAsCattleValidatesTheInput() {
        // cattle ContainerLogs: @Field(defaultValue = "100", min = 0) Integer getLines()
        Reply r = logs("{\"lines\":-1}");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text("code")).isEqualTo("MinLimitExceeded");
        assertThat(r.text("fieldName")).isEqualTo("lines");
    }

    @Test
    void withoutFollowTheLogIsSentPrefixedAndStampedThenClosedNormally() throws Exception {
        sim.appendLog(container().path("id").asText(), true, "ERROR something broke");
        Reply r = logs("{\"follow\":false,\"lines\":100}");
        Collector c = new Collector();
        open(r.text("url") + "?token=" + URLEncoder.encode(r.text("token"), StandardCharsets.UTF_8), c);
        // host-api LogsHandler: client.Logs returns, SignalHandlerClosed; websocket-proxy closeConnection: normal closure
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
        // host-api log_wrapper.go: "01 " stdout, "02 " stderr; Timestamps: true so docker stamps each line
        assertThat(c.messages).isNotEmpty().allMatch(m -> m.matches("0[12] \\d{4}-\\d\\d-\\d\\dT[^ ]+Z .*\n"));
        assertThat(c.messages.get(0)).startsWith("01 ").contains("Starting acme-odoo-test-odoo-1 from camptocamp/acme_odoo:10.1.0");
        assertThat(c.messages.get(c.messages.size() - 1)).startsWith("02 ").endsWith(" ERROR something broke\n");
    }

    @Test
    void theAgentTailsAHundredLinesWhateverLinesSays() throws Exception {
        // host-api logs.go: logs["Lines"].(int) on a JSON number (float64 in Go) is never found: tail "100"
        String id = container().path("id").asText();
        for (int i = 0; i < 150; i++) {
            sim.appendLog(id, false, "line " + i);
        }
        for (String lines : List.of("5", "500")) {
            Reply r = logs("{\"follow\":false,\"lines\":" + lines + "}");
            Collector c = new Collector();
            open(r.text("url") + "?token=" + r.text("token"), c);
            c.closed.get(10, TimeUnit.SECONDS);
            assertThat(c.messages).hasSize(100);
            assertThat(c.messages.get(99)).endsWith(" line 149\n");
        }
    }

    @Test
    void aMissingOrForgedTokenIsRefusedBeforeTheUpgrade() {
        // websocket-proxy FrontendHandler.ServeHTTP: auth fails -> HTTP error, no websocket
        Reply r = logs("{\"follow\":false}");
        String forged = r.text("token").substring(0, r.text("token").lastIndexOf('.') + 1) + "AAAA";
        for (String url : List.of(r.text("url"), r.text("url") + "?token=" + forged, r.text("url") + "?token=not-a-jwt")) {
            assertThatThrownBy(() -> open(url, new Collector())).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class);
        }
    }

    @Test
    void followingSendsNewLinesAndEndsWhenTheContainerStops() throws Exception {
        String id = container().path("id").asText();
        Reply r = logs("{\"follow\":true}");
        Collector c = new Collector();
        open(r.text("url") + "?token=" + r.text("token"), c);
        sim.appendLog(id, false, "a new request");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.messages.stream().noneMatch(m -> m.endsWith(" a new request\n")) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(c.messages).anyMatch(m -> m.startsWith("01 ") && m.endsWith(" a new request\n"));
        assertThat(c.closed).isNotDone();
        // docker logs --follow ends when the container stops (host-api then closes the channel)
        JsonNode service = sim.service("acme-odoo-test", "odoo").orElseThrow();
        Reply d = api.post(service.path("actions").path("deactivate").asText(), "{}");
        assertThat(d.status()).as(d.body().toString()).isLessThan(300);
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    @Test
    void aStoppedContainerStillHasALogButARemovedOneHasNoAction() {
        // cattle container.json: logs in states running, stopped, stopping
        JsonNode service = sim.service("acme-odoo-test", "odoo").orElseThrow();
        api.post(service.path("actions").path("deactivate").asText(), "{}");
        JsonNode stopped = SimClient.JSON.createObjectNode();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            stopped = sim.containers("acme-odoo-test", "odoo").get(0);
            if (stopped.path("state").asText().equals("stopped")) {
                break;
            }
        }
        assertThat(stopped.path("state").asText()).isEqualTo("stopped");
        assertThat(stopped.path("actions").has("logs")).isTrue();
        api.delete(service.path("links").path("self").asText());
        Reply again = api.get("/v2-beta/projects/" + sim.projectId() + "/containers/" + stopped.path("id").asText());
        if (again.status() == 200 && !List.of("running", "stopped", "stopping").contains(again.text("state"))) {
            assertThat(again.body().path("actions").has("logs")).isFalse();
            assertThat(api.post(stopped.path("actions").path("logs").asText(), "{}").status()).isEqualTo(422);
        }
    }
}
