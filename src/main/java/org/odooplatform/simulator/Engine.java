package org.odooplatform.simulator;

import static org.odooplatform.simulator.Validation.nullable;
import static org.odooplatform.simulator.Validation.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.odooplatform.simulator.SimState.ContainerRecord;
import org.odooplatform.simulator.SimState.PullTaskRecord;
import org.odooplatform.simulator.SimState.Resource;
import org.odooplatform.simulator.SimState.ServiceRecord;
import org.odooplatform.simulator.SimState.StackRecord;

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

    final SimState st;
    private final StackOps stackOps = new StackOps(this);
    private final ServiceOps serviceOps = new ServiceOps(this);
    private final Clock clock;
    private final long transitionDelay;
    private final long healthCheckDelay;
    final Faults faults;
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

    void markDirty() {
        dirty = true;
    }

    ServiceOps serviceOps() {
        return serviceOps;
    }

    StackOps stackOps() {
        return stackOps;
    }

    synchronized boolean takeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    String projectId() {
        return st.projectId;
    }

    long now() {
        return clock.millis();
    }

    String nextId(String prefix) {
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

    void begin(Resource r, String transitioningState, long base) {
        r.state = transitioningState;
        r.transitioning = "yes";
        r.transitioningMessage = "In Progress";
        r.dueAt = base + transitionDelay;
        dirty = true;
    }

    void settle(Resource r, String state) {
        r.state = state;
        r.transitioning = "no";
        r.transitioningMessage = null;
        r.dueAt = null;
        if ("removed".equals(state) && r.removed == null) {
            r.removed = now();
        }
        dirty = true;
    }

    void fail(Resource r, String message) {
        r.transitioning = "error";
        r.transitioningMessage = message;
        r.dueAt = null;
        dirty = true;
    }

    boolean completeService(ServiceRecord s) {
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

    /** Primary first, then sidekicks: (name or null for primary, config). */
    static List<Map.Entry<String, ObjectNode>> configs(ServiceRecord s) {
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

    static String versionOf(JsonNode config) {
        return config == null ? "0" : config.path("version").asText("0");
    }

    String stackName(ServiceRecord s) {
        return stack(s.stackId).map(x -> x.name).orElse("stack");
    }

    ContainerRecord newContainer(ServiceRecord s, String lcName, JsonNode config, long base, boolean endsUnhealthy) {
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

    void start(ContainerRecord c, JsonNode config, long base) {
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

    void removeContainer(ContainerRecord c) {
        c.state = "removed";
        c.removed = now();
        c.healthDueAt = null;
        dirty = true;
    }

    /** Containers of the configs being upgraded: the new version's ({@code fresh}) or the old ones. */
    List<ContainerRecord> upgradedContainers(ServiceRecord s, boolean fresh) {
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
    void reconcileContainers(ServiceRecord s, long base) {
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
                newContainer(s, e.getKey(), e.getValue(), base, faults.startEndsUnhealthy(stackName(s), s.name));
            }
        }
        dirty = true;
    }

    // ---------------------------------------------------------------- service processes

    void startActivate(ServiceRecord s, long base) {
        begin(s, "activating", base);
        Optional<String> bad = failingImage(s);
        if (bad.isPresent()) {
            fail(s, "Failed to pull image " + bad.get());
            return;
        }
        reconcileContainers(s, base);
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
        StackRecord s = stackOps.createStack(NODES.objectNode().put("name", name));
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
        ServiceRecord s = serviceOps.createService(body);
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
        serviceOps.startUpgrade(s, input, now() - healthCheckDelay);
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
}
