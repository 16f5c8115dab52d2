package org.odooplatform.simulator;

import static org.odooplatform.simulator.Validation.nullable;
import static org.odooplatform.simulator.Validation.requiredText;
import static org.odooplatform.simulator.Validation.validateName;
import static org.odooplatform.simulator.Validation.validateReferences;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.odooplatform.simulator.SimState.ContainerRecord;
import org.odooplatform.simulator.SimState.ServiceRecord;
import org.odooplatform.simulator.SimState.StackRecord;

/**
 * Service create, PUT, DELETE and actions, upgrade and rollback included (Cattle's
 * {@code ServiceUpgradeValidationFilter}, {@code UpgradeManagerImpl}, spring-process-context.xml;
 * see docs/rancher-simulator.md). Callers hold the engine's lock; containers and step completion live in {@link Engine}.
 */
final class ServiceOps {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Engine engine;

    ServiceOps(Engine engine) {
        this.engine = engine;
    }

    ServiceRecord createService(ObjectNode body) {
        String name = requiredText(body, "name");
        String stackId = requiredText(body, "stackId");
        validateName(name);
        StackRecord stack = engine.stack(stackId).filter(x -> !x.isRemoved())
                .orElseThrow(() -> ApiError.validation("InvalidReference", "stackId"));
        ArrayNode secondaries = body.has("secondaryLaunchConfigs") && body.get("secondaryLaunchConfigs").isArray()
                ? (ArrayNode) body.get("secondaryLaunchConfigs").deepCopy() : NODES.arrayNode();
        Set<String> names = new HashSet<>();
        names.add(name.toLowerCase(Locale.ROOT));
        for (JsonNode lc : secondaries) {
            String sk = lc.path("name").asText("");
            if (sk.isEmpty()) {
                throw ApiError.validation("MissingRequired", "name");
            }
            if (!names.add(sk.toLowerCase(Locale.ROOT))) {
                throw ApiError.validation("NotUnique", "name");
            }
        }
        for (ServiceRecord other : engine.st.services) {
            if (other.stackId.equals(stack.id) && !other.isRemoved()) {
                Set<String> taken = new HashSet<>();
                taken.add(other.name.toLowerCase(Locale.ROOT));
                if (other.secondaryLaunchConfigs != null) {
                    other.secondaryLaunchConfigs.forEach(lc -> taken.add(lc.path("name").asText().toLowerCase(Locale.ROOT)));
                }
                for (String n : names) {
                    if (taken.contains(n)) {
                        throw ApiError.validation("NotUnique", "name");
                    }
                }
            }
        }
        ObjectNode launchConfig = body.has("launchConfig") && body.get("launchConfig").isObject()
                ? (ObjectNode) body.get("launchConfig").deepCopy() : NODES.objectNode();
        validateReferences(name, launchConfig, secondaries);
        Validation.validateLaunchConfigTypes(launchConfig, engine::containerExists);
        secondaries.forEach(lc -> Validation.validateLaunchConfigTypes(lc, engine::containerExists));
        applyDefaultRegistry(launchConfig);
        secondaries.forEach(lc -> applyDefaultRegistry((ObjectNode) lc));
        int scale = body.path("scale").asInt(1);
        if (scale < 0) {
            throw ApiError.validation("MinLimitExceeded", "scale");
        }
        ServiceRecord s = new ServiceRecord();
        s.id = engine.nextId("1s");
        s.uuid = UUID.randomUUID().toString();
        s.name = name;
        s.stackId = stack.id;
        s.description = body.path("description").asText(null);
        s.scale = scale;
        s.startOnCreate = body.path("startOnCreate").asBoolean(false);
        s.launchConfig = launchConfig;
        if (!launchConfig.has("version")) {
            launchConfig.put("version", "0");
        }
        for (JsonNode lc : secondaries) {
            if (!lc.has("version")) {
                ((ObjectNode) lc).put("version", "0");
            }
        }
        s.secondaryLaunchConfigs = secondaries;
        s.metadata = body.hasNonNull("metadata") ? body.get("metadata").deepCopy() : null;
        s.selectorLink = nullable(body, "selectorLink");
        s.selectorContainer = nullable(body, "selectorContainer");
        s.retainIp = body.hasNonNull("retainIp") ? body.get("retainIp").asBoolean() : null;
        s.scalePolicy = nullable(body, "scalePolicy");
        s.lbConfig = nullable(body, "lbConfig");
        s.publicEndpoints = nullable(body, "publicEndpoints");
        s.created = engine.now();
        s.createIndex = 0;
        s.activateAfterRegistering = s.startOnCreate;
        engine.st.services.add(s);
        engine.begin(s, "registering", engine.now());
        return s;
    }

    private void applyDefaultRegistry(ObjectNode lc) {
        if (lc.hasNonNull("imageUuid")) {
            lc.put("imageUuid", engine.withDefaultRegistry(lc.get("imageUuid").asText()));
        }
    }

    /** PUT: only updatable fields; launchConfig and secondaryLaunchConfigs are silently dropped. */
    ServiceRecord updateService(ServiceRecord s, ObjectNode body) {
        if ("removed".equals(s.state) || "removing".equals(s.state)) {
            throw ApiError.methodNotAllowed();
        }
        if (body.hasNonNull("name") && !body.get("name").asText().equalsIgnoreCase(s.name)) {
            String name = body.get("name").asText();
            validateName(name);
            boolean taken = engine.st.services.stream().anyMatch(o -> o != s && o.stackId.equals(s.stackId) && !o.isRemoved()
                    && o.name.equalsIgnoreCase(name));
            if (taken) {
                throw ApiError.validation("NotUnique", "name");
            }
        }
        Integer newScale = body.has("scale") && body.get("scale").canConvertToInt() ? body.get("scale").asInt() : null;
        if (newScale != null && newScale < 0) {
            throw ApiError.validation("MinLimitExceeded", "scale");
        }
        if (body.hasNonNull("name")) {
            s.name = body.get("name").asText();
        }
        if (body.has("description")) {
            s.description = body.get("description").isNull() ? null : body.get("description").asText();
        }
        if (body.has("metadata")) {
            s.metadata = nullable(body, "metadata");
        }
        if (body.has("selectorLink")) {
            s.selectorLink = nullable(body, "selectorLink");
        }
        if (body.has("selectorContainer")) {
            s.selectorContainer = nullable(body, "selectorContainer");
        }
        if (body.has("retainIp")) {
            s.retainIp = body.hasNonNull("retainIp") ? body.get("retainIp").asBoolean() : null;
        }
        if (body.has("scalePolicy")) {
            s.scalePolicy = nullable(body, "scalePolicy");
        }
        if (body.has("lbConfig")) {
            s.lbConfig = nullable(body, "lbConfig");
        }
        if (body.has("publicEndpoints")) {
            s.publicEndpoints = nullable(body, "publicEndpoints");
        }
        if (newScale != null && newScale != s.scale && !Lifecycle.SERVICE.get("update").startStates().contains(s.state)) {
            // AbstractObjectResourceManager.updateInternal saves the fields first, then schedules
            // service.update; its ProcessCancelException (state not valid) becomes 409 Conflict
            // (AbstractJooqResourceManager.handleException): the new scale is stored, nothing runs.
            s.scale = newScale;
            engine.markDirty();
            throw new ApiError(409, "Conflict", "Conflict", null);
        }
        if (newScale != null && newScale != s.scale) {
            s.scale = newScale;
            // scale is a "schedule update" field: it runs service.update (AbstractObjectResourceManager.updateInternal).
            long base = engine.now();
            switch (s.state) {
                case "active", "updating-active" -> {
                    engine.begin(s, "updating-active", base);
                    String error = engine.reconcileContainers(s, base);
                    if (error != null) {
                        engine.failRetrying(s, error, base);
                    }
                }
                case "inactive" -> engine.begin(s, "updating-inactive", base);
                case "activating" -> engine.reconcileContainers(s, base);
                default -> {
                    // upgrading, rolling-back, ...: the running process picks the new scale up.
                }
            }
        }
        engine.markDirty();
        return s;
    }

    ServiceRecord removeService(ServiceRecord s) {
        if (!Lifecycle.SERVICE.get("remove").startStates().contains(s.state)) {
            throw ApiError.methodNotAllowed();
        }
        engine.begin(s, "removing", engine.now());
        s.activateAfterRegistering = false;
        return s;
    }

    /** Runs a service action; returns the HTTP status (202 for processes, 200 for handlers). */
    int serviceAction(ServiceRecord s, String action, ObjectNode input) {
        if (!Lifecycle.SERVICE.containsKey(action) && !Lifecycle.SERVICE_HANDLER_ACTIONS.contains(action)) {
            throw ApiError.validation("InvalidAction", "action");
        }
        if (!Lifecycle.serviceActions(s.state).contains(action)) {
            throw ApiError.actionNotAvailable();
        }
        long base = engine.now();
        switch (action) {
            case "activate" -> engine.startActivate(s, base);
            case "deactivate" -> engine.begin(s, "deactivating", base);
            case "restart" -> {
                engine.begin(s, "restarting", base);
                for (Map.Entry<String, ObjectNode> e : engine.configs(s)) {
                    engine.containersOf(s).stream().filter(c -> Objects.equals(c.launchConfigName, e.getKey()) && "running".equals(c.state))
                            .forEach(c -> engine.start(c, e.getValue(), base));
                }
            }
            case "upgrade" -> startUpgrade(s, input, base);
            case "continueupgrade" -> {
                // the upgrade process runs again from its first batch step (UpgradeManagerImpl.upgrade loop)
                engine.begin(s, "upgrading", base);
                s.upgradeStep = "mark";
            }
            case "cancelupgrade" -> engine.begin(s, "canceling-upgrade", base);
            case "finishupgrade" -> engine.begin(s, "finishing-upgrade", base);
            case "rollback" -> startRollback(s, base);
            case "remove" -> removeService(s);
            case "update" -> {
                updateService(s, input);
                return 202;
            }
            case "setservicelinks" -> {
                Validation.validateServiceLinks(input, id -> engine.service(id).isPresent());
                s.serviceLinks = input.path("serviceLinks").isArray() ? (ArrayNode) input.get("serviceLinks").deepCopy() : NODES.arrayNode();
                engine.markDirty();
                return 200;
            }
            case "addservicelink" -> {
                if (s.serviceLinks == null) {
                    s.serviceLinks = NODES.arrayNode();
                }
                if (input.hasNonNull("serviceLink")) {
                    s.serviceLinks.add(input.get("serviceLink").deepCopy());
                }
                engine.markDirty();
                return 200;
            }
            case "removeservicelink" -> {
                if (s.serviceLinks != null && input.hasNonNull("serviceLink")) {
                    String target = input.get("serviceLink").path("serviceId").asText();
                    for (Iterator<JsonNode> it = s.serviceLinks.iterator(); it.hasNext();) {
                        if (it.next().path("serviceId").asText().equals(target)) {
                            it.remove();
                        }
                    }
                }
                engine.markDirty();
                return 200;
            }
            default -> throw ApiError.validation("InvalidAction", "action");
        }
        return 202;
    }

    void startUpgrade(ServiceRecord s, ObjectNode input, long base) {
        JsonNode strategy = input == null ? null : input.get("inServiceStrategy");
        if (strategy == null || !strategy.isObject()) {
            throw ApiError.validation("MissingRequired", "Upgrade strategy needs to be set");
        }
        JsonNode newPrimary = strategy.get("launchConfig");
        JsonNode newSecondaries = strategy.get("secondaryLaunchConfigs");
        boolean hasPrimary = newPrimary != null && newPrimary.isObject();
        boolean hasSecondaries = newSecondaries != null && newSecondaries.isArray();
        if (!hasPrimary && !hasSecondaries) {
            throw ApiError.validation("InvalidOption", "LaunchConfig/secondaryLaunchConfigs need to be specified for inService strategy");
        }
        boolean startFirst = strategy.path("startFirst").asBoolean(false);
        if (startFirst && Boolean.TRUE.equals(s.retainIp)) {
            throw ApiError.validation("InvalidOption", "StartFirst option can't be used for service with retainIp field set");
        }
        long interval = strategy.path("intervalMillis").asLong(2000);
        if (strategy.hasNonNull("intervalMillis") && interval < 100) {
            throw ApiError.validation("MinLimitExceeded", "intervalMillis");
        }
        long batchSize = strategy.path("batchSize").asLong(1);
        if (strategy.hasNonNull("batchSize") && batchSize < 1) {
            throw ApiError.validation("MinLimitExceeded", "batchSize");
        }
        String version = UUID.randomUUID().toString();
        ObjectNode previousPrimary = s.launchConfig == null ? null : s.launchConfig.deepCopy();
        ArrayNode previousSecondaries = s.secondaryLaunchConfigs == null ? NODES.arrayNode() : s.secondaryLaunchConfigs.deepCopy();
        List<String> upgrading = new ArrayList<>();
        ObjectNode primary = s.launchConfig;
        if (hasPrimary) {
            primary = ((ObjectNode) newPrimary).deepCopy();
            primary.put("version", version);
            upgrading.add(s.name);
        }
        // Sidekicks are upgraded by name; the others keep their config and version; "rancher/none" deletes one.
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        previousSecondaries.forEach(lc -> byName.put(lc.path("name").asText(), ((ObjectNode) lc).deepCopy()));
        if (hasSecondaries) {
            for (JsonNode lc : newSecondaries) {
                String name = lc.path("name").asText();
                upgrading.add(name);
                if ("rancher/none".equalsIgnoreCase(lc.path("imageUuid").asText())) {
                    byName.remove(name);
                } else {
                    ObjectNode copy = ((ObjectNode) lc).deepCopy();
                    copy.put("version", version);
                    byName.put(name, copy);
                }
            }
        }
        ArrayNode secondaries = NODES.arrayNode();
        byName.values().forEach(secondaries::add);
        validateReferences(s.name, primary == null ? NODES.objectNode() : primary, secondaries);
        // ServiceUpgradeValidationFilter runs the schema's type checks and getImageUuid on the new configs
        if (hasPrimary) {
            Validation.validateLaunchConfigTypes(primary, engine::containerExists);
            applyDefaultRegistry(primary);
        }
        if (hasSecondaries) {
            for (JsonNode lc : secondaries) {
                if (version.equals(lc.path("version").asText())) {
                    Validation.validateLaunchConfigTypes(lc, engine::containerExists);
                    applyDefaultRegistry((ObjectNode) lc);
                }
            }
        }

        ObjectNode in = NODES.objectNode();
        in.put("batchSize", batchSize);
        in.put("intervalMillis", interval);
        in.put("startFirst", startFirst);
        in.set("launchConfig", hasPrimary ? primary.deepCopy() : null);
        in.set("secondaryLaunchConfigs", hasSecondaries ? secondaries.deepCopy() : null);
        in.set("previousLaunchConfig", previousPrimary);
        in.set("previousSecondaryLaunchConfigs", previousSecondaries);
        ObjectNode upgrade = NODES.objectNode();
        upgrade.set("inServiceStrategy", in);
        upgrade.set("toServiceStrategy", null);
        s.upgrade = upgrade;
        s.launchConfig = primary;
        s.secondaryLaunchConfigs = secondaries;
        s.upgradingConfigs = upgrading;
        engine.begin(s, "upgrading", base);
        s.upgradeStep = "mark";
    }

    private void startRollback(ServiceRecord s, long base) {
        JsonNode in = s.upgrade == null ? null : s.upgrade.get("inServiceStrategy");
        engine.begin(s, "rolling-back", base);
        s.upgradeStep = null;
        if (in == null) {
            return;
        }
        // Remove the new version's containers first, while launchConfig still names that version.
        for (ContainerRecord c : engine.upgradedContainers(s, true)) {
            engine.removeContainer(c);
        }
        if (in.hasNonNull("previousLaunchConfig")) {
            s.launchConfig = (ObjectNode) in.get("previousLaunchConfig").deepCopy();
        }
        s.secondaryLaunchConfigs = in.path("previousSecondaryLaunchConfigs").isArray()
                ? (ArrayNode) in.get("previousSecondaryLaunchConfigs").deepCopy() : NODES.arrayNode();
        // UpgradeManagerImpl.markForRollback: the replaced instances are managed again; reconcile restarts them
        for (ContainerRecord c : engine.containersOf(s)) {
            if (c.upgrade || !c.managed) {
                c.upgrade = false;
                c.managed = true;
                c.endsUnhealthy = false;
            }
        }
        s.upgradingConfigs = new ArrayList<>();
        String error = engine.reconcileContainers(s, base);
        if (error != null) {
            engine.failRetrying(s, error, base);
        }
    }
}
