package org.odooplatform.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A registry with token authentication, as Docker Hub, GitLab or Harbor do it: a JDK HttpServer
 * that answers 401 with {@code WWW-Authenticate: Bearer realm=...,service=...,scope=...} unless
 * the request carries a token whose granted scopes cover it, serves {@code /token} (Basic auth of
 * its own user), and forwards authorised requests to the real registry with the real credentials.
 */
final class TokenAuthRegistry implements AutoCloseable {

    private static final Pattern REPO_PATH = Pattern.compile("^/v2/(.+)/(manifests|blobs|tags)/.*");

    private final HttpServer server;
    private final String upstream;
    private final String upstreamAuth;
    private final String user;
    private final String password;
    private final Map<String, Set<String>> grants = new ConcurrentHashMap<>();
    final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    final List<String> registryAuthHeaders = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    TokenAuthRegistry(String upstream, String upstreamUser, String upstreamPassword, String user, String password) throws IOException {
        this.upstream = upstream;
        this.upstreamAuth = "Basic " + b64(upstreamUser + ":" + upstreamPassword);
        this.user = user;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.createContext("/v2/", this::registry);
        server.start();
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void token(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        tokenRequests.add(query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8));
        if (!("Basic " + b64(user + ":" + password)).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "{\"details\":\"incorrect username or password\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Set<String> scopes = new HashSet<>();
        for (String param : query == null ? new String[0] : query.split("&")) {
            if (param.startsWith("scope=")) {
                scopes.add(URLDecoder.decode(param.substring(6), StandardCharsets.UTF_8));
            }
        }
        String token = UUID.randomUUID().toString();
        grants.put(token, scopes);
        reply(ex, 200, ("{\"token\":\"" + token + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
    }

    private void registry(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        registryAuthHeaders.add(auth == null ? "" : auth.split(" ")[0]);
        String path = ex.getRequestURI().getPath();
        List<String> needed = needed(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery());
        Set<String> granted = auth != null && auth.startsWith("Bearer ") ? grants.getOrDefault(auth.substring(7), Set.of()) : null;
        if (granted == null || !covers(granted, needed)) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"http://" + host() + "/token\",service=\"test-registry\""
                    + (needed.isEmpty() ? "" : ",scope=\"" + needed.get(0) + "\""));
            reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://" + upstream + ex.getRequestURI()))
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()))
                .header("Authorization", upstreamAuth);
        for (String h : List.of("Accept", "Content-Type")) {
            List<String> values = ex.getRequestHeaders().get(h);
            if (values != null) {
                values.forEach(v -> forward.header(h, v));
            }
        }
        try {
            HttpResponse<byte[]> response = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            for (String h : List.of("Docker-Content-Digest", "Content-Type", "Location", "Docker-Upload-UUID")) {
                response.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().add(h, v));
            }
            if (ex.getRequestMethod().equals("HEAD")) {
                response.headers().firstValue("Content-Length").ifPresent(v -> ex.getResponseHeaders().add("Content-Length", v));
                ex.sendResponseHeaders(response.statusCode(), -1);
                ex.close();
                return;
            }
            reply(ex, response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(ex, 502, new byte[0]);
        }
    }

    /** The scopes a request needs: pull to read, push to write; a mount also needs pull on its source. */
    private static List<String> needed(String method, String path, String query) {
        Matcher m = REPO_PATH.matcher(path);
        List<String> needed = new ArrayList<>();
        if (!m.matches()) {
            return needed;
        }
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        needed.add("repository:" + m.group(1) + (write ? ":pull,push" : ":pull"));
        if (query != null && query.contains("from=")) {
            String from = URLDecoder.decode(query.replaceFirst(".*from=([^&]*).*", "$1"), StandardCharsets.UTF_8);
            needed.add("repository:" + from + ":pull");
        }
        return needed;
    }

    private static boolean covers(Set<String> granted, List<String> needed) {
        for (String scope : needed) {
            String[] parts = scope.split(":");
            boolean ok = granted.stream().anyMatch(g -> {
                String[] gp = g.split(":");
                return gp.length == 3 && gp[1].equals(parts[1]) && Set.of(gp[2].split(",")).containsAll(Set.of(parts[2].split(",")));
            });
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
