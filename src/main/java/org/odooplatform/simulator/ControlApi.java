package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's own control API under {@code /_sim}: the Java API's request log, fault injection,
 * seeding and settings over HTTP, so an operator or a script drives a running
 * {@code rancher-simulator} with curl (docs/rancher-simulator.md). It is not Rancher: its requests are
 * neither faulted nor recorded, and they need the same keys as the Rancher API.
 */
final class ControlApi {

    static final String PREFIX = "/_sim";

    record Result(int status, JsonNode body) {
    }

    private final RancherSimulator sim;
    private final Engine engine;

    ControlApi(RancherSimulator sim, Engine engine) {
        this.sim = sim;
        this.engine = engine;
    }

    Result handle(String method, String path, String query, String body) {
        JsonNode in = parse(body);
        String p = path.isEmpty() ? "/" : path;
        switch (method + " " + p) {
            case "GET /" -> {
                ObjectNode o = Engine.JSON.createObjectNode();
                ArrayNode list = o.putArray("endpoints");
                for (String e : new String[] {"GET /_sim/requests", "DELETE /_sim/requests", "POST /_sim/faults", "DELETE /_sim/faults",
                    "POST /_sim/seed/stack", "POST /_sim/seed/service", "POST /_sim/seed/upgraded-service", "POST /_sim/seed/host",
                    "GET /_sim/hosts", "PUT /_sim/settings/registry.default"}) {
                    list.add(e);
                }
                return new Result(200, o);
            }
            case "GET /requests" -> {
                ObjectNode o = Engine.JSON.createObjectNode();
                ArrayNode data = o.putArray("data");
                for (RecordedRequest r : sim.requests()) {
                    ObjectNode x = data.addObject();
                    x.put("method", r.method());
                    x.put("path", r.path());
                    x.put("query", r.query());
                    x.put("body", r.body());
                    x.put("status", r.status());
                    x.put("accessKey", r.accessKey());
                }
                o.put("reads", sim.readCount());
                o.put("mutations", sim.mutationCount());
                return new Result(200, o);
            }
            case "DELETE /requests" -> {
                sim.clearRequests();
                return new Result(200, Engine.JSON.createObjectNode());
            }
            case "POST /faults" -> {
                addFault(in);
                return new Result(201, in);
            }
            case "DELETE /faults" -> {
                sim.faults().clear();
                return new Result(200, Engine.JSON.createObjectNode());
            }
            case "POST /seed/stack" -> {
                return new Result(201, sim.seedStack(required(in, "name")));
            }
            case "POST /seed/service" -> {
                return new Result(201, sim.seedService(required(in, "stack"), required(in, "name"), required(in, "image"),
                        extras(in), in.path("scale").asInt(1)));
            }
            case "POST /seed/upgraded-service" -> {
                return new Result(201, sim.seedUpgradedService(required(in, "stack"), required(in, "name"), required(in, "oldImage"),
                        required(in, "newImage"), extras(in)));
            }
            case "POST /seed/host" -> {
                Map<String, String> labels = new LinkedHashMap<>();
                in.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                return new Result(201, sim.seedHost(required(in, "name"), labels));
            }
            case "GET /hosts" -> {
                ObjectNode o = Engine.JSON.createObjectNode();
                ArrayNode data = o.putArray("data");
                sim.hosts().forEach(data::add);
                return new Result(200, o);
            }
            case "PUT /settings/registry.default" -> {
                sim.defaultRegistry(in.path("value").asText(null));
                ObjectNode o = Engine.JSON.createObjectNode();
                o.put("name", "registry.default");
                o.put("value", engine.setting("registry.default"));
                return new Result(200, o);
            }
            default -> throw ApiError.notFound();
        }
    }

    /**
     * {@code {"type":"failNext","count":1,"status":503,"method":"POST","path":"action=upgrade"}}; types:
     * failNext, dropNextConnections, dropNextResponses, delayNext (delayMillis), unhealthyAfterUpgrade
     * and unhealthyOnStart (stack, service), failPull (image, optional host), freeze (frozen).
     */
    private void addFault(JsonNode in) {
        Faults f = sim.faults();
        int count = in.path("count").asInt(1);
        String method = in.hasNonNull("method") ? in.get("method").asText() : null;
        String path = in.hasNonNull("path") ? in.get("path").asText() : null;
        switch (required(in, "type")) {
            case "failNext" -> f.failNext(count, in.path("status").asInt(503), method, path);
            case "dropNextConnections" -> f.dropNextConnections(count, method, path);
            case "dropNextResponses" -> f.dropNextResponses(count, method, path);
            case "delayNext" -> f.delayNext(count, Duration.ofMillis(in.path("delayMillis").asLong(1000)), method, path);
            case "unhealthyAfterUpgrade" -> f.unhealthyAfterUpgrade(required(in, "stack"), required(in, "service"));
            case "unhealthyOnStart" -> f.unhealthyOnStart(required(in, "stack"), required(in, "service"));
            case "failPull" -> {
                if (in.hasNonNull("host")) {
                    f.failPullOn(in.get("host").asText(), required(in, "image"));
                } else {
                    f.failPull(required(in, "image"));
                }
            }
            case "freeze" -> f.freezeTransitions(in.path("frozen").asBoolean(true));
            default -> throw ApiError.validation("InvalidOption", "type");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> extras(JsonNode in) {
        JsonNode lc = in.get("launchConfig");
        return lc == null || !lc.isObject() ? Map.of() : Engine.JSON.convertValue(lc, Map.class);
    }

    private static String required(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw ApiError.validation("MissingRequired", field);
        }
        return v.asText();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return Engine.JSON.createObjectNode();
        }
        try {
            JsonNode node = Engine.JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "InvalidBodyContent", "the body must be a JSON object", null);
            }
            return node;
        } catch (IOException e) {
            throw new ApiError(400, "InvalidBodyContent", "the body is not JSON", null);
        }
    }
}
