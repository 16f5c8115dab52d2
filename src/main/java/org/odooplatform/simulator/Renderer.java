package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.odooplatform.simulator.SimState.ContainerRecord;
import org.odooplatform.simulator.SimState.HostRecord;
import org.odooplatform.simulator.SimState.VolumeRecord;
import org.odooplatform.simulator.SimState.PullTaskRecord;
import org.odooplatform.simulator.SimState.Resource;
import org.odooplatform.simulator.SimState.ServiceRecord;
import org.odooplatform.simulator.SimState.StackRecord;

/**
 * Turns records into Cattle's JSON. {@code base} is the URL prefix the client used: the
 * project-scoped {@code http://host/v2-beta/projects/1a5} or the environment-key
 * {@code http://host/v2-beta}; every link is built under it, as Cattle does.
 */
final class Renderer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Engine engine;

    Renderer(Engine engine) {
        this.engine = engine;
    }

    static String time(long millis) {
        return Instant.ofEpochSecond(millis / 1000).toString();
    }

    private ObjectNode common(Resource r, String type, String url) {
        ObjectNode o = NODES.objectNode();
        o.put("id", r.id);
        o.put("type", type);
        o.put("baseType", type);
        o.put("name", r.name);
        o.put("state", r.state);
        o.put("accountId", engine.projectId());
        o.put("created", time(r.created));
        o.put("createdTS", r.created);
        o.put("description", r.description);
        o.put("kind", type);
        o.put("removed", r.removed == null ? null : time(r.removed));
        o.putNull("removeTime");
        o.put("transitioning", r.transitioning);
        o.put("transitioningMessage", r.transitioningMessage);
        o.putNull("transitioningProgress");
        o.put("uuid", r.uuid);
        ObjectNode links = o.putObject("links");
        links.put("self", url);
        return o;
    }

    private ObjectNode withAccount(ObjectNode o, String base) {
        ObjectNode links = (ObjectNode) o.get("links");
        links.put("account", root(base) + "/projects/" + engine.projectId());
        return o;
    }

    static String root(String base) {
        int v = base.indexOf("/v2-beta");
        return base.substring(0, v) + "/v2-beta";
    }

    private static void actions(ObjectNode o, String url, List<String> names) {
        ObjectNode actions = o.putObject("actions");
        for (String name : names) {
            actions.put(name, url + "/?action=" + name);
        }
    }

    ObjectNode stack(StackRecord s, String base) {
        String url = base + "/stacks/" + s.id;
        ObjectNode o = withAccount(common(s, "stack", url), base);
        o.put("healthState", engine.healthState(s));
        o.put("startOnCreate", s.startOnCreate);
        o.put("dockerCompose", s.dockerCompose);
        o.put("rancherCompose", s.rancherCompose);
        o.set("environment", s.environment);
        o.put("externalId", s.externalId);
        o.put("previousExternalId", s.previousExternalId);
        o.set("previousEnvironment", s.previousEnvironment);
        o.set("outputs", s.outputs);
        o.put("group", s.group);
        o.set("binding", s.binding);
        o.put("system", s.system);
        ArrayNode ids = o.putArray("serviceIds");
        engine.services().stream().filter(v -> v.stackId.equals(s.id) && !v.isRemoved()).forEach(v -> ids.add(v.id));
        ObjectNode links = (ObjectNode) o.get("links");
        links.put("services", url + "/services");
        links.put("composeConfig", url + "/composeconfig");
        actions(o, url, Lifecycle.stackActions(s.state));
        return o;
    }

    ObjectNode service(ServiceRecord s, String base) {
        String url = base + "/services/" + s.id;
        ObjectNode o = withAccount(common(s, "service", url), base);
        o.put("kind", s.kind);
        o.put("stackId", s.stackId);
        o.put("healthState", engine.healthState(s));
        o.put("scale", s.scale);
        o.put("currentScale", engine.currentScale(s));
        o.put("startOnCreate", s.startOnCreate);
        o.put("createIndex", s.createIndex);
        ArrayNode ids = o.putArray("instanceIds");
        engine.containersOf(s).forEach(c -> ids.add(c.id));
        o.set("launchConfig", s.launchConfig);
        o.set("secondaryLaunchConfigs", s.secondaryLaunchConfigs == null ? NODES.arrayNode() : s.secondaryLaunchConfigs);
        o.set("metadata", s.metadata);
        o.set("upgrade", s.upgrade);
        o.set("selectorLink", s.selectorLink);
        o.set("selectorContainer", s.selectorContainer);
        o.put("retainIp", s.retainIp);
        o.set("scalePolicy", s.scalePolicy);
        o.set("lbConfig", s.lbConfig);
        o.set("publicEndpoints", s.publicEndpoints);
        o.put("fqdn", (String) null);
        o.putNull("vip");
        o.put("system", false);
        ObjectNode linked = o.putObject("linkedServices");
        if (s.serviceLinks != null) {
            for (JsonNode link : s.serviceLinks) {
                linked.put(link.path("name").asText(link.path("serviceId").asText()), link.path("serviceId").asText());
            }
        }
        ObjectNode links = (ObjectNode) o.get("links");
        links.put("stack", base + "/stacks/" + s.stackId);
        links.put("instances", url + "/instances");
        links.put("consumedservices", url + "/consumedservices");
        actions(o, url, Lifecycle.serviceActions(s.state));
        return o;
    }

    ObjectNode container(ContainerRecord c, String base) {
        String url = base + "/containers/" + c.id;
        ObjectNode o = NODES.objectNode();
        o.put("id", c.id);
        o.put("type", "container");
        o.put("baseType", "instance");
        o.put("kind", "container");
        o.put("name", c.name);
        o.put("state", c.state);
        o.put("healthState", c.healthState);
        o.put("imageUuid", c.imageUuid);
        o.put("version", c.version); // cattle container.json: the launch config version it was created from
        o.put("accountId", engine.projectId());
        o.put("uuid", c.uuid);
        o.put("created", time(c.created));
        o.put("createdTS", c.created);
        o.put("removed", c.removed == null ? null : time(c.removed));
        o.put("transitioning", "no");
        o.putNull("transitioningMessage");
        o.putArray("serviceIds").add(c.serviceId);
        engine.service(c.serviceId).ifPresent(s -> o.put("stackId", s.stackId));
        o.put("hostId", c.hostId);
        ArrayNode mounts = o.putArray("dataVolumes");
        c.volumes.forEach(mounts::add);
        ObjectNode labels = o.putObject("labels");
        engine.service(c.serviceId).ifPresent(s -> engine.stack(s.stackId)
                .ifPresent(st -> labels.put("io.rancher.stack_service.name", st.name + "/" + s.name)));
        labels.put("io.rancher.service.launch.config",
                c.launchConfigName == null ? "io.rancher.service.primary.launch.config" : c.launchConfigName);
        labels.put("io.rancher.service.deployment.version", c.version);
        o.putObject("links").put("self", url);
        ObjectNode actions = o.putObject("actions");
        if (List.of("running", "stopped", "stopping").contains(c.state)) {
            actions.put("logs", url + "?action=logs"); // cattle container.json resourceActions.logs.attributes.states
        }
        return o;
    }

    ObjectNode pullTask(PullTaskRecord t, String base) {
        String url = base + "/pulltasks/" + t.id;
        ObjectNode o = withAccount(common(t, "pullTask", url), base);
        o.put("mode", t.mode);
        o.put("image", t.image);
        o.set("labels", t.labels);
        o.set("status", t.status);
        ArrayNode hostIds = o.putArray("hostIds");
        engine.hosts().stream().filter(h -> t.hostNames.contains(h.name)).forEach(h -> hostIds.add(h.id));
        o.putObject("actions");
        return o;
    }

    ObjectNode host(HostRecord h, String base) {
        String url = base + "/hosts/" + h.id;
        ObjectNode o = NODES.objectNode();
        o.put("id", h.id);
        o.put("type", "host");
        o.put("baseType", "host");
        o.put("kind", "docker");
        o.put("name", h.name);
        o.put("hostname", h.name);
        o.put("state", h.state);
        o.put("agentState", h.state);
        o.put("accountId", engine.projectId());
        o.put("transitioning", "no");
        o.putNull("transitioningMessage");
        o.putNull("removed");
        ObjectNode labels = o.putObject("labels");
        h.labels.forEach(labels::put);
        o.putObject("links").put("self", url);
        o.putObject("actions");
        return o;
    }

    ObjectNode volume(VolumeRecord v, String base) {
        String url = base + "/volumes/" + v.id;
        ObjectNode o = withAccount(common(v, "volume", url), base);
        o.put("driver", v.driver);
        o.put("hostId", v.hostId);
        ObjectNode actions = o.putObject("actions");
        if (!v.isRemoved() && !"active".equals(v.state)) {
            actions.put("remove", url + "/?action=remove");
        }
        return o;
    }

    ObjectNode serviceConsumeMap(ServiceRecord s, JsonNode link, String base) {
        ObjectNode o = NODES.objectNode();
        String id = "1sc" + s.id.substring(2) + "x" + link.path("serviceId").asText();
        o.put("id", id);
        o.put("type", "serviceConsumeMap");
        o.put("baseType", "serviceConsumeMap");
        o.put("name", link.path("name").asText(null));
        o.put("serviceId", s.id);
        o.put("consumedServiceId", link.path("serviceId").asText());
        o.put("state", "active");
        o.putNull("removed");
        o.put("transitioning", "no");
        o.putObject("links").put("self", base + "/serviceconsumemaps/" + id);
        o.putObject("actions");
        return o;
    }

    ObjectNode project(String base) {
        String r = root(base);
        String url = r + "/projects/" + engine.projectId();
        ObjectNode o = NODES.objectNode();
        o.put("id", engine.projectId());
        o.put("type", "project");
        o.put("baseType", "project");
        o.put("name", "Default");
        o.put("state", "active");
        o.put("kind", "project");
        o.put("orchestration", "cattle");
        o.put("uuid", "adminProject");
        o.put("transitioning", "no");
        o.putNull("transitioningMessage");
        o.putNull("removed");
        ObjectNode links = o.putObject("links");
        links.put("self", url);
        links.put("schemas", url + "/schemas");
        for (String c : List.of("stacks", "services", "instances", "containers", "pulltasks", "settings", "serviceconsumemaps", "hosts", "volumes")) {
            links.put(c, url + "/" + c);
        }
        o.putObject("actions");
        return o;
    }

    ObjectNode apiRoot(String base) {
        ObjectNode o = NODES.objectNode();
        o.put("id", "v2-beta");
        o.put("type", "apiVersion");
        ObjectNode links = o.putObject("links");
        links.put("self", base);
        links.put("schemas", base + "/schemas");
        links.put("projects", root(base) + "/projects");
        for (String c : List.of("stacks", "services", "instances", "containers", "pulltasks", "settings", "serviceconsumemaps", "hosts", "volumes")) {
            links.put(c, base + "/" + c);
        }
        o.putObject("actions");
        return o;
    }

    ObjectNode setting(String name, String value, String base) {
        ObjectNode o = NODES.objectNode();
        o.put("id", name);
        o.put("type", "activeSetting");
        o.put("baseType", "setting");
        o.put("name", name);
        o.put("value", value);
        o.put("activeValue", value);
        o.put("source", "Default Environment Variables");
        o.putObject("links").put("self", base + "/settings/" + name);
        o.putObject("actions");
        return o;
    }

    static ObjectNode error(int status, String code, String message, String fieldName, boolean validation) {
        ObjectNode o = NODES.objectNode();
        o.put("id", UUID.randomUUID().toString());
        o.put("type", "error");
        o.put("baseType", "error");
        o.putObject("links");
        o.putObject("actions");
        o.put("status", status);
        o.put("code", code);
        o.put("message", message);
        o.putNull("detail");
        if (validation || fieldName != null) {
            o.put("fieldName", fieldName);
        }
        return o;
    }
}
