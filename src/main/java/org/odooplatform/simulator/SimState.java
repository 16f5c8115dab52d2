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
    }

    static final class PullTaskRecord extends Resource {
        public String mode;
        public String image;
        public JsonNode labels;
        public JsonNode status;
        public boolean fails;
    }
}
