package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.odooplatform.simulator.SimState.ServiceRecord;
import org.odooplatform.simulator.SimState.StackRecord;
import org.odooplatform.simulator.SimState.VolumeRecord;

/** The HTTP side: faults, auth, routing, recording. One instance serves every request. */
final class HttpFront implements HttpHandler {

    private static final String API = "/v2-beta";
    static final String COMPOSE_VERSION = "v0.12.5";

    private final Engine engine;
    private final Renderer renderer;
    private final Faults faults;
    private final String accessKey;
    private final byte[] secretKey;
    private final Consumer<RecordedRequest> recorder;
    private final Runnable afterRequest;
    private final ControlApi control;
    private final String readOnlyAccessKey;
    private final byte[] readOnlySecretKey;

    HttpFront(Engine engine, Faults faults, String accessKey, String secretKey, Consumer<RecordedRequest> recorder, Runnable afterRequest,
            ControlApi control) {
        this(engine, faults, accessKey, secretKey, null, null, recorder, afterRequest, control);
    }

    /**
     * With a read-only key pair too: an API key of Cattle's read-user role, whose schemas
     * (resources/content/schema/read-user) offer GET only, so gdapi's {@code ValidationHandler.validateMethod}
     * answers 405 to anything else.
     */
    HttpFront(Engine engine, Faults faults, String accessKey, String secretKey, String readOnlyAccessKey, String readOnlySecretKey,
            Consumer<RecordedRequest> recorder, Runnable afterRequest, ControlApi control) {
        this.readOnlyAccessKey = readOnlyAccessKey;
        this.readOnlySecretKey = readOnlySecretKey == null ? null : readOnlySecretKey.getBytes(StandardCharsets.UTF_8);
        this.control = control;
        this.engine = engine;
        this.renderer = new Renderer(engine);
        this.faults = faults;
        this.accessKey = accessKey;
        this.secretKey = secretKey == null ? null : secretKey.getBytes(StandardCharsets.UTF_8);
        this.recorder = recorder;
        this.afterRequest = afterRequest;
    }

    private record Response(int status, JsonNode body, String schemasUrl) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String user = basicUser(exchange);
        if (path.equals(ControlApi.PREFIX) || path.startsWith(ControlApi.PREFIX + "/")) {
            // the control API: never faulted, never recorded (it is not Rancher), same access control
            Response response;
            try {
                if (!authorized(exchange)) {
                    throw ApiError.unauthorized();
                }
                ControlApi.Result r = control.handle(method, path.substring(ControlApi.PREFIX.length()), query, body);
                response = new Response(r.status(), r.body(), null);
            } catch (ApiError e) {
                response = new Response(e.status, Renderer.error(e.status, e.code, e.apiMessage, e.fieldName, e.status == 422), null);
            } catch (RuntimeException e) {
                response = new Response(400, Renderer.error(400, "InvalidBodyContent", String.valueOf(e.getMessage()), null, false), null);
            }
            afterRequest.run();
            send(exchange, response);
            return;
        }
        // the rules match the path with its query, so a test can target one action ("action=upgrade")
        Faults.Decision decision = faults.decide(method, query == null ? path : path + "?" + query);
        if (decision.dropBefore()) {
            recorder.accept(new RecordedRequest(method, path, query, body, 0, user));
            exchange.close(); // no response headers sent: the JDK server just closes the socket
            return;
        }
        Response response;
        if (decision.failStatus() != 0) {
            int status = decision.failStatus();
            String code = switch (status) {
                case 400 -> "InvalidBodyContent";
                case 401 -> "Unauthorized";
                case 403 -> "Forbidden";
                case 404 -> "NotFound";
                case 405 -> "MethodNotAllowed";
                case 409 -> "Conflict";
                case 502 -> "BadGateway";
                case 503 -> "ServiceUnavailable";
                case 504 -> "GatewayTimeout";
                default -> status >= 500 ? "ServerError" : "Error" + status;
            };
            response = new Response(status, Renderer.error(status, code, code, null, false), null);
        } else {
            try {
                boolean readOnly = readOnlyKey(exchange);
                if (!readOnly && !authorized(exchange)) {
                    throw ApiError.unauthorized();
                }
                if (readOnly && !method.equals("GET")) {
                    throw ApiError.methodNotAllowed();
                }
                // One request at a time against the model: rendering reads many records at once.
                synchronized (engine) {
                    engine.advance();
                    engine.atNow();
                    response = route(exchange, method, path, query, body);
                }
                if (readOnly) {
                    response = new Response(response.status(), readOnlySchemas(response.body()), response.schemasUrl());
                }
            } catch (ApiError e) {
                boolean validation = e.status == 422;
                response = new Response(e.status, Renderer.error(e.status, e.code, e.apiMessage, e.fieldName, validation), null);
            } catch (RuntimeException e) {
                response = new Response(500, Renderer.error(500, "ServerError", String.valueOf(e), null, false), null);
            }
            try {
                afterRequest.run();
            } catch (RuntimeException e) {
                response = new Response(500, Renderer.error(500, "ServerError", String.valueOf(e.getMessage()), null, false), null);
            }
        }
        if (decision.delayMillis() > 0) {
            try {
                Thread.sleep(decision.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (decision.dropAfter()) {
            recorder.accept(new RecordedRequest(method, path, query, body, 0, user));
            exchange.close();
            return;
        }
        recorder.accept(new RecordedRequest(method, path, query, body, response.status(), user));
        send(exchange, response);
    }

    private void send(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes = Engine.JSON.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (response.schemasUrl() != null) {
            exchange.getResponseHeaders().set("X-API-Schemas", response.schemasUrl());
        }
        if (response.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"Enter API access key and secret key as username and password\"");
        }
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String basicUser(HttpExchange exchange) {
        String[] pair = basicPair(exchange);
        return pair == null ? null : pair[0];
    }

    private static String[] basicPair(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private boolean readOnlyKey(HttpExchange exchange) {
        String[] pair = readOnlyAccessKey == null ? null : basicPair(exchange);
        if (pair == null) {
            return false;
        }
        boolean akOk = MessageDigest.isEqual(pair[0].getBytes(StandardCharsets.UTF_8), readOnlyAccessKey.getBytes(StandardCharsets.UTF_8));
        boolean skOk = MessageDigest.isEqual(pair[1].getBytes(StandardCharsets.UTF_8), readOnlySecretKey);
        return akOk & skOk;
    }

    /** Schemas as the read-user role sees them: every collection and resource GET only, no actions. */
    private static JsonNode readOnlySchemas(JsonNode body) {
        if (body == null || !body.isObject()) {
            return body;
        }
        List<JsonNode> schemas = "collection".equals(body.path("type").asText()) && "schema".equals(body.path("resourceType").asText())
                ? java.util.stream.StreamSupport.stream(body.path("data").spliterator(), false).toList()
                : "schema".equals(body.path("type").asText()) ? List.of(body) : List.of();
        for (JsonNode schema : schemas) {
            ObjectNode o = (ObjectNode) schema;
            o.putArray("collectionMethods").add("GET");
            o.putArray("resourceMethods").add("GET");
            o.putObject("resourceActions");
        }
        return body;
    }

    private boolean authorized(HttpExchange exchange) {
        if (accessKey == null) {
            return true;
        }
        String[] pair = basicPair(exchange);
        if (pair == null) {
            return false;
        }
        boolean akOk = MessageDigest.isEqual(pair[0].getBytes(StandardCharsets.UTF_8), accessKey.getBytes(StandardCharsets.UTF_8));
        boolean skOk = MessageDigest.isEqual(pair[1].getBytes(StandardCharsets.UTF_8), secretKey);
        return akOk & skOk;
    }

    private String origin(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (host == null || host.isBlank()) {
            host = "127.0.0.1:" + exchange.getLocalAddress().getPort();
        }
        return "http://" + host;
    }

    private Response route(HttpExchange exchange, String method, String path, String query, String body) {
        List<String> segs = new ArrayList<>(Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
        if (segs.isEmpty() || !segs.get(0).equals("v2-beta")) {
            throw ApiError.notFound();
        }
        segs.remove(0);
        String root = origin(exchange) + API;
        String base = root;
        if (segs.isEmpty()) {
            requireMethod(method, "GET");
            return new Response(200, renderer.apiRoot(base), base + "/schemas");
        }
        if (segs.get(0).equals("projects")) {
            if (segs.size() == 1) {
                requireMethod(method, "GET");
                ObjectNode project = renderer.project(base);
                return new Response(200, Listing.collection(Schemas.TYPES.get("project"), List.of(project), root + "/projects", query, false), null);
            }
            if (!segs.get(1).equals(engine.projectId())) {
                throw ApiError.notFound();
            }
            base = root + "/projects/" + engine.projectId();
            segs = segs.subList(2, segs.size());
            if (segs.isEmpty()) {
                requireMethod(method, "GET");
                return new Response(200, renderer.project(base), base + "/schemas");
            }
        }
        return scoped(method, segs, base, query, body);
    }

    private static void requireMethod(String method, String... allowed) {
        if (!Arrays.asList(allowed).contains(method)) {
            throw ApiError.methodNotAllowed();
        }
    }

    private Response scoped(String method, List<String> segs, String base, String query, String body) {
        String first = segs.get(0);
        if (first.equals("schemas")) {
            requireMethod(method, "GET");
            if (segs.size() == 1) {
                return new Response(200, Schemas.collection(base), null);
            }
            Schemas.Type t = Schemas.TYPES.values().stream().filter(x -> x.id().equalsIgnoreCase(segs.get(1))).findFirst()
                    .orElseThrow(ApiError::notFound);
            return new Response(200, Schemas.schema(t, base), null);
        }
        Schemas.Type type = Schemas.forCollection(first);
        if (type == null || type.id().equals("project")) {
            throw ApiError.notFound();
        }
        String collUrl = base + "/" + type.collection();
        if (segs.size() == 1) {
            if (method.equals("POST")) {
                return create(type, parse(body), base);
            }
            requireMethod(method, "GET");
            return new Response(200, Listing.collection(type, list(type, base, null), collUrl, query,
                    type.collectionMethods().contains("POST")), null);
        }
        String id = segs.get(1);
        if (segs.size() == 3) {
            requireMethod(method, "GET");
            return subCollection(type, id, segs.get(2), base, query);
        }
        if (segs.size() > 3) {
            throw ApiError.notFound();
        }
        String action = actionOf(query);
        switch (type.id()) {
            case "stack" -> {
                StackRecord s = engine.stack(id).orElseThrow(ApiError::notFound);
                return switch (method) {
                    case "GET" -> new Response(200, renderer.stack(s, base), null);
                    case "PUT" -> new Response(200, renderer.stack(engine.stackOps().updateStack(s, parse(body)), base), null);
                    case "DELETE" -> new Response(200, renderer.stack(engine.stackOps().removeStack(s), base), null);
                    case "POST" -> {
                        if (action == null) {
                            throw ApiError.methodNotAllowed();
                        }
                        Object result = engine.stackOps().stackAction(s, action, parse(body));
                        if (result instanceof JsonNode node) {
                            yield new Response(200, node, null);
                        }
                        yield new Response((Integer) result, renderer.stack(s, base), null);
                    }
                    default -> throw ApiError.methodNotAllowed();
                };
            }
            case "service" -> {
                ServiceRecord s = engine.service(id).orElseThrow(ApiError::notFound);
                return switch (method) {
                    case "GET" -> new Response(200, renderer.service(s, base), null);
                    case "PUT" -> new Response(200, renderer.service(engine.serviceOps().updateService(s, parse(body)), base), null);
                    case "DELETE" -> new Response(200, renderer.service(engine.serviceOps().removeService(s), base), null);
                    case "POST" -> {
                        if (action == null) {
                            throw ApiError.methodNotAllowed();
                        }
                        int status = engine.serviceOps().serviceAction(s, action, parse(body));
                        yield new Response(status, renderer.service(s, base), null);
                    }
                    default -> throw ApiError.methodNotAllowed();
                };
            }
            case "volume" -> {
                VolumeRecord v = engine.volume(id).orElseThrow(ApiError::notFound);
                if (method.equals("DELETE") || (method.equals("POST") && "remove".equals(action))) {
                    return new Response(200, renderer.volume(engine.removeVolume(v), base), null);
                }
                requireMethod(method, "GET");
                if (action != null) {
                    throw ApiError.validation("InvalidAction", "action");
                }
                return new Response(200, renderer.volume(v, base), null);
            }
            default -> {
                requireMethod(method, "GET");
                if (action != null) {
                    throw ApiError.validation("InvalidAction", "action");
                }
                return new Response(200, one(type, id, base), null);
            }
        }
    }

    private static String actionOf(String query) {
        for (var p : Listing.parseQuery(query)) {
            if (p.getKey().equals("action")) {
                return p.getValue();
            }
        }
        return null;
    }

    private static ObjectNode parse(String body) {
        if (body == null || body.isBlank()) {
            return Engine.JSON.createObjectNode();
        }
        try {
            JsonNode node = Engine.JSON.readTree(body);
            if (node == null || node.isNull()) {
                return Engine.JSON.createObjectNode();
            }
            if (!node.isObject()) {
                throw new ApiError(400, "InvalidBodyContent", "InvalidBodyContent", null);
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new ApiError(400, "InvalidBodyContent", "InvalidBodyContent", null);
        }
    }

    private Response create(Schemas.Type type, ObjectNode body, String base) {
        return switch (type.id()) {
            case "stack" -> new Response(201, renderer.stack(engine.stackOps().createStack(body), base), null);
            case "service" -> new Response(201, renderer.service(engine.serviceOps().createService(body), base), null);
            case "pullTask" -> new Response(201, renderer.pullTask(engine.createPullTask(body), base), null);
            default -> throw ApiError.methodNotAllowed();
        };
    }

    private List<ObjectNode> list(Schemas.Type type, String base, String stackId) {
        List<ObjectNode> out = new ArrayList<>();
        switch (type.id()) {
            case "stack" -> engine.stacks().forEach(s -> out.add(renderer.stack(s, base)));
            case "service" -> engine.services().stream().filter(s -> stackId == null || s.stackId.equals(stackId))
                    .forEach(s -> out.add(renderer.service(s, base)));
            case "pullTask" -> engine.pullTasks().forEach(t -> out.add(renderer.pullTask(t, base)));
            case "host" -> engine.hosts().forEach(h -> out.add(renderer.host(h, base)));
            case "volume" -> engine.volumes().forEach(v -> out.add(renderer.volume(v, base)));
            case "container", "instance" -> engine.containers().forEach(c -> out.add(renderer.container(c, base)));
            case "setting" -> {
                out.add(renderer.setting("rancher.compose.version", COMPOSE_VERSION, base));
                String registry = engine.setting("registry.default");
                out.add(renderer.setting("registry.default", registry == null ? "" : registry, base));
            }
            case "serviceConsumeMap" -> engine.services().stream().filter(s -> !s.isRemoved() && s.serviceLinks != null)
                    .forEach(s -> s.serviceLinks.forEach(l -> out.add(renderer.serviceConsumeMap(s, l, base))));
            default -> {
            }
        }
        return out;
    }

    private ObjectNode one(Schemas.Type type, String id, String base) {
        return switch (type.id()) {
            case "pullTask" -> renderer.pullTask(engine.pullTask(id).orElseThrow(ApiError::notFound), base);
            case "container", "instance" -> renderer.container(engine.container(id).orElseThrow(ApiError::notFound), base);
            default -> list(type, base, null).stream().filter(o -> o.path("id").asText().equals(id)).findFirst()
                    .orElseThrow(ApiError::notFound);
        };
    }

    private Response subCollection(Schemas.Type type, String id, String link, String base, String query) {
        if (type.id().equals("stack") && link.equals("services")) {
            StackRecord s = engine.stack(id).orElseThrow(ApiError::notFound);
            return new Response(200, Listing.collection(Schemas.TYPES.get("service"), list(Schemas.TYPES.get("service"), base, s.id),
                    base + "/stacks/" + id + "/services", query, false), null);
        }
        if (type.id().equals("stack") && link.equals("composeconfig")) {
            StackRecord s = engine.stack(id).orElseThrow(ApiError::notFound);
            return new Response(200, (JsonNode) engine.stackOps().stackAction(s, "exportconfig", Engine.JSON.createObjectNode()), null);
        }
        if (type.id().equals("service") && link.equals("instances")) {
            ServiceRecord s = engine.service(id).orElseThrow(ApiError::notFound);
            List<ObjectNode> items = engine.containersOf(s).stream().map(c -> renderer.container(c, base)).toList();
            return new Response(200, Listing.collection(Schemas.TYPES.get("instance"), items,
                    base + "/services/" + id + "/instances", query, false), null);
        }
        if (type.id().equals("service") && link.equals("consumedservices")) {
            ServiceRecord s = engine.service(id).orElseThrow(ApiError::notFound);
            List<ObjectNode> items = new ArrayList<>();
            if (s.serviceLinks != null) {
                s.serviceLinks.forEach(l -> engine.service(l.path("serviceId").asText()).ifPresent(t -> items.add(renderer.service(t, base))));
            }
            return new Response(200, Listing.collection(Schemas.TYPES.get("service"), items,
                    base + "/services/" + id + "/consumedservices", query, false), null);
        }
        throw ApiError.notFound();
    }
}
