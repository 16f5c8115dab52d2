package org.odooplatform.flow.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code status --all --json}: the schema of docs/fleet-status.md#json (version {@value #SCHEMA}). */
public final class FleetJson {

    public static final String SCHEMA = "odoo-platform/fleet-status/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FleetJson() {
    }

    public static ObjectNode tree(FleetReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA).put("rancherUrl", report.rancherUrl()).put("readAt", report.readAt().toString())
                .put("requests", report.requests()).put("otherStacks", report.others());
        ObjectNode summary = root.putObject("summary");
        summary.put("clients", report.clients().size()).put("stacks", report.stacks().size())
                .put("notHealthy", report.stacks().stream().filter(s -> !s.healthy()).count())
                .put("locked", report.stacks().stream().filter(s -> s.lock() != null && s.lock().live()).count())
                .put("drift", report.drift().size());
        ArrayNode clients = root.putArray("clients");
        for (ClientStatus c : report.clients()) {
            ObjectNode co = clients.addObject();
            co.put("client", c.client());
            ArrayNode stacks = co.putArray("stacks");
            for (StackStatus s : c.stacks()) {
                ObjectNode so = stacks.addObject();
                so.put("instance", s.instance()).put("name", s.name()).put("id", s.id()).put("state", s.state())
                        .put("healthState", s.health()).put("transitioning", s.transitioning()).put("healthy", s.healthy())
                        .put("services", s.services()).put("image", s.odooImage()).put("digest", s.digest())
                        .put("version", s.version()).put("commit", s.commit());
                ArrayNode pending = so.putArray("pending");
                s.pending().forEach(pending::add);
                if (s.lock() == null) {
                    so.putNull("lock");
                } else {
                    StackStatus.Lock l = s.lock();
                    so.putObject("lock").put("holder", l.holder()).put("since", l.since()).put("expires", l.expires())
                            .put("host", l.host()).put("pid", l.pid()).put("live", l.live());
                }
                so.set("lastDeploy", s.last() == null ? null : JSON.valueToTree(s.last()));
                so.put("recordedDeploys", s.history().size());
            }
            ArrayNode drift = co.putArray("drift");
            c.drift().forEach(d -> drift.addObject().put("kind", d.kind().id()).put("instance", d.instance())
                    .put("message", d.message()));
        }
        return root;
    }

    public static String render(FleetReport report) {
        try {
            return JSON.writeValueAsString(tree(report));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
