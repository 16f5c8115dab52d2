package org.odooplatform.simulator;

import static org.odooplatform.simulator.Validation.nullable;
import static org.odooplatform.simulator.Validation.requiredText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.odooplatform.simulator.SimState.ContainerRecord;
import org.odooplatform.simulator.SimState.HostRecord;
import org.odooplatform.simulator.SimState.PullTaskRecord;
import org.odooplatform.simulator.SimState.Resource;
import org.odooplatform.simulator.SimState.ServiceRecord;
import org.odooplatform.simulator.SimState.StackRecord;
import org.odooplatform.simulator.SimState.VolumeRecord;

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
    private final long healthUpdateDelay;
    final Faults faults;
    private boolean dirty;
    /** When the events being applied happened: a request's now, or the due time of the step being completed. */
    private long eventTime;

    static final String GLOBAL_LABEL = "io.rancher.scheduler.global";
    static final String HOST_LABEL_AFFINITY = "io.rancher.scheduler.affinity:host_label";

    Engine(SimState state, Clock clock, long transitionDelayMillis, long healthCheckDelayMillis, long healthUpdateDelayMillis,
            Faults faults) {
        this.st = state;
        this.clock = clock;
        this.transitionDelay = transitionDelayMillis;
        this.healthCheckDelay = healthCheckDelayMillis;
        this.healthUpdateDelay = healthUpdateDelayMillis;
        this.faults = faults;
        this.eventTime = clock.millis();
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

    /** A container id ({@code 1i7}) of a container that is not removed. */
    synchronized boolean containerExists(String id) {
        return st.containers.stream().anyMatch(c -> c.id.equals(id) && c.removed == null);
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

    // ---------------------------------------------------------------- health

    /** The stored value, as a GET shows it: written by the deferred health update, so it may be stale. */
    synchronized String healthState(ServiceRecord s) {
        return s.healthState == null ? "healthy" : s.healthState;
    }

    synchronized String healthState(StackRecord stack) {
        return stack.healthState == null ? "healthy" : stack.healthState;
    }

    /**
     * Cattle's {@code ServiceDiscoveryServiceImpl.calculateServiceHealthState}: only the service's
     * <em>managed</em> instances count (an upgrade marks the replaced ones unmanaged), only running
     * ones can be healthy or initializing; a global service is healthy when every one of its instances
     * on an active host is, a scaled one when scale x launch configs are.
     */
    synchronized String liveHealth(ServiceRecord s) {
        if (!"service".equals(s.kind) && !"loadBalancerService".equals(s.kind)) {
            return "healthy";
        }
        boolean global = isGlobal(s);
        List<ContainerRecord> managed = containersOf(s).stream().filter(c -> c.managed && !"error".equals(c.state))
                .filter(c -> !global || hostActive(c.hostId)).toList();
        int scale = s.scale;
        if (s.scalePolicy != null && s.scalePolicy.hasNonNull("min")) {
            scale = s.scalePolicy.get("min").asInt();
        }
        int expected = scale * (1 + (s.secondaryLaunchConfigs == null ? 0 : s.secondaryLaunchConfigs.size()));
        int healthy = 0;
        int init = 0;
        for (ContainerRecord c : managed) {
            if (!"running".equals(c.state)) {
                continue;
            }
            if (c.healthState == null || "healthy".equals(c.healthState) || "updating-healthy".equals(c.healthState)) {
                healthy++;
            } else if ("initializing".equals(c.healthState) || "reinitializing".equals(c.healthState)) {
                init++;
            }
        }
        int instances = managed.size();
        if ((global && healthy >= instances && instances > 0) || (!global && healthy >= expected)) {
            return "healthy";
        }
        if (init > 0) {
            return "initializing";
        }
        return healthy > 0 ? "degraded" : "unhealthy";
    }

    /** Cattle's {@code calculateHealthState} over the stack's services (their stored health). */
    synchronized String liveHealth(StackRecord stack) {
        int expected = 0;
        int healthy = 0;
        int init = 0;
        for (ServiceRecord s : st.services) {
            if (!s.stackId.equals(stack.id) || s.isRemoved()) {
                continue;
            }
            expected++;
            String h = healthState(s);
            if (Lifecycle.ACTIVE_LIKE.contains(s.state) && ("healthy".equals(h) || "started-once".equals(h))) {
                healthy++;
            } else if ("initializing".equals(h)) {
                init++;
            }
        }
        if (expected == 0 || healthy >= expected) {
            return "healthy";
        }
        if (init > 0) {
            return "initializing";
        }
        return healthy > 0 ? "degraded" : "unhealthy";
    }

    /**
     * Cattle's {@code StackHealthStateUpdateTrigger}: after a service, stack or instance process, a
     * health update of the stack is requested with a deferred trigger; it runs later and writes the
     * recomputed values. Until then a read shows the previous (stale) value.
     */
    void touch(String stackId) {
        if (stackId == null) {
            return;
        }
        stack(stackId).ifPresent(stack -> {
            if (stack.healthUpdateAt == null) {
                stack.healthUpdateAt = eventTime + healthUpdateDelay;
                dirty = true;
            }
        });
    }

    private void touchContainer(ContainerRecord c) {
        service(c.serviceId).ifPresent(s -> touch(s.stackId));
    }

    private void updateHealth(StackRecord stack) {
        for (ServiceRecord s : st.services) {
            if (s.stackId.equals(stack.id) && !"removed".equals(s.state)) {
                s.healthState = liveHealth(s);
            }
        }
        stack.healthState = liveHealth(stack);
        stack.healthUpdateAt = null;
        dirty = true;
    }

    /** currentScale as Cattle counts it ({@code ServiceExposeMapDaoImpl.getCurrentScale}): primary instances not set for upgrade. */
    synchronized int currentScale(ServiceRecord s) {
        return (int) containersOf(s).stream().filter(c -> c.launchConfigName == null && !c.upgrade && !"error".equals(c.state)).count();
    }

    // ---------------------------------------------------------------- hosts and scheduling

    static boolean isGlobal(ServiceRecord s) {
        return s.launchConfig != null && "true".equalsIgnoreCase(s.launchConfig.path("labels").path(GLOBAL_LABEL).asText());
    }

    private boolean hostActive(String hostId) {
        return hostId == null || st.hosts.stream().anyMatch(h -> h.id.equals(hostId) && "active".equals(h.state));
    }

    /**
     * Cattle's {@code AllocationHelperImpl.getHostsSatisfyingHostAffinity}: the active hosts that
     * satisfy every {@code io.rancher.scheduler.affinity:host_label[_soft][_ne]} label
     * ({@code k=v[,k=v]}, case-insensitive); other labels do not restrict.
     */
    synchronized List<HostRecord> hostsFor(JsonNode labels) {
        List<HostRecord> result = new ArrayList<>();
        for (HostRecord h : st.hosts) {
            if ("active".equals(h.state) && satisfies(h, labels)) {
                result.add(h);
            }
        }
        return result;
    }

    private static boolean satisfies(HostRecord h, JsonNode labels) {
        if (labels == null || !labels.isObject()) {
            return true;
        }
        Map<String, String> hostLabels = new LinkedHashMap<>();
        h.labels.forEach((k, v) -> hostLabels.put(k.toLowerCase(Locale.ROOT), v == null ? "" : v.toLowerCase(Locale.ROOT)));
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (!key.startsWith(HOST_LABEL_AFFINITY)) {
                continue;
            }
            boolean negated = key.substring(HOST_LABEL_AFFINITY.length()).endsWith("_ne");
            for (String pair : e.getValue().asText("").toLowerCase(Locale.ROOT).split(",")) {
                String p = pair.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String k = eq < 0 ? p : p.substring(0, eq).strip();
                String v = eq < 0 ? "" : p.substring(eq + 1).strip();
                boolean has = hostLabels.containsKey(k) && (eq < 0 || hostLabels.get(k).equals(v));
                if (has == negated) {
                    return false;
                }
            }
        }
        return true;
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
                        eventTime = c.healthDueAt;
                        c.healthState = c.endsUnhealthy ? "unhealthy" : "healthy";
                        c.readyAt = c.endsUnhealthy ? null : c.healthDueAt;
                        c.healthDueAt = null;
                        touchContainer(c);
                        progress = true;
                    }
                }
            }
            for (ServiceRecord s : List.copyOf(st.services)) {
                if (("yes".equals(s.transitioning) || "error".equals(s.transitioning)) && s.dueAt != null && s.dueAt <= now) {
                    eventTime = s.dueAt;
                    progress |= completeService(s);
                }
            }
            for (StackRecord s : List.copyOf(st.stacks)) {
                if ("yes".equals(s.transitioning) && s.dueAt != null && s.dueAt <= now) {
                    eventTime = s.dueAt;
                    progress |= completeStack(s);
                }
            }
            for (PullTaskRecord t : st.pullTasks) {
                if ("yes".equals(t.transitioning) && t.dueAt != null && t.dueAt <= now) {
                    completePull(t);
                    progress = true;
                }
            }
            for (VolumeRecord v : st.volumes) {
                if ("yes".equals(v.transitioning) && v.dueAt != null && v.dueAt <= now) {
                    settle(v, "removed");
                    progress = true;
                }
            }
            for (StackRecord s : st.stacks) {
                if (s.healthUpdateAt != null && s.healthUpdateAt <= now) {
                    updateHealth(s);
                    progress = true;
                }
            }
            changedAny |= progress;
        }
        eventTime = now;
        dirty |= changedAny;
        return changedAny;
    }

    /** Sets the time events of the current request happen at (a request is "now"). */
    void atNow() {
        eventTime = now();
    }

    void begin(Resource r, String transitioningState, long base) {
        r.state = transitioningState;
        r.transitioning = "yes";
        r.transitioningMessage = "In Progress";
        r.dueAt = base + transitionDelay;
        dirty = true;
        touchResource(r);
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
        touchResource(r);
    }

    /**
     * A process whose handler failed: Cattle shows {@code transitioning: error} with the message and
     * its engine replays the process later ({@code ProcessReplayTask}); it is not terminal.
     */
    void failRetrying(Resource r, String message, long at) {
        r.transitioning = "error";
        r.transitioningMessage = message;
        r.dueAt = at + Math.max(1, transitionDelay);
        dirty = true;
        touchResource(r);
    }

    private void touchResource(Resource r) {
        if (r instanceof ServiceRecord s) {
            touch(s.stackId);
        } else if (r instanceof StackRecord s) {
            touch(s.id);
        }
    }

    boolean completeService(ServiceRecord s) {
        long base = s.dueAt;
        if ("error".equals(s.transitioning) && !"activating".equals(s.state) && !"upgrading".equals(s.state)) {
            return false;
        }
        switch (s.state) {
            case "registering" -> {
                settle(s, "inactive");
                if (s.activateAfterRegistering) {
                    s.activateAfterRegistering = false;
                    startActivate(s, base);
                }
            }
            case "activating" -> {
                if ("error".equals(s.transitioning)) {
                    // the replayed activate reconciles again
                    String error = reconcileContainers(s, base);
                    if (error != null) {
                        failRetrying(s, error, Math.max(base, now()));
                        return false;
                    }
                    s.transitioning = "yes";
                    s.transitioningMessage = "In Progress";
                    s.dueAt = base + transitionDelay;
                    return true;
                }
                settle(s, "active");
            }
            case "upgrading" -> {
                return stepUpgrade(s, base);
            }
            case "deactivating" -> {
                containersOf(s).forEach(c -> stopContainer(c));
                settle(s, "inactive");
            }
            case "finishing-upgrade" -> {
                // UpgradeManagerImpl.finishUpgrade: remove the instances set for upgrade, then reconcile
                for (ContainerRecord c : containersOf(s)) {
                    if (c.upgrade) {
                        removeContainer(c);
                    }
                }
                s.upgradingConfigs = new ArrayList<>();
                s.upgradeStep = null;
                reconcileContainers(s, base);
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

    /**
     * Cattle's {@code PullTaskCreate}: one pull per host chosen by the labels; a failed pull is written
     * into {@code status[hostName]} and the task still ends normally (genericobject.create:
     * activating -> active).
     */
    private void completePull(PullTaskRecord t) {
        ObjectNode status = NODES.objectNode();
        for (String host : t.hostNames) {
            status.put(host, faults.pullFails(host, t.image) ? "Error: image " + t.image + " could not be pulled on " + host
                    + ": manifest unknown" : "Done");
        }
        t.status = status;
        settle(t, "active");
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

    ContainerRecord newContainer(ServiceRecord s, String lcName, JsonNode config, long base, boolean endsUnhealthy, String hostId,
            String unit) {
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
        c.hostId = hostId;
        c.deploymentUnit = unit;
        c.volumeCleanup = config.path("labels").path("io.rancher.container.volume_cleanup_strategy").asText("unnamed");
        mountVolumes(c, config);
        start(c, config, base);
        st.containers.add(c);
        return c;
    }

    /** {@code dataVolumes} entries "name:/path" mount a named volume, "/path" an anonymous one (a 64-hex name). */
    private void mountVolumes(ContainerRecord c, JsonNode config) {
        for (JsonNode entry : config.path("dataVolumes")) {
            String spec = entry.asText("");
            int colon = spec.indexOf(':');
            String name;
            if (colon < 0) {
                name = (UUID.randomUUID().toString() + UUID.randomUUID().toString()).replace("-", "").substring(0, 64);
            } else if (!spec.startsWith("/")) {
                name = spec.substring(0, colon);
            } else {
                continue; // a host path bind mount is no volume
            }
            c.volumes.add(name);
            VolumeRecord v = st.volumes.stream().filter(x -> x.name.equals(name) && !x.isRemoved()).findFirst().orElse(null);
            if (v == null) {
                v = new VolumeRecord();
                v.id = nextId("1v");
                v.uuid = UUID.randomUUID().toString();
                v.name = name;
                v.created = now();
                v.driver = config.path("volumeDriver").asText("local");
                st.volumes.add(v);
            }
            v.hostId = c.hostId;
            settle(v, "active");
        }
    }

    void start(ContainerRecord c, JsonNode config, long base) {
        c.state = "running";
        if (config.hasNonNull("healthCheck") || c.endsUnhealthy) {
            // without a health check to fail, a container set to end unhealthy is reported so after the delay
            c.healthState = "initializing";
            c.healthDueAt = base + healthCheckDelay;
            c.readyAt = null;
        } else {
            c.healthState = null;
            c.healthDueAt = null;
            c.readyAt = base;
        }
        touchContainer(c);
    }

    void stopContainer(ContainerRecord c) {
        if ("running".equals(c.state)) {
            c.state = "stopped";
            c.readyAt = null;
            c.healthDueAt = null;
            dirty = true;
            touchContainer(c);
        }
    }

    /**
     * Cattle's {@code InstanceRemove.deleteVolumes}: with the default cleanup strategy {@code unnamed}
     * only anonymous volumes (64 alphanumeric characters) no other container mounts are deleted;
     * named volumes stay ({@code all} deletes them too, {@code none} nothing).
     */
    void removeContainer(ContainerRecord c) {
        c.state = "removed";
        c.removed = now();
        c.healthDueAt = null;
        c.readyAt = null;
        dirty = true;
        for (String name : c.volumes) {
            boolean otherMounts = st.containers.stream().anyMatch(o -> o != c && o.removed == null && o.volumes.contains(name));
            if (otherMounts) {
                continue;
            }
            st.volumes.stream().filter(v -> v.name.equals(name) && !v.isRemoved()).forEach(v -> {
                boolean anonymous = name.length() == 64 && name.chars().allMatch(Character::isLetterOrDigit);
                boolean delete = "all".equals(c.volumeCleanup) || ("unnamed".equals(c.volumeCleanup) && anonymous);
                if (delete) {
                    settle(v, "removed");
                } else {
                    settle(v, "detached");
                }
            });
        }
        touchContainer(c);
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

    /**
     * Cattle's {@code DeploymentManager.activate} (reconcile): each launch config gets its desired
     * <em>managed</em> containers — {@code scale} of them, or one per matching host for a global
     * service — starting stopped ones and creating missing ones from the current config (instances an
     * upgrade marked unmanaged are left alone). Returns the error that stopped it (a failed pull, no
     * host), or null; nothing is created when it fails.
     */
    String reconcileContainers(ServiceRecord s, long base) {
        boolean global = isGlobal(s);
        record Create(String lc, ObjectNode config, String hostId) {
        }
        List<Create> creates = new ArrayList<>();
        List<ContainerRecord> removes = new ArrayList<>();
        List<Map.Entry<ContainerRecord, ObjectNode>> starts = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : configs(s)) {
            List<ContainerRecord> mine = containersOf(s).stream()
                    .filter(c -> c.managed && Objects.equals(c.launchConfigName, e.getKey())).toList();
            List<HostRecord> hosts = hostsFor(e.getValue().path("labels"));
            if (global) {
                Set<String> covered = new java.util.HashSet<>();
                for (ContainerRecord c : mine) {
                    boolean wanted = hosts.stream().anyMatch(h -> h.id.equals(c.hostId)) && covered.add(c.hostId);
                    if (!wanted) {
                        removes.add(c);
                    } else if (!"running".equals(c.state)) {
                        starts.add(Map.entry(c, e.getValue()));
                    }
                }
                for (HostRecord h : hosts) {
                    if (!covered.contains(h.id)) {
                        creates.add(new Create(e.getKey(), e.getValue(), h.id));
                    }
                }
            } else {
                int kept = 0;
                Map<String, Integer> load = new LinkedHashMap<>();
                hosts.forEach(h -> load.put(h.id, 0));
                for (ContainerRecord c : mine) {
                    if (kept >= s.scale) {
                        removes.add(c);
                        continue;
                    }
                    if (!"running".equals(c.state)) {
                        starts.add(Map.entry(c, e.getValue()));
                    }
                    load.computeIfPresent(c.hostId, (k, v) -> v + 1);
                    kept++;
                }
                for (; kept < s.scale; kept++) {
                    if (hosts.isEmpty()) {
                        return "Allocation failed: no active host satisfies the scheduling labels of " + s.name;
                    }
                    String host = load.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
                    load.merge(host, 1, Integer::sum);
                    creates.add(new Create(e.getKey(), e.getValue(), host));
                }
            }
        }
        for (Create c : creates) {
            String image = c.config().path("imageUuid").asText(null);
            String host = hostName(c.hostId());
            if (faults.pullFails(host, image)) {
                return "Failed to pull image " + image + " on " + host;
            }
        }
        removes.forEach(this::removeContainer);
        starts.forEach(x -> start(x.getKey(), x.getValue(), base));
        boolean unhealthy = faults.startEndsUnhealthy(stackName(s), s.name)
                || ("upgrading".equals(s.state) && faults.upgradeEndsUnhealthy(stackName(s), s.name));
        Runnable hook = "upgrading".equals(s.state) && !creates.isEmpty() ? faults.upgradeStartHook(stackName(s), s.name) : null;
        if (hook != null) {
            hook.run();
        }
        for (Create c : creates) {
            newContainer(s, c.lc(), c.config(), base, unhealthy, c.hostId(), unitFor(s, c.lc(), c.hostId()));
        }
        dirty = true;
        return null;
    }

    /** A deployment unit of this service missing that launch config (a sidekick joins its primary), else a new one. */
    private String unitFor(ServiceRecord s, String lcName, String hostId) {
        for (ContainerRecord c : containersOf(s)) {
            if (!c.managed || c.deploymentUnit == null) {
                continue;
            }
            boolean lacks = containersOf(s).stream().noneMatch(o -> o.managed && c.deploymentUnit.equals(o.deploymentUnit)
                    && Objects.equals(o.launchConfigName, lcName));
            if (lacks) {
                return c.deploymentUnit;
            }
        }
        return UUID.randomUUID().toString();
    }

    String hostName(String hostId) {
        return st.hosts.stream().filter(h -> h.id.equals(hostId)).map(h -> h.name).findFirst().orElse(hostId);
    }

    // ---------------------------------------------------------------- service processes

    void startActivate(ServiceRecord s, long base) {
        begin(s, "activating", base);
        String error = reconcileContainers(s, base);
        if (error != null) {
            failRetrying(s, error, base);
        }
    }

    /**
     * One step of Cattle's in-service upgrade ({@code UpgradeManagerImpl.doInServiceUpgrade}, replayed
     * until nothing is left to upgrade): {@code mark} takes the next {@code batchSize} deployment units
     * of old instances and marks them unmanaged/set for upgrade; stop-first stops them there and
     * starts the new ones one transition later ({@code start}), start-first starts the new ones at
     * once; {@code wait} waits until the new-version instances are healthy, then (start-first) stops
     * the marked ones and sleeps {@code intervalMillis} before the next batch, or ends {@code upgraded}.
     */
    private boolean stepUpgrade(ServiceRecord s, long base) {
        JsonNode strategy = s.upgrade == null ? NODES.objectNode() : s.upgrade.path("inServiceStrategy");
        boolean startFirst = strategy.path("startFirst").asBoolean(false);
        long batchSize = Math.max(1, strategy.path("batchSize").asLong(1));
        long interval = strategy.path("intervalMillis").asLong(2000);
        String step = s.upgradeStep == null ? "wait" : s.upgradeStep;
        switch (step) {
            case "mark" -> {
                List<List<ContainerRecord>> units = unitsToUpgrade(s);
                for (List<ContainerRecord> unit : units.subList(0, (int) Math.min(batchSize, units.size()))) {
                    for (ContainerRecord c : unit) {
                        c.managed = false;
                        c.upgrade = true;
                        if (!startFirst) {
                            stopContainer(c);
                        }
                        touchContainer(c);
                    }
                }
                s.upgradeStep = "start";
                s.dueAt = startFirst ? base : base + transitionDelay;
                return true;
            }
            case "start" -> {
                String error = reconcileContainers(s, base);
                if (error != null) {
                    boolean first = !"error".equals(s.transitioning);
                    failRetrying(s, error, Math.max(base, now()));
                    return first;
                }
                s.transitioning = "yes";
                s.transitioningMessage = "In Progress";
                s.upgradeStep = "wait";
                s.dueAt = base;
                return true;
            }
            default -> {
                List<ContainerRecord> fresh = upgradedContainers(s, true).stream().filter(c -> c.managed).toList();
                boolean allHealthy = fresh.stream().allMatch(c -> "running".equals(c.state)
                        && (c.healthState == null || "healthy".equals(c.healthState) || "updating-healthy".equals(c.healthState)));
                if (!allHealthy) {
                    // waitForHealthyState waits as long as it takes (rancher/rancher#4240)
                    return false;
                }
                long gate = base;
                for (ContainerRecord c : fresh) {
                    if (c.readyAt != null) {
                        gate = Math.max(gate, c.readyAt);
                    }
                }
                eventTime = gate;
                if (startFirst) {
                    containersOf(s).stream().filter(c -> c.upgrade).forEach(this::stopContainer);
                }
                if (!unitsToUpgrade(s).isEmpty()) {
                    s.upgradeStep = "mark";
                    s.dueAt = gate + interval;
                    return true;
                }
                s.upgradeStep = null;
                s.dueAt = gate;
                settle(s, "upgraded");
                return true;
            }
        }
    }

    /** Managed instances of the configs being upgraded that still run an old version, by deployment unit (oldest first). */
    private List<List<ContainerRecord>> unitsToUpgrade(ServiceRecord s) {
        Map<String, List<ContainerRecord>> units = new LinkedHashMap<>();
        for (ContainerRecord c : upgradedContainers(s, false)) {
            if (c.managed) {
                units.computeIfAbsent(c.deploymentUnit == null ? c.id : c.deploymentUnit, k -> new ArrayList<>()).add(c);
            }
        }
        return new ArrayList<>(units.values());
    }

    // ---------------------------------------------------------------- pull tasks

    /** {@code POST pulltasks}: the hosts are chosen now by the labels sent (PullTaskCreate), each starts "Pulling". */
    synchronized PullTaskRecord createPullTask(ObjectNode body) {
        String image = requiredText(body, "image");
        PullTaskRecord t = new PullTaskRecord();
        t.id = nextId("1pt");
        t.uuid = UUID.randomUUID().toString();
        t.image = image;
        t.mode = body.path("mode").asText("all");
        t.labels = nullable(body, "labels");
        ObjectNode status = NODES.objectNode();
        for (HostRecord h : hostsFor(t.labels)) {
            t.hostNames.add(h.name);
            status.put(h.name, "Pulling");
        }
        t.status = status;
        t.created = now();
        st.pullTasks.add(t);
        begin(t, "activating", now());
        return t;
    }

    // ---------------------------------------------------------------- volumes

    synchronized List<VolumeRecord> volumes() {
        return List.copyOf(st.volumes);
    }

    synchronized Optional<VolumeRecord> volume(String id) {
        return st.volumes.stream().filter(v -> v.id.equals(id)).findFirst();
    }

    /** volume.remove starts from requested, inactive, detached (...): a volume a container still mounts (active) is 405. */
    synchronized VolumeRecord removeVolume(VolumeRecord v) {
        if (!Set.of("requested", "inactive", "detached", "deactivating", "registering", "updating-active", "updating-inactive")
                .contains(v.state)) {
            throw ApiError.methodNotAllowed();
        }
        begin(v, "removing", now());
        return v;
    }

    // ---------------------------------------------------------------- hosts and settings

    synchronized List<HostRecord> hosts() {
        return List.copyOf(st.hosts);
    }

    synchronized HostRecord seedHost(String name, Map<String, String> labels) {
        HostRecord existing = st.hosts.stream().filter(h -> h.name.equalsIgnoreCase(name)).findFirst().orElse(null);
        if (existing != null) {
            existing.labels = new LinkedHashMap<>(labels);
            existing.state = "active";
            dirty = true;
            return existing;
        }
        HostRecord h = HostRecord.of(nextId("1h"), name, labels);
        st.hosts.add(h);
        dirty = true;
        return h;
    }

    synchronized void removeHosts() {
        st.hosts.clear();
        dirty = true;
    }

    synchronized String setting(String name) {
        return st.settings.get(name);
    }

    synchronized void setSetting(String name, String value) {
        if (value == null || value.isEmpty()) {
            st.settings.remove(name);
        } else {
            st.settings.put(name, value);
        }
        dirty = true;
    }

    /**
     * Cattle's {@code ExternalTemplateInstanceFilter.getImageUuid} with {@code DockerImage.parse}: an
     * image whose first path part is no registry host (no '.' or ':', not localhost) gets the
     * {@code registry.default} setting prefixed, when it is set.
     */
    String withDefaultRegistry(String imageUuid) {
        String registry = st.settings.get("registry.default");
        if (imageUuid == null || registry == null || registry.isBlank() || "rancher/none".equalsIgnoreCase(imageUuid)) {
            return imageUuid;
        }
        String prefix = imageUuid.startsWith("docker:") ? "docker:" : imageUuid.startsWith("sim:") ? "sim:" : "";
        String name = imageUuid.substring(prefix.length());
        int slash = name.indexOf('/');
        String first = slash < 0 ? "" : name.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (hasRegistry || name.contains("index.docker.io")) {
            return imageUuid;
        }
        return prefix + registry + "/" + name;
    }

    // ---------------------------------------------------------------- seeds (Java API)

    synchronized StackRecord seedStack(String name) {
        Optional<StackRecord> existing = stackByName(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        atNow();
        StackRecord s = stackOps.createStack(NODES.objectNode().put("name", name));
        settle(s, "active");
        updateHealth(s);
        return s;
    }

    synchronized ServiceRecord seedService(String stackName, String serviceName, int scale, ObjectNode launchConfig) {
        StackRecord stack = seedStack(stackName);
        atNow();
        ObjectNode body = NODES.objectNode();
        body.put("name", serviceName);
        body.put("stackId", stack.id);
        body.put("scale", scale);
        body.set("launchConfig", launchConfig);
        ServiceRecord s = serviceOps.createService(body);
        long base = now() - healthCheckDelay;
        String error = reconcileContainers(s, base);
        if (error != null) {
            throw new IllegalStateException("cannot seed " + stackName + "/" + serviceName + ": " + error);
        }
        containersOf(s).forEach(this::makeHealthy);
        settle(s, "active");
        updateHealth(stack);
        return s;
    }

    private void makeHealthy(ContainerRecord c) {
        if (c.healthState != null && "running".equals(c.state)) {
            c.healthState = "healthy";
            c.healthDueAt = null;
            c.readyAt = c.created;
        }
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
        long base = now() - healthCheckDelay;
        serviceOps.startUpgrade(s, input, base);
        // the whole upgrade at once: old instances set for upgrade and stopped, new ones healthy
        for (ContainerRecord c : upgradedContainers(s, false)) {
            c.managed = false;
            c.upgrade = true;
            stopContainer(c);
        }
        String error = reconcileContainers(s, base);
        if (error != null) {
            throw new IllegalStateException("cannot seed " + stackName + "/" + serviceName + ": " + error);
        }
        containersOf(s).forEach(this::makeHealthy);
        s.upgradeStep = null;
        settle(s, "upgraded");
        stack(s.stackId).ifPresent(this::updateHealth);
        return s;
    }

    static String dockerImage(String image) {
        return image.startsWith("docker:") || image.equals("rancher/none") ? image : "docker:" + image;
    }
}
