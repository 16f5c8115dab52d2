package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A faithful fake of the parts of Rancher 1.6's v2-beta API that deploys use (see
 * docs/rancher-simulator.md, with the Cattle source of each behaviour). Listens on 127.0.0.1 only.
 *
 * <pre>
 * try (RancherSimulator sim = RancherSimulator.builder().accessKey("ak").secretKey("sk").build().start()) {
 *     String url = sim.baseUrl();   // RANCHER_URL
 * }
 * </pre>
 */
public final class RancherSimulator implements AutoCloseable {

    static {
        // The JDK server writes a response's headers and body as two packets; with Nagle's algorithm
        // the body then waits for the client's delayed ACK, about 40 ms per request (measured in
        // bench/rancher-simulator.sh). The property is read once, when the first HttpServer of the JVM
        // starts, so it only helps if the simulator is the first; an explicit -D setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Builder options;
    private final Faults faults;
    private final Engine engine;
    private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;
    private ExecutorService executor;

    private RancherSimulator(Builder options) {
        this.options = options;
        this.faults = new Faults(this::persistIfDirty);
        SimState state = options.stateFile != null ? load(options.stateFile) : new SimState();
        boolean fresh = options.stateFile == null || !Files.exists(options.stateFile);
        if (fresh && options.hosts != null) {
            state.hosts.clear();
        }
        this.engine = new Engine(state, options.clock, options.transitionDelay.toMillis(), options.healthCheckDelay.toMillis(),
                options.healthUpdateDelay.toMillis(), faults);
        if (fresh && options.hosts != null) {
            options.hosts.forEach(engine::seedHost);
        }
        if (options.defaultRegistry != null) {
            engine.setSetting("registry.default", options.defaultRegistry);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds 127.0.0.1:port (0 = any free port) and starts serving. */
    public RancherSimulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + options.port + ": " + e.getMessage(), e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "rancher-simulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", new HttpFront(engine, faults, options.accessKey, options.secretKey, options.readOnlyAccessKey,
                options.readOnlySecretKey, requests::add, this::persistIfDirty, control()));
        server.start();
        return this;
    }

    /** {@code http://127.0.0.1:PORT}: what a client uses as RANCHER_URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** {@code http://127.0.0.1:PORT/v2-beta/projects/1a5}: the project-scoped base URL. */
    public String projectUrl() {
        return baseUrl() + "/v2-beta/projects/" + projectId();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String projectId() {
        return engine.projectId();
    }

    public Faults faults() {
        return faults;
    }

    /** Every request received so far, in the order their responses were completed. */
    public List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Number of recorded GET/HEAD requests. */
    public long readCount() {
        return requests().stream().filter(RecordedRequest::isRead).count();
    }

    /** Number of recorded POST/PUT/DELETE requests (creates, updates, deletes, actions). */
    public long mutationCount() {
        return requests().stream().filter(RecordedRequest::isMutation).count();
    }

    /** Recorded mutations only: what a test asserts when "nothing may change". */
    public List<RecordedRequest> mutations() {
        return requests().stream().filter(RecordedRequest::isMutation).toList();
    }

    /** The non-removed stack of that name (case-insensitive) as the API would return it. */
    public Optional<JsonNode> stack(String name) {
        Optional<JsonNode> result;
        synchronized (engine) {
            engine.advance();
            result = engine.stackByName(name).map(s -> new Renderer(engine).stack(s, projectUrl()));
        }
        persistIfDirty();
        return result;
    }

    /** The non-removed service of that stack and name as the API would return it. */
    public Optional<JsonNode> service(String stackName, String serviceName) {
        Optional<JsonNode> result;
        synchronized (engine) {
            engine.advance();
            result = engine.serviceByName(stackName, serviceName).map(s -> new Renderer(engine).service(s, projectUrl()));
        }
        persistIfDirty();
        return result;
    }

    /** The containers of a service (removed ones excluded), as the API renders them. */
    public List<JsonNode> containers(String stackName, String serviceName) {
        synchronized (engine) {
            engine.advance();
            return engine.serviceByName(stackName, serviceName)
                    .map(s -> engine.containersOf(s).stream().map(c -> (JsonNode) new Renderer(engine).container(c, projectUrl())).toList())
                    .orElse(List.of());
        }
    }

    /** Creates an {@code active} stack directly (no request recorded); returns it. Existing: returned unchanged. */
    public JsonNode seedStack(String name) {
        engine.seedStack(name);
        persistIfDirty();
        return stack(name).orElseThrow();
    }

    /**
     * Creates an {@code active}, healthy service with scale 1 (and its stack when missing).
     * {@code image} is a docker reference ("docker:" is prefixed when missing);
     * {@code launchConfigExtras} is merged into the launch config (environment, labels, healthCheck, ...).
     */
    public JsonNode seedService(String stackName, String serviceName, String image, Map<String, Object> launchConfigExtras) {
        return seedService(stackName, serviceName, image, launchConfigExtras, 1);
    }

    public JsonNode seedService(String stackName, String serviceName, String image, Map<String, Object> launchConfigExtras, int scale) {
        ObjectNode lc = Engine.JSON.createObjectNode();
        lc.put("imageUuid", Engine.dockerImage(image));
        if (launchConfigExtras != null) {
            lc.setAll((ObjectNode) Engine.JSON.valueToTree(launchConfigExtras));
        }
        engine.seedService(stackName, serviceName, scale, lc);
        persistIfDirty();
        return service(stackName, serviceName).orElseThrow();
    }

    /**
     * A service left {@code upgraded} by an earlier, interrupted deploy: launchConfig holds
     * {@code newImage}, {@code upgrade.inServiceStrategy.previousLaunchConfig} holds {@code oldImage},
     * the new containers run healthy and the old ones are stopped.
     */
    public JsonNode seedUpgradedService(String stackName, String serviceName, String oldImage, String newImage) {
        return seedUpgradedService(stackName, serviceName, oldImage, newImage, Map.of());
    }

    /** Same, with {@code launchConfigExtras} (environment, labels, healthCheck, ...) in both the old and the new launch config. */
    public JsonNode seedUpgradedService(String stackName, String serviceName, String oldImage, String newImage,
            Map<String, Object> launchConfigExtras) {
        engine.seedUpgraded(stackName, serviceName, oldImage, newImage,
                launchConfigExtras == null ? null : (ObjectNode) Engine.JSON.valueToTree(launchConfigExtras));
        persistIfDirty();
        return service(stackName, serviceName).orElseThrow();
    }

    /**
     * Adds a host (or replaces the labels of the host of that name): global services and pull tasks
     * choose hosts by their labels. A new simulator has sim-host-1 and sim-host-2 ({@code application=true})
     * and sim-host-3 ({@code database=true}) unless the builder's {@code hosts(...)} replaced them.
     */
    public JsonNode seedHost(String name, Map<String, String> labels) {
        JsonNode result;
        synchronized (engine) {
            result = new Renderer(engine).host(engine.seedHost(name, labels), projectUrl());
        }
        persistIfDirty();
        return result;
    }

    /** The hosts as {@code GET hosts} renders them. */
    public List<JsonNode> hosts() {
        synchronized (engine) {
            return engine.hosts().stream().map(h -> (JsonNode) new Renderer(engine).host(h, projectUrl())).toList();
        }
    }

    /** Every volume (removed ones included, as {@code GET volumes} lists them). */
    public List<JsonNode> volumes() {
        synchronized (engine) {
            engine.advance();
            return engine.volumes().stream().map(v -> (JsonNode) new Renderer(engine).volume(v, projectUrl())).toList();
        }
    }

    /** Sets Cattle's {@code registry.default} setting (null or empty unsets it). */
    public void defaultRegistry(String registry) {
        engine.setSetting("registry.default", registry);
        persistIfDirty();
    }

    /** The control API's view of this simulator (for {@link HttpFront}). */
    ControlApi control() {
        return new ControlApi(this, engine);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
        persistIfDirty();
    }

    void persistIfDirty() {
        if (!engine.takeDirty() || options.stateFile == null) {
            return;
        }
        synchronized (engine) {
            try {
                Path file = options.stateFile.toAbsolutePath();
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.deleteIfExists(tmp);
                // owner-only from the first byte: the state holds every launch config, environment included
                try {
                    Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException e) {
                    Files.createFile(tmp);
                }
                Engine.JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), engine.state());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write simulator state to " + options.stateFile + ": " + e.getMessage(), e);
            }
        }
    }

    private static SimState load(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return new SimState();
            }
            return Engine.JSON.readValue(file.toFile(), SimState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read simulator state " + file + ": " + e.getMessage()
                    + " (delete the file to start empty)", e);
        }
    }

    /** Options; every one has a default (no auth, 20 ms per transition, 50 ms health check, any free port). */
    public static final class Builder {
        private String accessKey;
        private String secretKey;
        private String readOnlyAccessKey;
        private String readOnlySecretKey;
        private Duration transitionDelay = Duration.ofMillis(20);
        private Duration healthCheckDelay = Duration.ofMillis(50);
        private Duration healthUpdateDelay = Duration.ofMillis(20);
        private Map<String, Map<String, String>> hosts;
        private String defaultRegistry;
        private int port;
        private Path stateFile;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Access key (basic-auth user). Give both keys, or neither for a server without access control. */
        public Builder accessKey(String accessKey) {
            this.accessKey = accessKey;
            return this;
        }

        public Builder secretKey(String secretKey) {
            this.secretKey = secretKey;
            return this;
        }

        /** A second key pair with Cattle's read-user role: it may read everything and change nothing (405). */
        public Builder readOnlyKey(String accessKey, String secretKey) {
            this.readOnlyAccessKey = accessKey;
            this.readOnlySecretKey = secretKey;
            return this;
        }

        /** How long each transitioning state lasts (activating, upgrading, ...). Zero is allowed. */
        public Builder transitionDelay(Duration delay) {
            this.transitionDelay = requireNonNegative(delay, "transitionDelay");
            return this;
        }

        /** How long a container with a health check stays {@code initializing}. */
        public Builder healthCheckDelay(Duration delay) {
            this.healthCheckDelay = requireNonNegative(delay, "healthCheckDelay");
            return this;
        }

        /**
         * How long after a change the stored service and stack {@code healthState} is recomputed
         * (Cattle's deferred StackHealthStateUpdateTrigger); until then reads show the stale value.
         */
        public Builder healthUpdateDelay(Duration delay) {
            this.healthUpdateDelay = requireNonNegative(delay, "healthUpdateDelay");
            return this;
        }

        /** Replaces the default hosts: name -> labels, in order (ids 1h..). */
        public Builder hosts(Map<String, Map<String, String>> hosts) {
            this.hosts = new java.util.LinkedHashMap<>(hosts);
            return this;
        }

        /** Cattle's {@code registry.default} setting: prefixed to images without a registry host. */
        public Builder defaultRegistry(String registry) {
            this.defaultRegistry = registry;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Persist the state as JSON on every change and reload it at start. */
        public Builder stateFile(Path stateFile) {
            this.stateFile = stateFile;
            return this;
        }

        /** The clock transitions are timed with (tests may pass a fixed or offset clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public RancherSimulator build() {
            if ((accessKey == null) != (secretKey == null)) {
                throw new IllegalArgumentException("give both an access key and a secret key, or neither (no access control)");
            }
            return new RancherSimulator(this);
        }

        private static Duration requireNonNegative(Duration d, String name) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive, got " + d);
            }
            return d;
        }
    }
}
