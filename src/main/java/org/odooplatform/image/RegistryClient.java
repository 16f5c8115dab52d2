package org.odooplatform.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.BoundedHttp;
import org.odooplatform.common.Durations;
import org.odooplatform.common.JsonTrees;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.Secret;
import org.odooplatform.common.SecretMasker;

/**
 * The one client of a Docker Registry HTTP API v2 (one registry host). Authenticates the way
 * docker does: the first request goes out anonymous, and the {@code WWW-Authenticate} challenge
 * of a 401 says whether to send Basic credentials or to fetch a Bearer token from the realm
 * (per scope). Plain HTTP only for loopback hosts or when the user said the registry is insecure.
 * Written on java.net.http: jib-core does this too, but is far larger than the five calls we need.
 */
public final class RegistryClient {

    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** The largest answer read from a registry (the OCI distribution spec caps manifests at 4 MB). */
    static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;

    private final String host;
    private final String baseUrl;
    private final Optional<RegistryCredential> credential;
    private final String credentialSources;
    private final HttpClient http;
    private final Map<String, String> tokens = new HashMap<>();
    private boolean basic;
    private int requests;
    private Duration requestTimeout = Duration.ofSeconds(120);
    private java.util.function.Consumer<String> progress = line -> { };

    public RegistryClient(String host, boolean insecure, Optional<RegistryCredential> credential, String credentialSources) {
        this.host = host;
        this.baseUrl = (insecure || isLoopback(host) ? "http://" : "https://") + host;
        this.credential = credential;
        this.credentialSources = credentialSources;
        // HTTP/1.1: registries behind plain HTTP would only be offered an h2c upgrade they ignore
        this.http = org.odooplatform.common.LazyTls.httpClientBuilder(baseUrl).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A client for the registry of {@code ref}, with the credentials configured for its host. */
    public static RegistryClient forReference(ImageReference ref, RegistryCredentials credentials, boolean insecure) {
        return new RegistryClient(ref.apiHost(), insecure, credentials.forHost(ref.apiHost()),
                credentials.describeSources(ref.apiHost()));
    }

    public static boolean isLoopback(String host) {
        String name = host.replaceFirst(":[0-9]+$", "");
        return name.equals("localhost") || name.equals("127.0.0.1") || name.equals("[::1]") || name.matches("127\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    }

    /** Bounds each exchange, body included (default 120s; token requests at most 60s). */
    public RegistryClient withRequestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** Where a progress line goes while a request is slow to answer (the CLI's console). */
    public RegistryClient withProgress(java.util.function.Consumer<String> progress) {
        this.progress = progress;
        return this;
    }

    public String host() {
        return host;
    }

    /** {@code http://host} or {@code https://host}: plain HTTP only for loopback hosts or an insecure registry. */
    String baseUrl() {
        return baseUrl;
    }

    /** HTTP requests sent so far (token requests included): what an operation cost the registry. */
    public int requestCount() {
        return requests;
    }

    /** The manifest of {@code repository:reference}, or empty when the tag or digest is unknown. */
    public Optional<Manifest> getManifest(String repository, String reference) {
        HttpResponse<byte[]> response = send("GET", "/v2/" + repository + "/manifests/" + reference,
                Map.of("Accept", Manifest.ACCEPT), null, pull(repository));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "read manifest " + repository + ":" + reference);
        byte[] bytes = response.body();
        String digest = sha256(bytes);
        if (reference.startsWith("sha256:") && !reference.equals(digest)) {
            throw new OperationFailedException("registry " + host + " returned manifest bytes whose sha256 is " + digest
                    + " for " + repository + "@" + reference + ": the content does not match its digest, do not use it");
        }
        response.headers().firstValue("Docker-Content-Digest").filter(d -> d.startsWith("sha256:") && !d.equals(digest))
                .ifPresent(d -> {
                    throw new OperationFailedException("registry " + host + " says " + repository + ":" + reference
                            + " is " + d + " but its bytes hash to " + digest + ": the manifest was altered in transit");
                });
        String mediaType = response.headers().firstValue("Content-Type").map(RegistryClient::bareType)
                .orElseGet(() -> mediaTypeField(bytes));
        return Optional.of(new Manifest(bytes, mediaType, digest));
    }

    /** The digest {@code repository:reference} points to, or empty when unknown. Moves no manifest bytes. */
    public Optional<String> headManifest(String repository, String reference) {
        HttpResponse<byte[]> response = send("HEAD", "/v2/" + repository + "/manifests/" + reference,
                Map.of("Accept", Manifest.ACCEPT), null, pull(repository));
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        expect(response, 200, "look up " + repository + ":" + reference);
        Optional<String> digest = response.headers().firstValue("Docker-Content-Digest");
        return digest.isPresent() ? digest : getManifest(repository, reference).map(Manifest::digest);
    }

    /** Stores {@code manifest} as {@code repository:reference}; returns the digest the registry computed, checked. */
    public String putManifest(String repository, String reference, Manifest manifest) {
        HttpResponse<byte[]> response = send("PUT", "/v2/" + repository + "/manifests/" + reference,
                Map.of("Content-Type", manifest.mediaType()), manifest.bytes(), push(repository));
        expect(response, 201, "store manifest " + repository + ":" + reference);
        String digest = response.headers().firstValue("Docker-Content-Digest").orElse(manifest.digest());
        if (!digest.equals(manifest.digest())) {
            throw new OperationFailedException("registry " + host + " stored " + repository + ":" + reference + " as "
                    + digest + " instead of " + manifest.digest() + ": it rewrote the manifest; the tag now points to "
                    + "another digest, delete it and check the registry's manifest conversion settings");
        }
        return digest;
    }

    public boolean blobExists(String repository, String digest) {
        HttpResponse<byte[]> response = send("HEAD", "/v2/" + repository + "/blobs/" + digest, Map.of(), null, pull(repository));
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() == 307 || response.statusCode() == 302) {
            return true; // the blob lives on a storage backend the registry redirects to
        }
        expect(response, 200, "look up blob " + digest + " in " + repository);
        return true;
    }

    /** Makes blob {@code digest} of {@code from} available in {@code to} without transferring it. */
    public void mountBlob(String to, String digest, String from) {
        String path = "/v2/" + to + "/blobs/uploads/?mount=" + enc(digest) + "&from=" + enc(from);
        HttpResponse<byte[]> response = send("POST", path, Map.of(), new byte[0], scopes(push(to), pull(from)));
        if (response.statusCode() == 201) {
            return;
        }
        if (response.statusCode() == 202) {
            // the registry opened an upload instead of mounting: cancel it, we never push layers here
            response.headers().firstValue("Location").ifPresent(location -> send("DELETE", relative(location), Map.of(), null, push(to)));
            throw new OperationFailedException("registry " + host + " did not mount blob " + digest + " from " + from
                    + " into " + to + " (it offered an upload instead): the credentials need pull access on " + from
                    + ", or the registry does not support cross-repository mounts");
        }
        expect(response, 201, "mount blob " + digest + " from " + from + " into " + to);
    }

    // --- HTTP and authentication ---

    private HttpResponse<byte[]> send(String method, String path, Map<String, String> headers, byte[] body, String scope) {
        HttpResponse<byte[]> response = exchange(method, path, headers, body, authorization(scope));
        if (response.statusCode() != 401) {
            return response;
        }
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        String scheme = challenge.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        if (scheme.equals("basic")) {
            if (basic || credential.isEmpty()) {
                throw authFailure(basic);
            }
            basic = true;
        } else if (scheme.equals("bearer")) {
            if (tokens.containsKey(scope)) {
                tokens.remove(scope);
                throw authFailure(true);
            }
            tokens.put(scope, fetchToken(parseChallenge(challenge), scope));
        } else {
            throw new OperationFailedException("registry " + host + " asked for an unsupported authentication ("
                    + (challenge.isEmpty() ? "no WWW-Authenticate header" : scheme) + "): only Basic and Bearer are supported");
        }
        response = exchange(method, path, headers, body, authorization(scope));
        if (response.statusCode() == 401) {
            throw authFailure(true);
        }
        return response;
    }

    private String authorization(String scope) {
        if (tokens.containsKey(scope)) {
            return "Bearer " + tokens.get(scope);
        }
        if (basic && credential.isPresent()) {
            return credential.get().basicHeader();
        }
        return null;
    }

    private String fetchToken(Map<String, String> challenge, String scope) {
        String realm = challenge.get("realm");
        if (realm == null || !(realm.startsWith("https://") || realm.startsWith("http://") && isLoopback(URI.create(realm).getAuthority()))) {
            throw new OperationFailedException("registry " + host + " sent a Bearer challenge with realm '" + realm
                    + "': expected an https:// token service (plain http only on this machine)");
        }
        StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        if (challenge.containsKey("service")) {
            url.append("service=").append(enc(challenge.get("service"))).append('&');
        }
        for (String s : scope.split(" ")) {
            url.append("scope=").append(enc(s)).append('&');
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.substring(0, url.length() - 1)))
                .timeout(min(Duration.ofSeconds(60), requestTimeout)).GET();
        credential.ifPresent(c -> request.header("Authorization", c.basicHeader()));
        HttpResponse<byte[]> response = call(request.build(), realm);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw authFailure(credential.isPresent());
        }
        if (response.statusCode() != 200) {
            throw new OperationFailedException("token service " + realm + " answered HTTP " + response.statusCode()
                    + " for scope '" + scope + "': check that the registry's token service is up");
        }
        try {
            JsonNode node = JsonTrees.parse(response.body());
            String token = node.hasNonNull("token") ? node.get("token").asText() : node.path("access_token").asText(null);
            if (token == null || token.isEmpty()) {
                throw new OperationFailedException("token service " + realm + " answered without a token");
            }
            Secret.of(token);
            return token;
        } catch (IOException e) {
            throw new OperationFailedException("token service " + realm + " answered something else than JSON");
        }
    }

    static Map<String, String> parseChallenge(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(header);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        return params;
    }

    private BadInputException authFailure(boolean sentCredentials) {
        if (!sentCredentials || credential.isEmpty()) {
            return new BadInputException("registry " + host + " requires authentication and no credentials were given:"
                    + " set " + credentialSources);
        }
        return new BadInputException("registry " + host + " rejected the credentials of user '" + credential.get().username()
                + "' (from " + credential.get().source() + "): wrong user or password, or no access to this repository;"
                + " fix " + credentialSources);
    }

    private HttpResponse<byte[]> exchange(String method, String path, Map<String, String> headers, byte[] body, String auth) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return call(request.build(), baseUrl);
    }

    private HttpResponse<byte[]> call(HttpRequest request, String target) {
        requests++;
        try {
            // the request's own time-out bounds the whole exchange, body included; answers are manifests,
            // configs and tokens: a few MB at most
            Duration timeout = request.timeout().orElse(Duration.ofSeconds(120));
            // a progress line every 30 s, or three per wait for shorter time-outs
            Duration tick = min(Duration.ofSeconds(30), timeout.dividedBy(3).isZero() ? timeout : timeout.dividedBy(3));
            return BoundedHttp.send(http, request, timeout, MAX_ANSWER_BYTES, tick,
                    waited -> progress.accept("waiting for registry " + host + " (" + target + "): " + Durations.format(waited)
                            + " so far, time-out " + Durations.format(timeout)));
        } catch (BoundedHttp.TooLargeException e) {
            throw new OperationFailedException("registry " + host + " (" + target + ") sent an unusable answer: "
                    + e.getMessage() + "; is this a Docker registry v2?");
        } catch (ConnectException e) {
            throw new OperationFailedException("cannot reach registry " + host + " (" + target + "): connection refused;"
                    + " check that the registry is running and the host and port are right");
        } catch (HttpTimeoutException e) {
            throw new OperationFailedException("registry " + host + " (" + target + ") did not answer in time ("
                    + e.getMessage() + "); retry, or check its health");
        } catch (IOException e) {
            throw new OperationFailedException("cannot talk to registry " + host + " (" + target + "): "
                    + SecretMasker.global().mask(String.valueOf(e.getMessage()))
                    + (baseUrl.startsWith("https") ? "; if it serves plain HTTP, pass --insecure-registry" : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while talking to registry " + host);
        }
    }

    private void expect(HttpResponse<byte[]> response, int status, String what) {
        if (response.statusCode() == status) {
            return;
        }
        if (response.statusCode() == 403) {
            throw new BadInputException("registry " + host + " denied access to " + what + " for user '"
                    + credential.map(RegistryCredential::username).orElse("anonymous") + "': grant it, or use credentials that have it");
        }
        throw new RegistryException(response.statusCode(), "registry " + host + " could not " + what + ": HTTP "
                + response.statusCode() + errorCodes(response.body()));
    }

    private String errorCodes(byte[] body) {
        try {
            JsonNode errors = JsonTrees.parse(body).path("errors");
            StringBuilder out = new StringBuilder();
            errors.forEach(e -> out.append(out.length() == 0 ? " " : ", ").append(e.path("code").asText())
                    .append(" (").append(e.path("message").asText()).append(')'));
            return out.toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private String relative(String location) {
        return location.startsWith("http") ? URI.create(location).getRawPath() + Optional.ofNullable(URI.create(location).getRawQuery()).map(q -> "?" + q).orElse("")
                : location;
    }

    private static String pull(String repository) {
        return "repository:" + repository + ":pull";
    }

    private static String push(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    private static String scopes(String... scopes) {
        return String.join(" ", List.of(scopes));
    }

    private String mediaTypeField(byte[] bytes) {
        try {
            return JsonTrees.parse(bytes).path("mediaType").asText(Manifest.DOCKER_V2);
        } catch (IOException e) {
            return Manifest.DOCKER_V2;
        }
    }

    private static String bareType(String contentType) {
        return contentType.split(";", 2)[0].trim();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code sha256:<hex>} of the bytes: how the registry names a manifest or blob. */
    public static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
