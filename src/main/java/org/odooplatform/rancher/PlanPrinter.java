package org.odooplatform.rancher;

import java.util.ArrayList;
import java.util.List;

/** Renders a {@link StackPlan} like a diff: one block per service, {@code +}, {@code -}, {@code ~} lines. */
public final class PlanPrinter {

    private PlanPrinter() {
    }

    public static List<String> render(StackPlan plan) {
        List<String> lines = new ArrayList<>();
        String stack = plan.desired().name();
        lines.add(plan.stackExists()
                ? "Plan for stack " + stack + " (" + plan.stack().id() + ", " + plan.stack().state() + "):"
                : "Plan for stack " + stack + ": the stack does not exist, it will be created");
        plan.desired().warnings().forEach(w -> lines.add("  warning: " + w));
        for (PendingUpgrade p : plan.pending()) {
            lines.add("  pending: " + p.describe());
        }
        for (ServicePlan service : plan.services()) {
            StringBuilder head = new StringBuilder("  ").append(service.action().symbol).append(' ')
                    .append(service.name()).append(": ").append(service.action().verb);
            if (service.action() == ServicePlan.Action.UPGRADE && service.desired() != null) {
                head.append(" (in service, ").append(service.desired().strategy()).append(')');
            }
            if (service.reason() != null && service.action() != ServicePlan.Action.CREATE
                    && service.action() != ServicePlan.Action.UNCHANGED) {
                head.append(" - ").append(service.reason());
            }
            lines.add(head.toString());
            if (service.action() == ServicePlan.Action.UNCHANGED && service.current() != null) {
                lines.add("      image " + service.current().image());
            }
            for (FieldChange change : service.changes()) {
                lines.add("      " + change.render());
            }
        }
        lines.add(summary(plan));
        return lines;
    }

    public static String summary(StackPlan plan) {
        if (!plan.hasChanges()) {
            return "No changes: the stack runs what the compose files and --image say.";
        }
        List<String> parts = new ArrayList<>();
        for (ServicePlan.Action action : ServicePlan.Action.values()) {
            long n = plan.count(action);
            if (n > 0 && action != ServicePlan.Action.EXTRA) {
                parts.add(n + " " + switch (action) {
                    case CREATE -> "to create";
                    case RECREATE -> "to recreate";
                    case UPGRADE -> "to upgrade";
                    case SCALE -> "to scale";
                    case ACTIVATE -> "to activate";
                    default -> "unchanged";
                });
            }
        }
        if (!plan.pending().isEmpty()) {
            parts.add(plan.pending().size() + " pending from an earlier deploy");
        }
        return "Summary: " + String.join(", ", parts) + ".";
    }
}
