package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;

/** A bare java.net.http client for the tests: real HTTP, no Rancher client logic. */
final class SimClient {

    static final ObjectMapper JSON = new ObjectMapper();

    record Reply(int status, JsonNode body, java.net.http.HttpHeaders headers) {
        String text(String field) {
            return body.path(field).asText(null);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;

    SimClient(String base, String accessKey, String secretKey) {
        this.base = base;
        this.authorization = accessKey == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((accessKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
    }

    Reply get(String pathOrUrl) {
        return send("GET", pathOrUrl, null);
    }

    Reply post(String pathOrUrl, String body) {
        return send("POST", pathOrUrl, body);
    }

    Reply put(String pathOrUrl, String body) {
        return send("PUT", pathOrUrl, body);
    }

    Reply delete(String pathOrUrl) {
        return send("DELETE", pathOrUrl, null);
    }

    Reply send(String method, String pathOrUrl, String body) {
        try {
            return sendOrThrow(method, pathOrUrl, body);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Reply sendOrThrow(String method, String pathOrUrl, String body) throws IOException {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(res.statusCode(), JSON.readTree(res.body()), res.headers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** A clock the test moves by hand, so transitions are checked without sleeping. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
