package org.odooplatform.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.Planner;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.StackLock;
import org.odooplatform.rancher.StackNotes;

/** {@code odoo-platform status}: what runs on a stack, service by service, and its recorded deploys. */
public record StatusReport(Resource stack, List<Resource> services, List<DeployRecord> history) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static StatusReport of(Rancher rancher, String stackName) {
        return of(rancher, stackName, null, null);
    }

    /** Same, refusing (exit 2) a stack that says it is not {@code instance}'s (null: the one its name says). */
    public static StatusReport of(Rancher rancher, String stackName, Instance instance, String client) {
        rancher.connect();
        Resource stack = rancher.findStack(stackName).orElseThrow(() -> new PreconditionException(
                "stack " + stackName + " does not exist: nothing was deployed there yet (or check --stack / RANCHER_URL)"));
        TargetCheck.stack(rancher, stack, instance, client, null);
        return new StatusReport(stack, rancher.services(stack), StackNotes.history(stack));
    }

    public List<String> text() {
        List<String> lines = new ArrayList<>();
        lines.add("Stack " + stack.name() + " (" + stack.id() + "): " + stack.state() + ", health " + stack.healthState());
        StackLock.describe(stack, java.time.Clock.systemUTC()).ifPresent(lock -> lines.add("  Deploy lock: " + lock));
        for (Resource s : services) {
            lines.add(String.format("  %-12s %-18s health %-12s scale %s/%s  %s", s.name(), s.state()
                    + (s.isTransitioning() ? "*" : ""), s.healthState(), s.intValue("currentScale", 0),
                    s.intValue("scale", 1), s.image()));
            s.get("secondaryLaunchConfigs").forEach(lc -> lines.add(String.format("  %-12s %-18s %-19s %s", "",
                    "sidekick " + lc.path("name").asText(), "", Resource.imageOf(lc))));
            if (Planner.PENDING_STATES.contains(s.state())) {
                lines.add("  " + " ".repeat(12) + " pending upgrade: old " + Planner.previousImage(s) + ", new " + s.image()
                        + " (finish or roll back: odoo-platform deploy / rollback)");
            }
        }
        if (history.isEmpty()) {
            lines.add("No deploy recorded (not deployed by odoo-platform yet).");
        } else {
            DeployRecord d = history.get(0);
            lines.add("Deployed: version " + d.version() + ", image " + d.image() + ", at " + d.deployedAt()
                    + (d.commit() == null ? "" : ", commit " + d.commit())
                    + (d.triggeredBy() == null ? "" : ", by " + d.triggeredBy())
                    + (d.approvedBy() == null ? "" : ", approved by " + d.approvedBy()));
            for (int i = 1; i < history.size(); i++) {
                DeployRecord h = history.get(i);
                lines.add("  before: version " + h.version() + ", image " + h.image() + ", at " + h.deployedAt());
            }
        }
        // what the stack holds was written by any API client: never let it add lines or reach the terminal
        return lines.stream().map(DeployMetadata::printable).toList();
    }

    public String json() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode st = root.putObject("stack");
        st.put("name", stack.name()).put("id", stack.id()).put("state", stack.state()).put("healthState", stack.healthState());
        ArrayNode list = root.putArray("services");
        for (Resource s : services) {
            ObjectNode o = list.addObject();
            o.put("name", s.name()).put("id", s.id()).put("state", s.state()).put("transitioning", s.transitioning())
                    .put("healthState", s.healthState()).put("scale", s.intValue("scale", 1))
                    .put("currentScale", s.intValue("currentScale", 0)).put("image", s.image());
            ArrayNode sidekicks = o.putArray("sidekicks");
            s.get("secondaryLaunchConfigs").forEach(lc -> sidekicks.addObject().put("name", lc.path("name").asText())
                    .put("image", Resource.imageOf(lc)));
            if (Planner.PENDING_STATES.contains(s.state())) {
                o.putObject("pendingUpgrade").put("oldImage", Planner.previousImage(s)).put("newImage", s.image());
            }
        }
        StackNotes.lock(stack).ifPresent(lock -> {
            ObjectNode l = ((ObjectNode) lock).deepCopy();
            l.remove("token"); // the holder's own proof of ownership
            root.set("lock", l);
        });
        root.set("deploy", history.isEmpty() ? null : JSON.valueToTree(history.get(0)));
        root.set("history", JSON.valueToTree(history));
        try {
            return JSON.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
