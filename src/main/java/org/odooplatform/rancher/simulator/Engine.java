package org.odooplatform.rancher.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.odooplatform.rancher.simulator.SimState.ContainerRecord;
import org.odooplatform.rancher.simulator.SimState.PullTaskRecord;
import org.odooplatform.rancher.simulator.SimState.Resource;
import org.odooplatform.rancher.simulator.SimState.ServiceRecord;
import org.odooplatform.rancher.simulator.SimState.StackRecord;

/**
 * The simulated Cattle: resources, processes and health. Transitions are evaluated lazily: each
 * running step has a due time, and {@link #advance()} (called before every request and every Java
 * API read) completes the steps that are due. No background thread, so a delay of 0 is
 * deterministic: the response to an action shows the transitioning state, the next read the result.
 * Chained steps are due relative to the previous step's due time, so a process takes the sum of
 * its configured delays however often it is polled.
 */
final class Engine {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern NAME_CHARS = Pattern.compile("[a-zA-Z0-9-]*");

    private SimState st;
    private final Clock clock;
    private final long transitionDelay;
    private final long healthCheckDelay;
    private final Faults faults;
    private boolean dirty;

    Engine(SimState state, Clock clock, long transitionDelayMillis, long healthCheckDelayMillis, Faults faults) {
        this.st = state;
        this.clock = clock;
        this.transitionDelay = transitionDelayMillis;
        this.healthCheckDelay = healthCheckDelayMillis;
        this.faults = faults;
    }

    synchronized SimState state() {
        return st;
    }

    synchronized boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    String projectId() {
        return st.projectId;
    }

    private long now() {
        return clock.millis();
    }

    private String nextId(String prefix) {
        dirty = true;
        return prefix + (st.nextId++);
    }

    // ---------------------------------------------------------------- lookups

    synchronized List<StackRecord> stacks() {
        return List.copyOf(st.stacks);
    }

    synchronized List<ServiceRecord> services() {
        return List.copyOf(st.services);
    }

    synchronized List<PullTaskRecord> pullTasks() {
        return List.copyOf(st.pullTasks);
    }

    synchronized List<ContainerRecord> containers() {
        return List.copyOf(st.containers);
    }

    synchronized Optional<StackRecord> stack(String id) {
        return st.stacks.stream().filter(s -> s.id.equals(id)).findFirst();
    }

    synchronized Optional<ServiceRecord> service(String id) {
        return st.services.stream().filter(s -> s.id.equals(id)).findFirst();
    }

    synchronized Optional<PullTaskRecord> pullTask(String id) {
        return st.pullTasks.stream().filter(s -> s.id.equals(id)).findFirst();
    }

    synchronized Optional<ContainerRecord> container(String id) {
        return st.containers.stream().filter(s -> s.id.equals(id)).findFirst();
    }

    synchronized Optional<StackRecord> stackByName(String name) {
        return st.stacks.stream().filter(s -> !s.isRemoved() && s.name.equalsIgnoreCase(name)).findFirst();
    }

    synchronized Optional<ServiceRecord> serviceByName(String stackName, String serviceName) {
        return stackByName(stackName).flatMap(stack -> st.services.stream()
                .filter(s -> !s.isRemoved() && s.stackId.equals(stack.id) && s.name.equalsIgnoreCase(serviceName)).findFirst());
    }

    synchronized List<ContainerRecord> containersOf(ServiceRecord service) {
        return st.containers.stream().filter(c -> c.serviceId.equals(service.id) && c.removed == null).toList();
    }

    // ---------------------------------------------------------------- health (rancher-api.md §5)

    synchronized String healthState(ServiceRecord s) {
        if (!"service".equals(s.kind) && !"loadBalancerService".equals(s.kind)) {
            return "healthy";
        }
        int scale = s.scale;
        if (s.scalePolicy != null && s.scalePolicy.hasNonNull("min")) {
            scale = s.scalePolicy.get("min").asInt();
        }
        int expected = scale * (1 + (s.secondaryLaunchConfigs == null ? 0 : s.secondaryLaunchConfigs.size()));
        int healthy = 0;
        int init = 0;
        for (ContainerRecord c : containersOf(s)) {
            if (!"running".equals(c.state)) {
                continue;
            }
            if (c.healthState == null || "healthy".equals(c.healthState) || "updating-healthy".equals(c.healthState)) {
                healthy++;
            } else if ("initializing".equals(c.healthState) || "reinitializing".equals(c.healthState)) {
                init++;
            }
        }
        if (healthy >= expected) {
            return "healthy";
        }
        if (init > 0) {
            return "initializing";
        }
        return healthy > 0 ? "degraded" : "unhealthy";
    }

    synchronized String healthState(StackRecord stack) {
        List<ServiceRecord> counted = st.services.stream().filter(s -> s.stackId.equals(stack.id) && !s.isRemoved()).toList();
        if (counted.isEmpty()) {
            return "healthy";
        }
        boolean allHealthy = true;
        boolean anyInit = false;
        boolean anyHealthy = false;
        for (ServiceRecord s : counted) {
            String h = healthState(s);
            boolean ok = Lifecycle.ACTIVE_LIKE.contains(s.state) && ("healthy".equals(h) || "started-once".equals(h));
            allHealthy &= ok;
            anyInit |= "initializing".equals(h);
            anyHealthy |= ok;
        }
        if (allHealthy) {
            return "healthy";
        }
        if (anyInit) {
            return "initializing";
        }
        return anyHealthy ? "degraded" : "unhealthy";
    }

    synchronized int currentScale(ServiceRecord s) {
        return (int) containersOf(s).stream().filter(c -> c.launchConfigName == null && "running".equals(c.state)).count();
    }

    // ---------------------------------------------------------------- advancing time

    /** Completes every step that is due. Returns whether anything changed. */
    synchronized boolean advance() {
        if (faults.frozen()) {
            return false;
        }
        long now = now();
        boolean changedAny = false;
        boolean progress = true;
        while (progress) {
            progress = false;
            for (ContainerRecord c : st.containers) {
                if ("initializing".equals(c.healthState) || "reinitializing".equals(c.healthState)) {
                    if (c.healthDueAt != null && c.healthDueAt <= now && "running".equals(c.state)) {
                        c.healthState = c.endsUnhealthy ? "unhealthy" : "healthy";
                        c.healthDueAt = null;
                        progress = true;
                    }
                }
            }
            for (ServiceRecord s : List.copyOf(st.services)) {
                if ("yes".equals(s.transitioning) && s.dueAt != null && s.dueAt <= now) {
                    progress |= completeService(s);
                }
            }
            for (StackRecord s : List.copyOf(st.stacks)) {
                if ("yes".equals(s.transitioning) && s.dueAt != null && s.dueAt <= now) {
                    progress |= completeStack(s);
                }
            }
            for (PullTaskRecord t : st.pullTasks) {
                if ("yes".equals(t.transitioning) && t.dueAt != null && t.dueAt <= now) {
                    completePull(t);
                    progress = true;
                }
            }
            changedAny |= progress;
        }
        dirty |= changedAny;
        return changedAny;
    }

    private void begin(Resource r, String transitioningState, long base) {
        r.state = transitioningState;
        r.transitioning = "yes";
        r.transitioningMessage = "In Progress";
        r.dueAt = base + transitionDelay;
        dirty = true;
    }

    private void settle(Resource r, String state) {
        r.state = state;
        r.transitioning = "no";
        r.transitioningMessage = null;
        r.dueAt = null;
        if ("removed".equals(state) && r.removed == null) {
            r.removed = now();
        }
        dirty = true;
    }

    private void fail(Resource r, String message) {
        r.transitioning = "error";
        r.transitioningMessage = message;
        r.dueAt = null;
        dirty = true;
    }

    private boolean completeService(ServiceRecord s) {
        long base = s.dueAt;
        switch (s.state) {
            case "registering" -> {
                settle(s, "inactive");
                if (s.activateAfterRegistering) {
                    s.activateAfterRegistering = false;
                    startActivate(s, base);
                }
            }
            case "upgrading" -> {
                List<ContainerRecord> fresh = upgradedContainers(s, true);
                boolean allHealthy = fresh.stream().allMatch(c -> "running".equals(c.state)
                        && (c.healthState == null || "healthy".equals(c.healthState)));
                if (!allHealthy) {
                    // Cattle waits for the new instances' health forever (rancher/rancher#4240).
                    return false;
                }
                // start-first: the old containers are stopped once the new ones are healthy.
                for (ContainerRecord c : upgradedContainers(s, false)) {
                    if ("running".equals(c.state)) {
                        c.state = "stopped";
                    }
                }
                settle(s, "upgraded");
            }
            case "deactivating" -> {
                containersOf(s).forEach(c -> c.state = "stopped");
                settle(s, "inactive");
            }
            case "finishing-upgrade" -> {
                for (ContainerRecord c : upgradedContainers(s, false)) {
                    removeContainer(c);
                }
                s.upgradingConfigs = new ArrayList<>();
                settle(s, "active");
            }
            case "removing" -> {
                containersOf(s).forEach(this::removeContainer);
                settle(s, "removed");
            }
            default -> {
                String done = Lifecycle.serviceDoneState(s.state);
                if (done == null) {
                    return false;
                }
                settle(s, done);
            }
        }
        return true;
    }

    private boolean completeStack(StackRecord s) {
        String done = Lifecycle.stackDoneState(s.state);
        if (done == null) {
            return false;
        }
        if ("removing".equals(s.state)) {
            boolean servicesGone = st.services.stream().filter(v -> v.stackId.equals(s.id)).allMatch(v -> "removed".equals(v.state));
            if (!servicesGone) {
                return false;
            }
        }
        settle(s, done);
        return true;
    }

    private void completePull(PullTaskRecord t) {
        if (t.fails) {
            t.status = NODES.objectNode().put("1h1", "Error: image " + t.image + " not found");
            fail(t, "Failed to pull image " + t.image + ": manifest unknown");
        } else {
            t.status = NODES.objectNode().put("1h1", "Done");
            settle(t, "done");
        }
    }

    // ---------------------------------------------------------------- containers

    private static String configName(ServiceRecord s, JsonNode config) {
        return config == s.launchConfig ? null : config.path("name").asText(null);
    }

    /** Primary first, then sidekicks: (name or null for primary, config). */
    private static List<Map.Entry<String, ObjectNode>> configs(ServiceRecord s) {
        List<Map.Entry<String, ObjectNode>> result = new ArrayList<>();
        if (s.launchConfig != null) {
            result.add(new java.util.AbstractMap.SimpleEntry<>(null, s.launchConfig));
        }
        if (s.secondaryLaunchConfigs != null) {
            for (JsonNode lc : s.secondaryLaunchConfigs) {
                result.add(new java.util.AbstractMap.SimpleEntry<>(lc.path("name").asText(), (ObjectNode) lc));
            }
        }
        return result;
    }

    private static String versionOf(JsonNode config) {
        return config == null ? "0" : config.path("version").asText("0");
    }

    private String stackName(ServiceRecord s) {
        return stack(s.stackId).map(x -> x.name).orElse("stack");
    }

    private ContainerRecord newContainer(ServiceRecord s, String lcName, JsonNode config, long base, boolean endsUnhealthy) {
        ContainerRecord c = new ContainerRecord();
        c.id = nextId("1i");
        c.uuid = UUID.randomUUID().toString();
        long index = st.containers.stream().filter(x -> x.serviceId.equals(s.id) && Objects.equals(x.launchConfigName, lcName)).count() + 1;
        c.name = stackName(s) + "-" + s.name + (lcName == null ? "" : "-" + lcName) + "-" + index;
        c.serviceId = s.id;
        c.launchConfigName = lcName;
        c.version = versionOf(config);
        c.imageUuid = config.path("imageUuid").asText(null);
        c.created = base;
        c.endsUnhealthy = endsUnhealthy;
        start(c, config, base);
        st.containers.add(c);
        return c;
    }

    private void start(ContainerRecord c, JsonNode config, long base) {
        c.state = "running";
        if (config.hasNonNull("healthCheck")) {
            c.healthState = "initializing";
            c.healthDueAt = base + healthCheckDelay;
        } else if (c.endsUnhealthy) {
            // No health check to fail: the simulated container is reported unhealthy right away.
            c.healthState = "initializing";
            c.healthDueAt = base + healthCheckDelay;
        } else {
            c.healthState = null;
            c.healthDueAt = null;
        }
    }

    private void removeContainer(ContainerRecord c) {
        c.state = "removed";
        c.removed = now();
        c.healthDueAt = null;
        dirty = true;
    }

    /** Containers of the configs being upgraded: the new version's ({@code fresh}) or the old ones. */
    private List<ContainerRecord> upgradedContainers(ServiceRecord s, boolean fresh) {
        Map<String, String> currentVersion = new LinkedHashMap<>();
        configs(s).forEach(e -> currentVersion.put(e.getKey() == null ? s.name : e.getKey(), versionOf(e.getValue())));
        List<ContainerRecord> result = new ArrayList<>();
        for (ContainerRecord c : containersOf(s)) {
            String name = c.launchConfigName == null ? s.name : c.launchConfigName;
            if (!s.upgradingConfigs.contains(name)) {
                continue;
            }
            boolean isFresh = c.version.equals(currentVersion.get(name));
            if (isFresh == fresh) {
                result.add(c);
            }
        }
        return result;
    }

    private Optional<String> failingImage(ServiceRecord s) {
        return configs(s).stream().map(e -> e.getValue().path("imageUuid").asText(null))
                .filter(faults::pullFails).findFirst();
    }

    /** Brings each launch config to {@code scale} running containers of its current version. */
    private void reconcileContainers(ServiceRecord s, long base) {
        for (Map.Entry<String, ObjectNode> e : configs(s)) {
            String version = versionOf(e.getValue());
            List<ContainerRecord> mine = containersOf(s).stream()
                    .filter(c -> Objects.equals(c.launchConfigName, e.getKey()) && c.version.equals(version)).toList();
            int running = 0;
            for (ContainerRecord c : mine) {
                if (running >= s.scale) {
                    removeContainer(c);
                    continue;
                }
                if (!"running".equals(c.state)) {
                    start(c, e.getValue(), base);
                }
                running++;
            }
            for (; running < s.scale; running++) {
                newContainer(s, e.getKey(), e.getValue(), base, false);
            }
        }
        dirty = true;
    }

    // ---------------------------------------------------------------- service processes

    private void startActivate(ServiceRecord s, long base) {
        begin(s, "activating", base);
        Optional<String> bad = failingImage(s);
        if (bad.isPresent()) {
            fail(s, "Failed to pull image " + bad.get());
            return;
        }
        reconcileContainers(s, base);
    }

    synchronized ServiceRecord createService(ObjectNode body) {
        String name = requiredText(body, "name");
        String stackId = requiredText(body, "stackId");
        validateName(name);
        StackRecord stack = stack(stackId).filter(x -> !x.isRemoved())
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
        for (ServiceRecord other : st.services) {
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
        validateReferences(launchConfig, secondaries);
        int scale = body.path("scale").asInt(1);
        if (scale < 0) {
            throw ApiError.validation("MinLimitExceeded", "scale");
        }
        ServiceRecord s = new ServiceRecord();
        s.id = nextId("1s");
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
        s.created = now();
        s.createIndex = 0;
        s.activateAfterRegistering = s.startOnCreate;
        st.services.add(s);
        begin(s, "registering", now());
        return s;
    }

    private static JsonNode nullable(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).deepCopy() : null;
    }

    private static void validateReferences(JsonNode primary, ArrayNode secondaries) {
        Set<String> known = new HashSet<>();
        secondaries.forEach(lc -> known.add(lc.path("name").asText()));
        List<JsonNode> all = new ArrayList<>();
        all.add(primary);
        secondaries.forEach(all::add);
        for (JsonNode lc : all) {
            for (JsonNode ref : lc.path("dataVolumesFromLaunchConfigs")) {
                if (!known.contains(ref.asText())) {
                    throw ApiError.validation("InvalidReference", "dataVolumesFromLaunchConfigs");
                }
            }
            if (lc.hasNonNull("networkLaunchConfig") && !known.contains(lc.get("networkLaunchConfig").asText())) {
                throw ApiError.validation("InvalidReference", "networkLaunchConfig");
            }
        }
    }

    /** PUT: only updatable fields; launchConfig and secondaryLaunchConfigs are silently dropped. */
    synchronized ServiceRecord updateService(ServiceRecord s, ObjectNode body) {
        if ("removed".equals(s.state) || "removing".equals(s.state)) {
            throw ApiError.methodNotAllowed();
        }
        if (body.hasNonNull("name") && !body.get("name").asText().equalsIgnoreCase(s.name)) {
            String name = body.get("name").asText();
            validateName(name);
            boolean taken = st.services.stream().anyMatch(o -> o != s && o.stackId.equals(s.stackId) && !o.isRemoved()
                    && o.name.equalsIgnoreCase(name));
            if (taken) {
                throw ApiError.validation("NotUnique", "name");
            }
        }
        Integer newScale = body.has("scale") && body.get("scale").canConvertToInt() ? body.get("scale").asInt() : null;
        if (newScale != null && newScale < 0) {
            throw ApiError.validation("MinLimitExceeded", "scale");
        }
        if (newScale != null && newScale != s.scale && !Lifecycle.SERVICE.get("update").startStates().contains(s.state)) {
            throw new ApiError(500, "ServerError", "ProcessCancelException: State [" + s.state + "] is not valid", null);
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
        if (newScale != null && newScale != s.scale) {
            s.scale = newScale;
            // scale is a "schedule update" field: it runs the update process (§3, PUT).
            long base = now();
            switch (s.state) {
                case "active", "updating-active" -> {
                    begin(s, "updating-active", base);
                    reconcileContainers(s, base);
                }
                case "inactive" -> begin(s, "updating-inactive", base);
                case "activating" -> reconcileContainers(s, base);
                default -> {
                    // upgrading, rolling-back, ...: the running process picks the new scale up.
                }
            }
        }
        dirty = true;
        return s;
    }

    synchronized ServiceRecord removeService(ServiceRecord s) {
        if (!Lifecycle.SERVICE.get("remove").startStates().contains(s.state)) {
            throw ApiError.methodNotAllowed();
        }
        begin(s, "removing", now());
        s.activateAfterRegistering = false;
        return s;
    }

    /** Runs a service action; returns the HTTP status (202 for processes, 200 for handlers). */
    synchronized int serviceAction(ServiceRecord s, String action, ObjectNode input) {
        if (!Lifecycle.SERVICE.containsKey(action) && !Lifecycle.SERVICE_HANDLER_ACTIONS.contains(action)) {
            throw ApiError.validation("InvalidAction", "action");
        }
        if (!Lifecycle.serviceActions(s.state).contains(action)) {
            throw ApiError.actionNotAvailable();
        }
        long base = now();
        switch (action) {
            case "activate" -> startActivate(s, base);
            case "deactivate" -> begin(s, "deactivating", base);
            case "restart" -> {
                begin(s, "restarting", base);
                for (Map.Entry<String, ObjectNode> e : configs(s)) {
                    containersOf(s).stream().filter(c -> Objects.equals(c.launchConfigName, e.getKey()) && "running".equals(c.state))
                            .forEach(c -> start(c, e.getValue(), base));
                }
            }
            case "upgrade" -> startUpgrade(s, input, base);
            case "continueupgrade" -> begin(s, "upgrading", base);
            case "cancelupgrade" -> begin(s, "canceling-upgrade", base);
            case "finishupgrade" -> begin(s, "finishing-upgrade", base);
            case "rollback" -> startRollback(s, base);
            case "remove" -> removeService(s);
            case "update" -> {
                updateService(s, input);
                return 202;
            }
            case "setservicelinks" -> {
                s.serviceLinks = input.path("serviceLinks").isArray() ? (ArrayNode) input.get("serviceLinks").deepCopy() : NODES.arrayNode();
                dirty = true;
                return 200;
            }
            case "addservicelink" -> {
                if (s.serviceLinks == null) {
                    s.serviceLinks = NODES.arrayNode();
                }
                if (input.hasNonNull("serviceLink")) {
                    s.serviceLinks.add(input.get("serviceLink").deepCopy());
                }
                dirty = true;
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
                dirty = true;
                return 200;
            }
            default -> throw ApiError.validation("InvalidAction", "action");
        }
        return 202;
    }

    private void startUpgrade(ServiceRecord s, ObjectNode input, long base) {
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
        validateReferences(primary == null ? NODES.objectNode() : primary, secondaries);

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
        begin(s, "upgrading", base);

        Optional<String> bad = configs(s).stream().filter(e -> upgrading.contains(e.getKey() == null ? s.name : e.getKey()))
                .map(e -> e.getValue().path("imageUuid").asText(null)).filter(faults::pullFails).findFirst();
        if (bad.isPresent()) {
            fail(s, "Failed to pull image " + bad.get());
            return;
        }
        boolean unhealthy = faults.upgradeEndsUnhealthy(stackName(s), s.name);
        for (ContainerRecord c : containersOf(s)) {
            String name = c.launchConfigName == null ? s.name : c.launchConfigName;
            if (upgrading.contains(name) && !startFirst) {
                c.state = "stopped";
            }
        }
        // An upgrade starts the service even when it was inactive (rancher/rancher#5864).
        for (Map.Entry<String, ObjectNode> e : configs(s)) {
            String name = e.getKey() == null ? s.name : e.getKey();
            if (upgrading.contains(name)) {
                for (int i = 0; i < s.scale; i++) {
                    newContainer(s, e.getKey(), e.getValue(), base, unhealthy);
                }
            }
        }
    }

    private void startRollback(ServiceRecord s, long base) {
        JsonNode in = s.upgrade == null ? null : s.upgrade.get("inServiceStrategy");
        begin(s, "rolling-back", base);
        if (in == null) {
            return;
        }
        // Remove the new version's containers first, while launchConfig still names that version.
        for (ContainerRecord c : upgradedContainers(s, true)) {
            removeContainer(c);
        }
        if (in.hasNonNull("previousLaunchConfig")) {
            s.launchConfig = (ObjectNode) in.get("previousLaunchConfig").deepCopy();
        }
        s.secondaryLaunchConfigs = in.path("previousSecondaryLaunchConfigs").isArray()
                ? (ArrayNode) in.get("previousSecondaryLaunchConfigs").deepCopy() : NODES.arrayNode();
        for (Map.Entry<String, ObjectNode> e : configs(s)) {
            for (ContainerRecord c : containersOf(s)) {
                if (Objects.equals(c.launchConfigName, e.getKey()) && c.version.equals(versionOf(e.getValue()))
                        && !"running".equals(c.state)) {
                    c.endsUnhealthy = false;
                    start(c, e.getValue(), base);
                }
            }
        }
        s.upgradingConfigs = new ArrayList<>();
    }

    // ---------------------------------------------------------------- stacks

    synchronized StackRecord createStack(ObjectNode body) {
        String name = requiredText(body, "name");
        validateName(name);
        if (stackByName(name).isPresent()) {
            throw ApiError.validation("NotUnique", "name");
        }
        StackRecord s = new StackRecord();
        s.id = nextId("1st");
        s.uuid = UUID.randomUUID().toString();
        s.name = name;
        s.description = body.path("description").asText(null);
        s.dockerCompose = body.path("dockerCompose").asText(null);
        s.rancherCompose = body.path("rancherCompose").asText(null);
        s.environment = nullable(body, "environment");
        s.externalId = body.path("externalId").asText(null);
        s.outputs = nullable(body, "outputs");
        s.group = body.path("group").asText(null);
        s.binding = nullable(body, "binding");
        s.startOnCreate = body.path("startOnCreate").asBoolean(false);
        s.created = now();
        st.stacks.add(s);
        begin(s, "activating", now());
        return s;
    }

    /** PUT on a stack: description, name, externalId, outputs, group, binding; the rest is dropped. No process runs. */
    synchronized StackRecord updateStack(StackRecord s, ObjectNode body) {
        if (s.isRemoved()) {
            throw ApiError.methodNotAllowed();
        }
        if (body.hasNonNull("name") && !body.get("name").asText().equalsIgnoreCase(s.name)) {
            String name = body.get("name").asText();
            validateName(name);
            if (stackByName(name).isPresent()) {
                throw ApiError.validation("NotUnique", "name");
            }
        }
        if (body.hasNonNull("name")) {
            s.name = body.get("name").asText();
        }
        if (body.has("description")) {
            s.description = body.get("description").isNull() ? null : body.get("description").asText();
        }
        if (body.has("externalId")) {
            s.externalId = body.get("externalId").isNull() ? null : body.get("externalId").asText();
        }
        if (body.has("group")) {
            s.group = body.get("group").isNull() ? null : body.get("group").asText();
        }
        if (body.has("outputs")) {
            s.outputs = nullable(body, "outputs");
        }
        if (body.has("binding")) {
            s.binding = nullable(body, "binding");
        }
        dirty = true;
        return s;
    }

    synchronized StackRecord removeStack(StackRecord s) {
        if (!Lifecycle.STACK.get("remove").startStates().contains(s.state)) {
            throw ApiError.methodNotAllowed();
        }
        long base = now();
        begin(s, "removing", base);
        for (ServiceRecord v : st.services) {
            if (v.stackId.equals(s.id) && Lifecycle.SERVICE.get("remove").startStates().contains(v.state)) {
                begin(v, "removing", base);
                v.activateAfterRegistering = false;
            }
        }
        return s;
    }

    /** Runs a stack action; returns the status, or a body to send instead of the stack (exportconfig). */
    synchronized Object stackAction(StackRecord s, String action, ObjectNode input) {
        if (!Lifecycle.STACK.containsKey(action) && !Lifecycle.STACK_HANDLER_ACTIONS.contains(action)) {
            throw ApiError.validation("InvalidAction", "action");
        }
        if (!Lifecycle.stackActions(s.state).contains(action)) {
            throw ApiError.actionNotAvailable();
        }
        long base = now();
        switch (action) {
            case "update" -> {
                updateStack(s, input);
                begin(s, "updating-active", base);
            }
            case "remove" -> removeStack(s);
            case "error" -> begin(s, "erroring", base);
            case "upgrade" -> {
                s.previousExternalId = s.externalId;
                s.previousEnvironment = s.environment;
                s.previousDockerCompose = s.dockerCompose;
                s.previousRancherCompose = s.rancherCompose;
                if (input.has("dockerCompose")) {
                    s.dockerCompose = input.path("dockerCompose").asText(null);
                }
                if (input.has("rancherCompose")) {
                    s.rancherCompose = input.path("rancherCompose").asText(null);
                }
                if (input.has("environment")) {
                    s.environment = nullable(input, "environment");
                }
                if (input.has("externalId")) {
                    s.externalId = input.path("externalId").asText(null);
                }
                begin(s, "upgrading", base);
            }
            case "finishupgrade" -> begin(s, "finishing-upgrade", base);
            case "cancelupgrade" -> begin(s, "canceling-upgrade", base);
            case "rollback" -> {
                s.externalId = s.previousExternalId;
                s.environment = s.previousEnvironment;
                s.dockerCompose = s.previousDockerCompose;
                s.rancherCompose = s.previousRancherCompose;
                begin(s, "rolling-back", base);
            }
            case "activateservices" -> {
                for (ServiceRecord v : List.copyOf(st.services)) {
                    if (v.stackId.equals(s.id) && Lifecycle.serviceActions(v.state).contains("activate")) {
                        startActivate(v, base);
                    }
                }
            }
            case "deactivateservices" -> {
                for (ServiceRecord v : List.copyOf(st.services)) {
                    if (v.stackId.equals(s.id) && Lifecycle.serviceActions(v.state).contains("deactivate")) {
                        begin(v, "deactivating", base);
                    }
                }
            }
            case "exportconfig" -> {
                ObjectNode out = NODES.objectNode();
                out.put("type", "composeConfig");
                out.put("dockerComposeConfig", s.dockerCompose);
                out.put("rancherComposeConfig", s.rancherCompose);
                return out;
            }
            case "addoutputs" -> {
                ObjectNode outputs = s.outputs instanceof ObjectNode o ? o : NODES.objectNode();
                if (input.path("outputs").isObject()) {
                    outputs.setAll((ObjectNode) input.get("outputs"));
                }
                s.outputs = outputs;
                dirty = true;
                return 200;
            }
            default -> throw ApiError.validation("InvalidAction", "action");
        }
        return 202;
    }

    // ---------------------------------------------------------------- pull tasks

    synchronized PullTaskRecord createPullTask(ObjectNode body) {
        String image = requiredText(body, "image");
        PullTaskRecord t = new PullTaskRecord();
        t.id = nextId("1pt");
        t.uuid = UUID.randomUUID().toString();
        t.image = image;
        t.mode = body.path("mode").asText("all");
        t.labels = nullable(body, "labels");
        t.status = NODES.objectNode();
        t.fails = faults.pullFails(image);
        t.created = now();
        st.pullTasks.add(t);
        begin(t, "pulling", now());
        return t;
    }

    // ---------------------------------------------------------------- seeds (Java API)

    synchronized StackRecord seedStack(String name) {
        Optional<StackRecord> existing = stackByName(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        StackRecord s = createStack(NODES.objectNode().put("name", name));
        settle(s, "active");
        return s;
    }

    synchronized ServiceRecord seedService(String stackName, String serviceName, int scale, ObjectNode launchConfig) {
        StackRecord stack = seedStack(stackName);
        ObjectNode body = NODES.objectNode();
        body.put("name", serviceName);
        body.put("stackId", stack.id);
        body.put("scale", scale);
        body.set("launchConfig", launchConfig);
        ServiceRecord s = createService(body);
        long base = now() - healthCheckDelay;
        reconcileContainers(s, base);
        containersOf(s).forEach(c -> {
            if (c.healthState != null) {
                c.healthState = "healthy";
                c.healthDueAt = null;
            }
        });
        settle(s, "active");
        return s;
    }

    synchronized ServiceRecord seedUpgraded(String stackName, String serviceName, String oldImage, String newImage, ObjectNode extras) {
        ObjectNode old = NODES.objectNode().put("imageUuid", dockerImage(oldImage));
        if (extras != null) {
            old.setAll(extras);
            old.put("imageUuid", dockerImage(oldImage));
        }
        ServiceRecord s = seedService(stackName, serviceName, 1, old);
        ObjectNode lc = s.launchConfig.deepCopy();
        lc.remove("version");
        lc.put("imageUuid", dockerImage(newImage));
        ObjectNode input = NODES.objectNode();
        input.set("inServiceStrategy", NODES.objectNode().set("launchConfig", lc));
        startUpgrade(s, input, now() - healthCheckDelay);
        containersOf(s).forEach(c -> {
            if ("initializing".equals(c.healthState)) {
                c.healthState = "healthy";
                c.healthDueAt = null;
            }
        });
        settle(s, "upgraded");
        return s;
    }

    static String dockerImage(String image) {
        return image.startsWith("docker:") || image.equals("rancher/none") ? image : "docker:" + image;
    }

    // ---------------------------------------------------------------- validation helpers

    private static String requiredText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw ApiError.validation("MissingRequired", field);
        }
        return v.asText();
    }

    /** Cattle rejects names with characters outside [a-zA-Z0-9-] or starting/ending with '-' (inferred for services). */
    private static void validateName(String name) {
        if (!NAME_CHARS.matcher(name).matches() || name.startsWith("-") || name.endsWith("-")) {
            throw ApiError.validation("InvalidCharacters", "name");
        }
        if (name.length() > 63) {
            throw ApiError.validation("MaxLengthExceeded", "name");
        }
    }
}
