package org.odooplatform.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the simulator knows, as plain mutable records so Jackson can write and reload it
 * (--state-file). Only {@link Engine} mutates it, always under the engine's lock.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
final class SimState {
    public String projectId = "1a5";
    public long nextId = 5;
    public List<StackRecord> stacks = new ArrayList<>();
    public List<ServiceRecord> services = new ArrayList<>();
    public List<ContainerRecord> containers = new ArrayList<>();
    public List<PullTaskRecord> pullTasks = new ArrayList<>();
    /** The environment's hosts; a new simulator has {@link #defaultHosts()}. */
    public List<HostRecord> hosts = defaultHosts();
    public List<VolumeRecord> volumes = new ArrayList<>();
    /** Cattle settings the simulator honours ({@code registry.default}); absent = unset. */
    public java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    /**
     * Two hosts labelled {@code application=true}, as the platform's environments have, and one
     * {@code database=true} host where application services must not run (so a pull or a global
     * service that ignores the scheduling labels is visible).
     */
    static List<HostRecord> defaultHosts() {
        List<HostRecord> hosts = new ArrayList<>();
        hosts.add(HostRecord.of("1h1", "sim-host-1", java.util.Map.of("application", "true")));
        hosts.add(HostRecord.of("1h2", "sim-host-2", java.util.Map.of("application", "true")));
        hosts.add(HostRecord.of("1h3", "sim-host-3", java.util.Map.of("database", "true")));
        return hosts;
    }

    /** A resource with a Cattle lifecycle: state, transitioning, and when the running step ends. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    abstract static class Resource {
        public String id;
        public String uuid;
        public String name;
        public String description;
        public String state;
        public String transitioning = "no";
        public String transitioningMessage;
        public long created;
        public Long removed;
        /** Epoch millis when the current transitioning state completes; null when settled or stuck. */
        public Long dueAt;

        @com.fasterxml.jackson.annotation.JsonIgnore
        boolean isRemoved() {
            return removed != null || "removed".equals(state) || "removing".equals(state);
        }
    }

    static final class StackRecord extends Resource {
        public String dockerCompose;
        public String rancherCompose;
        public JsonNode environment;
        public String externalId;
        public String previousExternalId;
        public JsonNode previousEnvironment;
        public String previousDockerCompose;
        public String previousRancherCompose;
        public JsonNode outputs;
        public String group;
        public JsonNode binding;
        public boolean startOnCreate;
        public boolean system;
        /** Stored like Cattle's column (default healthy), recomputed by the deferred health update. */
        public String healthState = "healthy";
        /** When the deferred health update of this stack (its services included) runs; null = none pending. */
        public Long healthUpdateAt;
    }

    static final class ServiceRecord extends Resource {
        public String stackId;
        public String kind = "service";
        public int scale = 1;
        public boolean startOnCreate;
        /** Set between create and the chained activate (startOnCreate). */
        public boolean activateAfterRegistering;
        public ObjectNode launchConfig;
        public ArrayNode secondaryLaunchConfigs;
        public JsonNode metadata;
        public ObjectNode upgrade;
        public JsonNode selectorLink;
        public JsonNode selectorContainer;
        public Boolean retainIp;
        public JsonNode scalePolicy;
        public JsonNode lbConfig;
        public JsonNode publicEndpoints;
        public ArrayNode serviceLinks;
        public long createIndex;
        /** Launch config names (primary = service name) being replaced by the running upgrade. */
        public List<String> upgradingConfigs = new ArrayList<>();
        /** Stored health (schema default healthy), written by the stack's deferred health update. */
        public String healthState = "healthy";
        /** Next step of the running in-service upgrade: mark, start or wait (null outside an upgrade). */
        public String upgradeStep;
    }

    static final class ContainerRecord {
        public String id;
        public String uuid;
        public String name;
        public String serviceId;
        /** null for the primary launch config, else the sidekick's name. */
        public String launchConfigName;
        public String version;
        public String imageUuid;
        /** running, stopped, removed. */
        public String state;
        /** null (no health check), initializing, healthy, unhealthy. */
        public String healthState;
        public Long healthDueAt;
        public boolean endsUnhealthy;
        public long created;
        public Long removed;
        /** Cattle's serviceExposeMap.managed: false once an upgrade marked it for replacement. */
        public boolean managed = true;
        /** Cattle's serviceExposeMap.upgrade: set for cleanup by finishupgrade. */
        public boolean upgrade;
        public String hostId;
        public String deploymentUnit;
        /** When it last became running and healthy (or running, without a health check). */
        public Long readyAt;
        /** Named and anonymous volumes it mounts (volume names). */
        public List<String> volumes = new ArrayList<>();
        /** io.rancher.container.volume_cleanup_strategy (unnamed when absent). */
        public String volumeCleanup;
    }

    static final class HostRecord {
        public String id;
        public String name;
        public String state = "active";
        public java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();

        static HostRecord of(String id, String name, java.util.Map<String, String> labels) {
            HostRecord h = new HostRecord();
            h.id = id;
            h.name = name;
            h.labels = new java.util.LinkedHashMap<>(labels);
            return h;
        }
    }

    static final class VolumeRecord extends Resource {
        public String driver = "local";
        public String hostId;
    }

    static final class PullTaskRecord extends Resource {
        public String mode;
        public String image;
        public JsonNode labels;
        public JsonNode status;
        /** Host names the task pulls on (chosen by its labels at create). */
        public List<String> hostNames = new ArrayList<>();
    }
}
