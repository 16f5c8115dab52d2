package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schemas the simulator publishes (go-rancher reads {@code links.collection},
 * {@code collectionMethods}, {@code resourceMethods}; rancher-compose requires {@code stack} with
 * POST) and the filters each collection declares: a query parameter naming anything else is
 * silently ignored, as in Cattle.
 */
final class Schemas {

    static final List<String> MODIFIERS = List.of("eq", "ne", "lt", "lte", "gt", "gte", "prefix", "like", "notlike",
            "null", "notnull", "in", "notin", "or");

    record Type(String id, String collection, List<String> collectionMethods, List<String> resourceMethods,
            List<String> filters, Map<String, String> fields, List<String> actions) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Map<String, Type> TYPES = new LinkedHashMap<>();

    private static final List<String> COMMON_FILTERS = List.of("accountId", "created", "description", "id", "kind", "name",
            "removeTime", "removed", "state", "uuid");

    static {
        // field name -> "type:flags" where flags: c create, u update, r required
        Map<String, String> stack = new LinkedHashMap<>();
        stack.put("name", "string:cur");
        stack.put("description", "string:cu");
        stack.put("dockerCompose", "string:c");
        stack.put("rancherCompose", "string:c");
        stack.put("environment", "map[string]:c");
        stack.put("externalId", "string:cu");
        stack.put("startOnCreate", "boolean:c");
        stack.put("outputs", "map[string]:cu");
        stack.put("group", "string:cu");
        stack.put("binding", "binding:cu");
        stack.put("healthState", "enum:");
        stack.put("serviceIds", "array[reference[service]]:");
        stack.put("previousExternalId", "string:");
        stack.put("previousEnvironment", "map[string]:");
        stack.put("system", "boolean:");
        TYPES.put("stack", new Type("stack", "stacks", List.of("GET", "POST"), List.of("GET", "PUT", "DELETE"),
                concat(COMMON_FILTERS, List.of("externalId", "group", "healthState", "system")), stack,
                concat(List.copyOf(Lifecycle.STACK.keySet()), Lifecycle.STACK_HANDLER_ACTIONS)));

        Map<String, String> service = new LinkedHashMap<>();
        service.put("name", "string:cur");
        service.put("description", "string:cu");
        service.put("stackId", "reference[stack]:cr");
        service.put("scale", "int:cu");
        service.put("startOnCreate", "boolean:c");
        service.put("launchConfig", "launchConfig:c");
        service.put("secondaryLaunchConfigs", "array[secondaryLaunchConfig]:c");
        service.put("metadata", "map[json]:cu");
        service.put("selectorLink", "string:cu");
        service.put("selectorContainer", "string:cu");
        service.put("retainIp", "boolean:cu");
        service.put("scalePolicy", "scalePolicy:cu");
        service.put("lbConfig", "lbTargetConfig:cu");
        service.put("publicEndpoints", "array[publicEndpoint]:u");
        service.put("currentScale", "int:");
        service.put("instanceIds", "array[reference[instance]]:");
        service.put("healthState", "enum:");
        service.put("upgrade", "serviceUpgrade:");
        service.put("fqdn", "string:");
        service.put("createIndex", "int:");
        service.put("linkedServices", "map[reference[service]]:");
        TYPES.put("service", new Type("service", "services", List.of("GET", "POST"), List.of("GET", "PUT", "DELETE"),
                concat(COMMON_FILTERS, List.of("createIndex", "healthState", "selectorContainer", "selectorLink", "stackId", "system")),
                service, concat(List.copyOf(Lifecycle.SERVICE.keySet()), Lifecycle.SERVICE_HANDLER_ACTIONS)));

        Map<String, String> pull = new LinkedHashMap<>();
        pull.put("mode", "enum:c");
        pull.put("image", "string:cr");
        pull.put("labels", "map[string]:c");
        pull.put("hostIds", "array[reference[host]]:c");
        pull.put("status", "map[string]:");
        TYPES.put("pullTask", new Type("pullTask", "pulltasks", List.of("GET", "POST"), List.of("GET"),
                concat(COMMON_FILTERS, List.of("image", "mode")), pull, List.of()));

        Map<String, String> container = new LinkedHashMap<>();
        container.put("imageUuid", "string:");
        container.put("healthState", "enum:");
        container.put("serviceIds", "array[reference[service]]:");
        container.put("stackId", "reference[stack]:");
        container.put("labels", "map[string]:");
        container.put("hostId", "reference[host]:");
        TYPES.put("container", new Type("container", "containers", List.of("GET"), List.of("GET"),
                concat(COMMON_FILTERS, List.of("imageUuid", "healthState", "stackId")), container, List.of()));
        TYPES.put("instance", new Type("instance", "instances", List.of("GET"), List.of("GET"),
                concat(COMMON_FILTERS, List.of("imageUuid", "healthState", "stackId")), container, List.of()));

        Map<String, String> host = new LinkedHashMap<>();
        host.put("hostname", "string:");
        host.put("labels", "map[string]:cu");
        host.put("agentState", "string:");
        TYPES.put("host", new Type("host", "hosts", List.of("GET"), List.of("GET"),
                concat(COMMON_FILTERS, List.of("agentState", "hostname")), host, List.of()));

        Map<String, String> volume = new LinkedHashMap<>();
        volume.put("driver", "string:c");
        volume.put("hostId", "reference[host]:");
        volume.put("instanceId", "reference[instance]:");
        TYPES.put("volume", new Type("volume", "volumes", List.of("GET", "POST"), List.of("GET", "DELETE"),
                concat(COMMON_FILTERS, List.of("driver", "hostId", "instanceId")), volume, List.of("remove")));

        Map<String, String> consume = new LinkedHashMap<>();
        consume.put("serviceId", "reference[service]:");
        consume.put("consumedServiceId", "reference[service]:");
        TYPES.put("serviceConsumeMap", new Type("serviceConsumeMap", "serviceconsumemaps", List.of("GET"), List.of("GET"),
                List.of("id", "name", "state", "removed", "serviceId", "consumedServiceId"), consume, List.of()));

        Map<String, String> setting = new LinkedHashMap<>();
        setting.put("value", "string:");
        setting.put("activeValue", "string:");
        TYPES.put("setting", new Type("setting", "settings", List.of("GET"), List.of("GET"), List.of("id", "name"), setting, List.of()));

        Map<String, String> project = new LinkedHashMap<>();
        project.put("orchestration", "string:");
        TYPES.put("project", new Type("project", "projects", List.of("GET"), List.of("GET"),
                List.of("id", "name", "state", "removed", "uuid", "kind"), project, List.of()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.ArrayList<String> r = new java.util.ArrayList<>(a);
        b.forEach(x -> {
            if (!r.contains(x)) {
                r.add(x);
            }
        });
        return r;
    }

    /** The schema type of a collection path segment ("stacks", "stack", "pullTasks", ...), or null. */
    static Type forCollection(String segment) {
        String s = segment.toLowerCase(java.util.Locale.ROOT);
        for (Type t : TYPES.values()) {
            if (t.collection().equals(s) || t.id().toLowerCase(java.util.Locale.ROOT).equals(s)) {
                return t;
            }
        }
        return null;
    }

    static ObjectNode schema(Type t, String base) {
        String root = Renderer.root(base);
        String coll = "project".equals(t.id()) ? root + "/projects" : base + "/" + t.collection();
        ObjectNode o = NODES.objectNode();
        o.put("id", t.id());
        o.put("type", "schema");
        o.put("pluralName", t.collection());
        ObjectNode links = o.putObject("links");
        links.put("self", base + "/schemas/" + t.id().toLowerCase(java.util.Locale.ROOT));
        links.put("collection", coll);
        o.putObject("actions");
        ArrayNode cm = o.putArray("collectionMethods");
        t.collectionMethods().forEach(cm::add);
        ArrayNode rm = o.putArray("resourceMethods");
        t.resourceMethods().forEach(rm::add);
        ObjectNode fields = o.putObject("resourceFields");
        t.fields().forEach((name, spec) -> {
            String[] parts = spec.split(":", -1);
            ObjectNode f = fields.putObject(name);
            f.put("type", parts[0]);
            f.put("create", parts[1].contains("c"));
            f.put("update", parts[1].contains("u"));
            f.put("required", parts[1].contains("r"));
            f.put("nullable", !parts[1].contains("r"));
        });
        ObjectNode filters = o.putObject("collectionFilters");
        t.filters().forEach(name -> {
            ArrayNode mods = filters.putObject(name).putArray("modifiers");
            MODIFIERS.forEach(mods::add);
        });
        ObjectNode actions = o.putObject("resourceActions");
        t.actions().forEach(a -> actions.putObject(a).put("output", t.id()));
        if (t.actions().contains("upgrade") && "service".equals(t.id())) {
            ((ObjectNode) actions.get("upgrade")).put("input", "serviceUpgrade");
            ((ObjectNode) actions.get("restart")).put("input", "serviceRestart");
            ((ObjectNode) actions.get("setservicelinks")).put("input", "setServiceLinksInput");
            ((ObjectNode) actions.get("addservicelink")).put("input", "addRemoveServiceLinkInput");
            ((ObjectNode) actions.get("removeservicelink")).put("input", "addRemoveServiceLinkInput");
        }
        if ("stack".equals(t.id())) {
            ((ObjectNode) actions.get("upgrade")).put("input", "stackUpgrade");
            ((ObjectNode) actions.get("addoutputs")).put("input", "addOutputsInput");
            ((ObjectNode) actions.get("exportconfig")).put("output", "composeConfig");
        }
        o.putObject("collectionActions");
        return o;
    }

    static ObjectNode collection(String base) {
        ObjectNode o = NODES.objectNode();
        o.put("type", "collection");
        o.put("resourceType", "schema");
        o.putObject("links").put("self", base + "/schemas");
        o.putObject("createTypes");
        o.putObject("actions");
        ArrayNode data = o.putArray("data");
        TYPES.values().forEach(t -> data.add(schema(t, base)));
        return o;
    }

    private Schemas() {
    }
}
