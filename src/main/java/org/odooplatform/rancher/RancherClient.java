package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.BoundedHttp;
import org.odooplatform.common.JsonTrees;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.Secret;

/**
 * The Rancher 1.6 v2-beta API over java.net.http, as go-rancher uses it: schema bootstrap
 * ({@code GET base}, {@code X-API-Schemas}), collections from the schemas' {@code links.collection},
 * and afterwards only the {@code links}/{@code actions} URLs the server hands out.
 *
 * <p>Retries: reads and PUTs are repeated on 5xx, 409, connection errors and timeouts. A POST or
 * DELETE is repeated only after a re-read shows its effect is not there yet (the service is not in
 * the action's states, no service of that name exists), so a lost answer never runs an action twice.
 */
public final class RancherClient implements Rancher {

    /** States a service or stack shows once an action has started (docs/rancher-api.md §4). */
    private static final Map<String, Set<String>> ACTION_EFFECT = Map.of(
                        "finishupgrade", Set.of("finishing-upgrade", "active"),
            "rollback", Set.of("rolling-back", "active"),
            "cancelupgrade", Set.of("canceling-upgrade", "canceled-upgrade"),
            "activate", Set.of("activating", "active"),
            "deactivate", Set.of("deactivating", "inactive"),
            "remove", Set.of("removing", "removed"),
            "continueupgrade", Set.of("upgrading", "upgraded"));

    private final RancherEndpoint endpoint;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final String authorization;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger mutations = new AtomicInteger();
    private final Map<String, String> collections = new HashMap<>();
    private volatile Consumer<String> notices = line -> { };

    /** The largest answer read from Rancher: a stack's full service list is a few MB at most. */
    public static final long MAX_ANSWER_BYTES = 32L * 1024 * 1024;
    private final Map<String, Set<String>> collectionMethods = new HashMap<>();
    private Optional<String> registryDefault;

    public RancherClient(RancherEndpoint endpoint, RetryPolicy retry) {
        this.endpoint = endpoint;
        this.retry = retry;
        // redirects are never followed: they would resend the API key (and a POST's body) elsewhere
        this.http = org.odooplatform.common.LazyTls.httpClientBuilder(endpoint.baseUrl().toString()).connectTimeout(retry.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (endpoint.accessKey() + ":" + endpoint.secretKey().reveal()).getBytes(StandardCharsets.UTF_8));
    }

    public RancherClient(RancherEndpoint endpoint) {
        this(endpoint, RetryPolicy.defaults());
    }

    public RancherEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public int requestCount() {
        return requests.get();
    }

    @Override
    public int mutationCount() {
        return mutations.get();
    }

    /** Where retries and slow answers are reported while they are waited for (a progress line each). */
    public RancherClient onNotice(Consumer<String> lines) {
        this.notices = lines;
        return this;
    }

    @Override
    public synchronized void connect() {
        if (!collections.isEmpty()) {
            return;
        }
        String base = endpoint.baseUrl().toString();
        JsonNode schemas;
        try {
            HttpResponse<String> root = withRetries("GET", base, () -> send("GET", base, null), true);
            String schemasUrl = root.headers().firstValue("X-API-Schemas").orElseThrow(() -> new BadInputException(
                    "RANCHER_URL " + base + " does not answer like a Rancher API (no X-API-Schemas header): "
                            + "expected the Rancher server URL, e.g. https://rancher.example.com or .../v2-beta/projects/1a5"));
            schemas = schemasUrl.equals(base) ? parse(root) : parse(withRetries("GET", schemasUrl,
                    () -> send("GET", schemasUrl, null), true));
        } catch (RancherApiException e) {
            // the first contact: nothing was sent that changes anything, so this is the configuration's problem
            throw new BadInputException("cannot use the Rancher API at RANCHER_URL " + base + ": "
                    + e.reason().replace("; check that the Rancher server is up", "")
                    + (e.status() == 0 ? "; check RANCHER_URL and that Rancher is up (time-out per request: "
                            + org.odooplatform.common.Durations.format(retry.requestTimeout()) + ", RANCHER_TIMEOUT)" : ""), e);
        }
        for (JsonNode schema : schemas.path("data")) {
            String collection = schema.path("links").path("collection").textValue();
            if (collection != null) {
                collections.put(schema.path("id").asText(), collection);
                Set<String> methods = new java.util.HashSet<>();
                schema.path("collectionMethods").forEach(m -> methods.add(m.asText().toUpperCase(Locale.ROOT)));
                collectionMethods.put(schema.path("id").asText(), methods);
            }
        }
        for (String type : List.of("stack", "service")) {
            if (!collections.containsKey(type)) {
                throw new BadInputException("the Rancher API key cannot reach " + type + "s at " + base
                        + ": use an environment API key, or set RANCHER_URL to .../v2-beta/projects/<environment id>");
            }
        }
    }

    /* rancher-compose refuses to run unless the stack schema offers POST ("Can not create a stack, check API key"). */
    @Override
    public void checkMayDeploy() {
        connect();
        List<String> missing = new ArrayList<>();
        for (String type : List.of("stack", "service")) {
            if (!collectionMethods.getOrDefault(type, Set.of()).contains("POST")) {
                missing.add(type + "s");
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException("the Rancher API key " + endpoint.accessKey() + " may not create "
                    + String.join(" or ", missing) + " at " + endpoint.baseUrl() + " (the schemas' collectionMethods lack POST):"
                    + " use an environment API key with the owner or member role; nothing was changed");
        }
    }

    /** GET settings/registry.default once; a server without it (or refusing it) has none. */
    @Override
    public synchronized Optional<String> registryDefault() {
        if (registryDefault == null) {
            registryDefault = Optional.empty();
            String settings = collections.get("setting");
            if (settings != null) {
                try {
                    String value = get(settings + "/registry.default").path("value").textValue();
                    registryDefault = value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
                } catch (RancherApiException e) {
                    // no such setting: images keep the form they were written in
                }
            }
        }
        return registryDefault;
    }

    private String collection(String type) {
        connect();
        String url = collections.get(type);
        if (url == null) {
            throw new OperationFailedException("the Rancher server has no '" + type + "' collection: "
                    + "expected Rancher 1.6 (v2-beta API)");
        }
        return url;
    }

    @Override
    public Optional<Resource> findStack(String name) {
        String url = collection("stack") + "?name=" + encode(name) + "&removed_null=1";
        for (JsonNode item : get(url).path("data")) {
            Resource stack = new Resource(item);
            // filters the server does not know are ignored, so check the name ourselves (docs/rancher-api.md §2.1)
            if (name.equalsIgnoreCase(stack.name()) && !stack.isRemoved()) {
                return Optional.of(stack);
            }
        }
        return Optional.empty();
    }

    @Override
    public Resource createStack(String name, String description) {
        ObjectNode body = JsonTrees.object().put("name", name);
        if (description != null) {
            body.put("description", description);
        }
        return create("stack", body, () -> findStack(name));
    }

    /** Pages followed at most by a list call: 1000 per page, so 50 000 resources. */
    static final int MAX_PAGES = 50;

    @Override
    public List<Resource> stacks() {
        return listAll(collection("stack") + "?removed_null=1&limit=1000");
    }

    @Override
    public List<Resource> allServices() {
        return listAll(collection("service") + "?removed_null=1&limit=1000");
    }

    /**
     * GETs a collection and follows its {@code pagination.next} (Cattle's marker paging); a server
     * that ignores the filter still answers with removed resources, which are dropped here.
     */
    private List<Resource> listAll(String url) {
        List<Resource> all = new ArrayList<>();
        String next = url;
        for (int page = 0; next != null; page++) {
            if (page == MAX_PAGES) {
                throw new OperationFailedException("the Rancher collection " + url + " has more than " + MAX_PAGES
                        + " pages of 1000: refusing to read further");
            }
            JsonNode answer = get(next);
            answer.path("data").forEach(item -> {
                Resource r = new Resource(item);
                if (!r.isGone()) {
                    all.add(r);
                }
            });
            next = answer.path("pagination").path("next").textValue();
        }
        return all;
    }

    @Override
    public List<Resource> services(Resource stack) {
        String url = collection("service") + "?stackId=" + encode(stack.id()) + "&removed_null=1&limit=1000";
        List<Resource> services = new ArrayList<>();
        for (JsonNode item : get(url).path("data")) {
            Resource service = new Resource(item);
            // "removing" services are kept: their name stays taken until they are removed (docs/rancher-api.md §2.1, §2.3)
            if (stack.id().equals(service.text("stackId")) && !service.isGone()) {
                services.add(service);
            }
        }
        return services;
    }

    @Override
    public List<Resource> instances(Resource service) {
        List<Resource> instances = new ArrayList<>();
        service.link("instances").ifPresent(url -> get(url).path("data").forEach(i -> instances.add(new Resource(i))));
        return instances;
    }

    @Override
    public Resource refresh(Resource resource) {
        return new Resource(get(resource.selfUrl()));
    }

    @Override
    public Resource createService(String stackId, String name, int scale, LaunchConfig primary, List<LaunchConfig> sidekicks) {
        JsonNode body = RancherJson.createService(stackId, name, scale, primary, sidekicks);
        return create("service", body, () -> {
            Resource stack = new Resource(JsonTrees.object().put("id", stackId));
            return services(stack).stream().filter(s -> name.equalsIgnoreCase(s.name())).findFirst();
        });
    }

    @Override
    public Resource upgrade(Resource service, InServiceUpgrade upgrade) {
        String url = actionUrl(service, "upgrade");
        JsonNode before = service.get("launchConfig");
        List<JsonNode> beforeSidekicks = new ArrayList<>();
        service.get("secondaryLaunchConfigs").forEach(beforeSidekicks::add);
        return checked("POST", url, RancherJson.upgrade(upgrade), () -> {
            Resource now = refresh(service);
            if (Set.of("upgrading", "upgraded").contains(now.state()) && !now.state().equals(service.state())) {
                return Optional.of(now);
            }
            List<JsonNode> sidekicks = new ArrayList<>();
            now.get("secondaryLaunchConfigs").forEach(sidekicks::add);
            if (!now.get("launchConfig").equals(before) || !sidekicks.equals(beforeSidekicks)) {
                // Cattle saves the new config and its previous one before the process starts: sending
                // the upgrade again would record new as previous, and no rollback could bring the old back
                throw new OperationFailedException("Rancher saved the new launch config of " + service.name()
                        + " but its upgrade did not start (state " + now.state() + "): the upgrade is not sent again, "
                        + "since Rancher would then keep the new config as the previous one; check " + service.name()
                        + " in Rancher (upgrade it there, or run the deploy again once it is active)");
            }
            return Optional.empty();
        });
    }

    @Override
    public Resource setServiceLinks(Resource service, Map<String, String> aliasToServiceId) {
        String url = actionUrl(service, "setservicelinks");
        // no visible state change, and setting the same links twice is harmless: no effect check
        return checked("POST", url, RancherJson.serviceLinks(aliasToServiceId), Optional::empty);
    }

    @Override
    public Resource scale(Resource service, int scale) {
        return update(service, JsonTrees.object().put("scale", scale));
    }

    @Override
    public List<Resource> volumes(String name) {
        connect();
        String url = collections.get("volume");
        if (url == null) {
            return List.of();
        }
        List<Resource> volumes = new ArrayList<>();
        for (JsonNode item : get(url + "?name=" + encode(name) + "&removed_null=1").path("data")) {
            Resource volume = new Resource(item);
            if (name.equals(volume.name()) && !volume.isRemoved()) {
                volumes.add(volume);
            }
        }
        return volumes;
    }

    private Resource create(String type, JsonNode body, Supplier<Optional<Resource>> existing) {
        String url = collection(type);
        return checked("POST", url, body, existing);
    }

    @Override
    public Resource update(Resource resource, JsonNode body) {
        String url = resource.selfUrl();
        return new Resource(parse(withRetries("PUT", url, () -> send("PUT", url, body), false)));
    }

    @Override
    public Resource remove(Resource resource) {
        if (resource.isRemoved()) {
            return resource;
        }
        String url = resource.selfUrl();
        return checked("DELETE", url, null, () -> {
            Resource now = refresh(resource);
            return now.isRemoved() ? Optional.of(now) : Optional.empty();
        });
    }

    private static String actionUrl(Resource resource, String action) {
        return resource.actionUrl(action).orElseThrow(() -> new RancherApiException("POST",
                resource.selfUrl() + "?action=" + action, 422, "ActionNotAvailable", "action",
                action + " is not available while " + resource.name() + " is " + resource.state(), null));
    }

    @Override
    public Resource action(Resource resource, String action) {
        String url = actionUrl(resource, action);
        String before = resource.state();
        Set<String> effect = ACTION_EFFECT.get(action);
        return checked("POST", url, JsonTrees.object(), () -> {
            if (effect == null) {
                return Optional.empty();
            }
            Resource now = refresh(resource);
            boolean happened = effect.contains(now.state()) && !now.state().equals(before);
            return happened ? Optional.of(now) : Optional.empty();
        });
    }

    @Override
    public Resource pullImage(LaunchImage image, Map<String, String> labels) {
        // a pull repeated after a lost answer only pulls again: harmless, so no effect check
        return checked("POST", collection("pullTask"), RancherJson.pullTask(image, labels), Optional::empty);
    }

    @Override
    public HostAccess containerLogs(Resource container, boolean follow, int lines) {
        String url = actionUrl(container, "logs");
        ObjectNode input = JsonTrees.object().put("follow", follow).put("lines", lines);
        // asking twice only hands out a second token: safe to retry
        JsonNode access = parse(withRetries("POST", url, () -> send("POST", url, input), false));
        String wsUrl = access.path("url").asText("");
        String token = access.path("token").asText("");
        if (wsUrl.isEmpty() || token.isEmpty()) {
            throw new RancherApiException("POST", url, 200, null, null,
                    "the logs action returned no host access (is the container's host connected?)", null);
        }
        return new HostAccess(URI.create(wsUrl), Secret.of(token));
    }

    /** GET with retries. */
    public JsonNode get(String url) {
        return parse(withRetries("GET", url, () -> send("GET", url, null), false));
    }

    /**
     * A non-idempotent call: on a transient failure, ask {@code effect} whether it happened anyway
     * before sending it again. A 422 ActionNotAvailable or NotUnique after a lost answer is the
     * server telling us our first attempt went through, so the effect is checked then too.
     */
    private Resource checked(String method, String url, JsonNode body, Supplier<Optional<Resource>> effect) {
        RancherApiException last = null;
        for (int attempt = 0; attempt < retry.attempts(); attempt++) {
            if (attempt > 0) {
                Optional<Resource> done = effect.get();
                if (done.isPresent()) {
                    return done.get();
                }
                pause(last, attempt);
            }
            try {
                return new Resource(parse(send(method, url, body)));
            } catch (RancherApiException e) {
                boolean afterLostAnswer = last != null && (e.isActionNotAvailable()
                        || e.status() == 422 && "NotUnique".equals(e.code()));
                if (afterLostAnswer) {
                    Optional<Resource> done = effect.get();
                    if (done.isPresent()) {
                        return done.get();
                    }
                }
                if (!e.isTransient()) {
                    throw e;
                }
                last = e;
            }
        }
        throw exhausted(last);
    }

    /**
     * Retries transient failures. At the first contact ({@code firstContact}) a time-out is not
     * retried: a server that accepted the connection and did not answer in RANCHER_TIMEOUT will not
     * answer the next attempt either, and the command should end within its time-out.
     */
    private HttpResponse<String> withRetries(String method, String url, Supplier<HttpResponse<String>> call,
            boolean firstContact) {
        RancherApiException last = null;
        for (int attempt = 0; attempt < retry.attempts(); attempt++) {
            if (attempt > 0) {
                pause(last, attempt);
            }
            try {
                return call.get();
            } catch (RancherApiException e) {
                if (!e.isTransient() || firstContact && e.isTimeout()) {
                    throw e;
                }
                last = e;
            }
        }
        throw exhausted(last);
    }

    private void pause(RancherApiException last, int attempt) {
        Duration delay = retry.delay(attempt - 1);
        notices.accept("Rancher: " + last.method() + " " + last.url() + ": " + last.reason() + "; attempt "
                + (attempt + 1) + " of " + retry.attempts() + " in " + org.odooplatform.common.Durations.format(delay));
        sleep(delay);
    }

    private RancherApiException exhausted(RancherApiException last) {
        String detail = last.status() == 0 ? last.reason().replaceFirst("^no answer \\((.*)\\)$", "$1") + ", "
                : "still failing ";
        return new RancherApiException(last.method(), last.url(), last.status(), last.code(), last.fieldName(),
                detail + "after " + retry.attempts() + " attempts; check that the Rancher server is up", last);
    }

    /** One HTTP exchange; a non-2xx answer or no answer becomes a {@link RancherApiException}. */
    private HttpResponse<String> send(String method, String url, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(retry.requestTimeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(JsonTrees.write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        requests.incrementAndGet();
        if (!"GET".equals(method)) {
            mutations.incrementAndGet();
        }
        HttpRequest built = request.build();
        Duration timeout = retry.requestTimeout();
        try {
            HttpResponse<byte[]> raw = BoundedHttp.send(http, built, timeout, MAX_ANSWER_BYTES, tick(timeout),
                    waited -> notices.accept("Rancher: still waiting for the answer to " + method + " " + url + " ("
                            + org.odooplatform.common.Durations.format(waited) + " of " + org.odooplatform.common.Durations.format(timeout) + ")"));
            response = new StringResponse(raw);
        } catch (BoundedHttp.TooLargeException e) {
            throw new RancherApiException(method, url, RancherApiException.UNUSABLE, null, null, e.getMessage()
                    + ": expected a Rancher API answer (is RANCHER_URL the Rancher server?)", e);
        } catch (IOException e) {
            throw new RancherApiException(method, url, 0, null, null, describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployInterruptedException("interrupted during " + method + " " + url);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        if (status >= 300 && status < 400) {
            String target = BoundedHttp.redirectTarget(built.uri(), response);
            throw new RancherApiException(method, url, status, null, null, "a redirect to "
                    + (target == null ? "no address (no Location header)" : target)
                    + ", which API clients do not follow (it would resend the API key elsewhere): set RANCHER_URL to"
                    + " the address Rancher is served at; the usual cause is http:// where Rancher serves https://", null);
        }
        if (status == 401 || status == 403) {
            throw new BadInputException("Rancher refused the API key (HTTP " + status + " at " + endpoint.baseUrl()
                    + "): check RANCHER_ACCESS_KEY/RANCHER_SECRET_KEY (an environment API key of that Rancher)");
        }
        String code = null;
        String fieldName = null;
        String detail = null;
        try {
            JsonNode error = JsonTrees.parse(response.body());
            code = error.path("code").textValue();
            fieldName = error.path("fieldName").textValue();
            detail = error.path("detail").isTextual() ? error.path("detail").textValue() : error.path("message").textValue();
        } catch (IOException | RuntimeException e) {
            detail = "non-JSON error body";
        }
        throw new RancherApiException(method, url, status, code, fieldName, detail, null);
    }

    private static Duration tick(Duration timeout) {
        return Duration.ofMillis(Math.max(250, Math.min(5000, timeout.toMillis() / 3)));
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "time-out: " + e.getMessage();
        }
        if (e instanceof java.net.ConnectException) {
            return "connection refused or unreachable";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A byte answer read as UTF-8 text, keeping the request, status and headers. */
    private record StringResponse(HttpResponse<byte[]> raw) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public String body() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return JsonTrees.parse(response.body());
        } catch (IOException e) {
            throw new RancherApiException(response.request().method(), response.request().uri().toString(),
                    response.statusCode(), null, null, "the answer is not JSON", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployInterruptedException("interrupted while waiting to retry");
        }
    }

    @Override
    public String toString() {
        return "RancherClient[" + endpoint.baseUrl().toString().toLowerCase(Locale.ROOT) + "]";
    }
}
