package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Secret;
import org.odooplatform.project.ComposeService;

/**
 * Compares the desired stack with the services Rancher runs and says, service by service, what a
 * deploy changes. Only fields the compose files set are compared (the server adds defaults of its
 * own), plus environment keys and labels that disappeared from the compose files.
 */
public final class Planner {

    /** States in which a service sits between two versions (docs/rancher-api.md §4). */
    public static final Set<String> PENDING_STATES = Set.of("upgraded", "upgrading", "canceled-upgrade",
            "canceling-upgrade", "rolling-back", "finishing-upgrade");

    /** Labels tools put on launch configs themselves; their absence from the compose files is no change. */
    private static final List<String> TOOL_LABEL_PREFIXES = List.of("io.rancher.service.hash",
            "io.rancher.service.deployment", "io.rancher.stack", "io.rancher.project");

    /** Fields whose removal from the compose file must reach the service too. */
    private static final List<String> REMOVABLE_FIELDS = List.of("command", "entryPoint", "healthCheck", "ports",
            "dataVolumes", "tty", "stdinOpen", "privileged");

    private Planner() {
    }

    public static StackPlan plan(DesiredStack desired, Resource stack, List<Resource> running, Set<String> recreate) {
        return plan(desired, stack, running, recreate, null);
    }

    /**
     * @param registryDefault the server's {@code registry.default} setting (null if none): Cattle writes
     *                        an image without registry host into {@code imageUuid} with that host
     */
    public static StackPlan plan(DesiredStack desired, Resource stack, List<Resource> running, Set<String> recreate,
            String registryDefault) {
        Map<String, Resource> byName = new LinkedHashMap<>();
        running.forEach(s -> byName.put(s.name().toLowerCase(Locale.ROOT), s));
        List<ServicePlan> services = new ArrayList<>();
        List<PendingUpgrade> pending = new ArrayList<>();
        for (DesiredService service : desired.services()) {
            Resource current = byName.remove(service.name().toLowerCase(Locale.ROOT));
            if (current != null && "removing".equals(current.state())) {
                services.add(new ServicePlan(service.name(), ServicePlan.Action.CREATE, creationSummary(service),
                        null, current, service, "being removed (an earlier deploy was interrupted): created again once gone"));
                continue;
            }
            if (current == null) {
                services.add(new ServicePlan(service.name(), ServicePlan.Action.CREATE, creationSummary(service),
                        null, null, service, "new service"));
                continue;
            }
            List<FieldChange> changes = diff(service, current, registryDefault);
            if (PENDING_STATES.contains(current.state())) {
                pending.add(new PendingUpgrade(service.name(), current.state(), previousImage(current), current.image(),
                        changes.isEmpty()));
            }
            if (recreate.contains(service.name())) {
                List<String> volumes = service.namedVolumes();
                services.add(new ServicePlan(service.name(), ServicePlan.Action.RECREATE, changes, null, current, service,
                        "--recreate-db: removed and created from scratch" + (volumes.isEmpty() ? ""
                                : ", named volume " + String.join(", ", volumes) + " removed (no old data survives)")));
                continue;
            }
            Integer newScale = !service.global() && current.intValue("scale", 1) != service.scale() ? service.scale() : null;
            List<FieldChange> all = new ArrayList<>(changes);
            if (newScale != null) {
                all.add(new FieldChange("scale", String.valueOf(current.intValue("scale", 1)), String.valueOf(newScale)));
            }
            if (!changes.isEmpty()) {
                services.add(new ServicePlan(service.name(), ServicePlan.Action.UPGRADE, all, newScale, current, service,
                        "configuration changed"));
            } else if (service.mutableImage()) {
                services.add(new ServicePlan(service.name(), ServicePlan.Action.UPGRADE, all, newScale, current, service,
                        "image " + service.image() + " is a tag, its content may have changed: upgraded to pull it"
                                + " (deploy by digest to skip unchanged images)"));
            } else if (newScale != null) {
                services.add(new ServicePlan(service.name(), ServicePlan.Action.SCALE, all, newScale, current, service, "scale changed"));
            } else if ("inactive".equals(current.state())) {
                services.add(new ServicePlan(service.name(), ServicePlan.Action.ACTIVATE, all, null, current, service, "stopped"));
            } else {
                services.add(new ServicePlan(service.name(), ServicePlan.Action.UNCHANGED, all, null, current, service, null));
            }
        }
        for (Resource extra : byName.values()) {
            if (PENDING_STATES.contains(extra.state())) {
                pending.add(new PendingUpgrade(extra.name(), extra.state(), previousImage(extra), extra.image(), false));
            }
            services.add(new ServicePlan(extra.name(), ServicePlan.Action.EXTRA, List.of(), null, extra, null, null));
        }
        refuseSecondOdoo(desired, stack, services);
        return new StackPlan(desired, stack, services, pending);
    }

    /**
     * A service of the stack that is not in the compose files but runs the project's image (the
     * Odoo service renamed in docker-compose.yml, or a copy) would keep running next to the Odoo
     * service the deploy creates or upgrades: two Odoo services on one database, only one of them
     * upgraded. Refused (exit 2) while planning, so before anything changes.
     */
    private static void refuseSecondOdoo(DesiredStack desired, Resource stack, List<ServicePlan> services) {
        DesiredService odoo = desired.services().stream().filter(DesiredService::odoo).findFirst().orElse(null);
        if (odoo == null || odoo.image() == null) {
            return;
        }
        String repository = ComposeService.repositoryOf(odoo.image());
        for (ServicePlan s : services) {
            String image = s.current() == null ? null : s.current().image();
            if (s.action() != ServicePlan.Action.EXTRA || image == null || "removing".equals(s.current().state())
                    || !ComposeService.sameRepository(ComposeService.repositoryOf(image), repository)) {
                continue;
            }
            boolean created = services.stream().anyMatch(p -> p.name().equals(odoo.name())
                    && p.action() == ServicePlan.Action.CREATE);
            throw new BadInputException("stack " + (stack == null ? desired.name() : stack.name()) + ": service '"
                    + s.name() + "' runs the project's image (" + image + ") but is not in docker-compose.yml, whose"
                    + " Odoo service is '" + odoo.name() + "': this deploy would " + (created ? "create" : "upgrade")
                    + " '" + odoo.name() + "' and leave '" + s.name() + "' running next to it (two Odoo services)."
                    + " Name the service '" + s.name() + "' in docker-compose.yml again, or remove '" + s.name()
                    + "' from the stack first");
        }
    }

    private static List<FieldChange> creationSummary(DesiredService service) {
        List<FieldChange> changes = new ArrayList<>();
        changes.add(new FieldChange("image", null, service.image()));
        service.secondaryLaunchConfigs().forEach(lc -> changes.add(new FieldChange("sidekick " + lc.name(),
                null, lc.imageText())));
        if (!service.global()) {
            changes.add(new FieldChange("scale", null, String.valueOf(service.scale())));
        }
        return changes;
    }

    /** The image before the pending upgrade (kept by Rancher for rollback). */
    public static String previousImage(Resource service) {
        JsonNode previous = service.json().path("upgrade").path("inServiceStrategy").path("previousLaunchConfig");
        String image = Resource.imageOf(previous);
        return image == null ? "(unknown)" : image;
    }

    static List<FieldChange> diff(DesiredService desired, Resource current) {
        return diff(desired, current, null);
    }

    static List<FieldChange> diff(DesiredService desired, Resource current, String registryDefault) {
        List<FieldChange> changes = new ArrayList<>();
        JsonNode currentLc = current.get("launchConfig");
        compareLaunchConfig("", desired.launchConfig(), currentLc, desired.secretKeys(desired.name()), registryDefault, changes);
        Map<String, JsonNode> currentSecondaries = new LinkedHashMap<>();
        current.get("secondaryLaunchConfigs").forEach(lc -> currentSecondaries.put(lc.path("name").asText(), lc));
        for (LaunchConfig lc : desired.secondaryLaunchConfigs()) {
            String name = lc.name();
            JsonNode running = currentSecondaries.remove(name);
            if (running == null) {
                changes.add(new FieldChange("sidekick " + name, null, lc.imageText()));
            } else {
                compareLaunchConfig("sidekick " + name + " ", lc, running, desired.secretKeys(name), registryDefault, changes);
            }
        }
        currentSecondaries.forEach((name, lc) -> {
            if (!RancherJson.NO_IMAGE.equals(lc.path("imageUuid").asText())) {
                changes.add(new FieldChange("sidekick " + name, Resource.imageOf(lc), null));
            }
        });
        return changes;
    }

    /**
     * The same image in the forms the server may store it: as written, or with the registry host
     * Cattle adds from its {@code registry.default} setting to an image written without one.
     */
    static boolean sameImage(LaunchImage desired, String currentText, String registryDefault) {
        if (desired == null || currentText == null) {
            return desired == null && currentText == null;
        }
        String want = desired.toString();
        if (want.equals(currentText)) {
            return true;
        }
        return registryDefault != null && !registryDefault.isBlank() && !desired.hasRegistryHost()
                && currentText.equals(registryDefault.replaceAll("/+$", "") + "/" + want);
    }

    private static void compareLaunchConfig(String prefix, LaunchConfig desired, JsonNode current, Set<String> secretKeys,
            String registryDefault, List<FieldChange> changes) {
        String currentImage = Resource.imageOf(current);
        if (!sameImage(desired.image(), currentImage, registryDefault)) {
            changes.add(new FieldChange(prefix + "image", currentImage == null ? "(none)" : currentImage, desired.imageText()));
        }
        compareMap(prefix + "environment ", desired.environment(), current.path("environment"), secretKeys, false, changes);
        compareMap(prefix + "label ", desired.labels(), current.path("labels"), Set.of(), true, changes);
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(desired.fields().keySet()));
        REMOVABLE_FIELDS.forEach(f -> {
            if (!names.contains(f)) {
                names.add(f);
            }
        });
        for (String field : names) {
            JsonNode want = desired.fields().getOrDefault(field, com.fasterxml.jackson.databind.node.MissingNode.getInstance());
            JsonNode have = current.path(field);
            if (!sameValue(want, have, field)) {
                changes.add(new FieldChange(prefix + field, isEmpty(have) ? "(none)" : have.toString(),
                        isEmpty(want) ? null : want.toString()));
            }
        }
    }

    private static void compareMap(String prefix, Map<String, String> desired, JsonNode current, Set<String> secretKeys,
            boolean labels, List<FieldChange> changes) {
        new java.util.TreeMap<>(desired).forEach((key, want) -> {
            JsonNode have = current.get(key);
            boolean secret = secretKeys.contains(key);
            if (have == null || have.isNull()) {
                changes.add(new FieldChange(prefix + key, null, secret ? Secret.MASK : want));
            } else if (!have.asText().equals(want)) {
                changes.add(new FieldChange(prefix + key, secret ? Secret.MASK : have.asText(), secret ? Secret.MASK : want));
            }
        });
        current.fields().forEachRemaining(e -> {
            String key = e.getKey();
            if (desired.containsKey(key)) {
                return;
            }
            if (labels && TOOL_LABEL_PREFIXES.stream().anyMatch(key::startsWith)) {
                return;
            }
            // the old value is not shown: it may have come from a secret setting nobody knows of any more
            changes.add(new FieldChange(prefix + key, "", null));
        });
    }

    /** Equal, or "not set" in both spellings: absent, null, false, empty list or map, "managed" network. */
    private static boolean sameValue(JsonNode want, JsonNode have, String field) {
        if (isEmpty(want) && isEmpty(have)) {
            return true;
        }
        if (field.equals("networkMode") && isEmpty(want) && "managed".equals(have.asText())) {
            return true;
        }
        if (want.isObject() && have.isObject()) {
            // the server may add defaults to objects such as healthCheck: compare the keys we set
            Iterator<Map.Entry<String, JsonNode>> it = want.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!sameValue(e.getValue(), have.path(e.getKey()), e.getKey())) {
                    return false;
                }
            }
            return true;
        }
        if (want.isValueNode() && have.isValueNode()) {
            return want.asText().equals(have.asText());
        }
        return want.equals(have);
    }

    private static boolean isEmpty(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || (node.isBoolean() && !node.asBoolean())
                || (node.isContainerNode() && node.isEmpty()) || (node.isTextual() && node.asText().isEmpty());
    }
}
