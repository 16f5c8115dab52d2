package org.odooplatform.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cattle's process definitions for services and stacks (spring-process-context.xml's
 * service.* and stack.* process definitions): which states a
 * process starts from, its transitioning state and where it settles. The {@code actions} map of a
 * resource is derived from these tables only, so it cannot drift from what the server accepts.
 */
final class Lifecycle {

    record Process(Set<String> startStates, String transitioning, String done) {
    }

    static final Map<String, Process> SERVICE = new LinkedHashMap<>();
    static final List<String> SERVICE_HANDLER_ACTIONS = List.of("setservicelinks", "addservicelink", "removeservicelink");
    static final Map<String, Process> STACK = new LinkedHashMap<>();
    static final List<String> STACK_HANDLER_ACTIONS = List.of("activateservices", "deactivateservices", "exportconfig", "addoutputs");

    /** Service states in which the stack counts the service as running (ServiceDiscoveryServiceImpl.isActiveService). */
    static final Set<String> ACTIVE_LIKE = Set.of("activating", "active", "updating-active", "upgrading", "upgraded",
            "rolling-back", "canceling-upgrade", "canceled-upgrade", "finishing-upgrade", "restarting");

    static {
        SERVICE.put("activate", new Process(Set.of("inactive", "restarting"), "activating", "active"));
        SERVICE.put("cancelupgrade", new Process(Set.of("upgrading", "finishing-upgrade"), "canceling-upgrade", "canceled-upgrade"));
        SERVICE.put("continueupgrade", new Process(Set.of("canceled-upgrade"), "upgrading", "upgraded"));
        SERVICE.put("deactivate", new Process(Set.of("restarting", "active", "activating", "updating-inactive", "updating-active"), "deactivating", "inactive"));
        SERVICE.put("finishupgrade", new Process(Set.of("upgraded"), "finishing-upgrade", "active"));
        SERVICE.put("restart", new Process(Set.of("active"), "restarting", "active"));
        SERVICE.put("rollback", new Process(Set.of("upgrading", "upgraded", "canceled-upgrade"), "rolling-back", "active"));
        SERVICE.put("upgrade", new Process(Set.of("active", "activating", "inactive", "updating-active"), "upgrading", "upgraded"));
        // update keeps most states; only inactive/active change (to updating-*), see startUpdate.
        SERVICE.put("update", new Process(Set.of("inactive", "active", "updating-active", "finishing-upgrade", "activating",
                "canceling-upgrade", "upgrading", "rolling-back"), null, null));
        SERVICE.put("remove", new Process(Set.of("requested", "registering", "inactive", "activating", "active", "updating-inactive",
                "updating-active", "deactivating", "restarting", "upgrading", "upgraded", "canceling-upgrade", "canceled-upgrade",
                "rolling-back", "finishing-upgrade"), "removing", "removed"));

        STACK.put("update", new Process(Set.of("active"), "updating-active", "active"));
        STACK.put("remove", new Process(Set.of("requested", "active", "activating", "updating-active", "error", "erroring", "upgrading",
                "canceling-upgrade", "rolling-back", "finishing-upgrade", "upgraded", "canceled-upgrade"), "removing", "removed"));
        STACK.put("upgrade", new Process(Set.of("active", "canceled-upgrade"), "upgrading", "upgraded"));
        STACK.put("finishupgrade", new Process(Set.of("upgraded"), "finishing-upgrade", "active"));
        STACK.put("rollback", new Process(Set.of("upgrading", "upgraded", "canceled-upgrade"), "rolling-back", "active"));
        STACK.put("cancelupgrade", new Process(Set.of("upgrading", "finishing-upgrade"), "canceling-upgrade", "canceled-upgrade"));
        STACK.put("error", new Process(Set.of("activating"), "erroring", "error"));
    }

    /** Where each transitioning state of a service settles when its step ends. */
    static String serviceDoneState(String transitioning) {
        return switch (transitioning) {
            case "registering", "updating-inactive", "deactivating" -> "inactive";
            case "activating", "updating-active", "finishing-upgrade", "rolling-back", "restarting" -> "active";
            case "upgrading" -> "upgraded";
            case "canceling-upgrade" -> "canceled-upgrade";
            case "removing" -> "removed";
            default -> null;
        };
    }

    static String stackDoneState(String transitioning) {
        return switch (transitioning) {
            case "activating", "updating-active", "finishing-upgrade", "rolling-back" -> "active";
            case "upgrading" -> "upgraded";
            case "canceling-upgrade" -> "canceled-upgrade";
            case "erroring" -> "error";
            case "removing" -> "removed";
            default -> null;
        };
    }

    static List<String> serviceActions(String state) {
        return actions(SERVICE, SERVICE_HANDLER_ACTIONS, state);
    }

    static List<String> stackActions(String state) {
        return actions(STACK, STACK_HANDLER_ACTIONS, state);
    }

    private static List<String> actions(Map<String, Process> processes, List<String> handlers, String state) {
        List<String> result = new java.util.ArrayList<>();
        processes.forEach((name, p) -> {
            if (p.startStates().contains(state)) {
                result.add(name);
            }
        });
        result.addAll(handlers);
        return result;
    }

    private Lifecycle() {
    }
}
