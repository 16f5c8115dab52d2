package org.odooplatform.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Input checks shared by stack and service processes; each failure is Cattle's 422 body. */
final class Validation {

    private static final Pattern NAME_CHARS = Pattern.compile("[a-zA-Z0-9-]*");

    static JsonNode nullable(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).deepCopy() : null;
    }

    /** The primary launch config is known by the service's name ({@code net: "container:odoo"} on a sidekick). */
    static void validateReferences(String serviceName, JsonNode primary, ArrayNode secondaries) {
        Set<String> known = new HashSet<>();
        known.add(serviceName);
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

    /** The {@code int} fields of Cattle's container schema (container.json, docker.json) a launch config may carry. */
    static final List<String> INT_FIELDS = List.of("memory", "memorySwap", "memoryReservation", "cpuShares", "blkioWeight",
            "pidsLimit", "diskQuota", "cpuCount", "cpuPercent", "ioMaximumIOps", "ioMaximumBandwidth", "cpuPeriod", "cpuQuota",
            "cpuRealtimePeriod", "cpuRealtimeRuntime", "kernelMemory", "memorySwappiness", "shmSize", "stopTimeout",
            "oomScoreAdj", "healthInterval", "healthTimeout", "healthRetries", "milliCpuReservation");

    /**
     * The API framework's type conversion ({@code ValidationHandler.convert}) for the launch config
     * fields deploys send: an {@code int} field takes a number or a string of digits, else 422
     * {@code InvalidFormat} (so {@code "512m"} is refused: sizes are bytes); {@code logConfig} is a
     * {@code logConfig} object ({@code driver} string, {@code config} map of strings);
     * {@code dataVolumesFrom} is {@code array[reference[container]]}: each entry must be the id of an
     * existing container, anything else (a service name) is 422 {@code InvalidReference}. Sidekick
     * volumes go in {@code dataVolumesFromLaunchConfigs} (names).
     */
    static void validateLaunchConfigTypes(JsonNode lc, java.util.function.Predicate<String> containerExists) {
        if (lc == null || !lc.isObject()) {
            return;
        }
        for (String field : INT_FIELDS) {
            JsonNode v = lc.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            boolean ok = v.isNumber() || (v.isTextual() && v.asText().strip().matches("-?[0-9]+"));
            if (!ok) {
                throw ApiError.validation("InvalidFormat", field);
            }
        }
        JsonNode log = lc.get("logConfig");
        if (log != null && !log.isNull()) {
            if (!log.isObject()) {
                throw ApiError.validation("InvalidFormat", "logConfig");
            }
            JsonNode driver = log.get("driver");
            if (driver != null && !driver.isNull() && !driver.isValueNode()) {
                throw ApiError.validation("InvalidFormat", "driver");
            }
            JsonNode config = log.get("config");
            if (config != null && !config.isNull()) {
                if (!config.isObject()) {
                    throw ApiError.validation("InvalidFormat", "config");
                }
                config.fields().forEachRemaining(e -> {
                    if (!e.getValue().isValueNode()) {
                        throw ApiError.validation("InvalidFormat", "config");
                    }
                });
            }
        }
        JsonNode from = lc.get("dataVolumesFrom");
        if (from != null && !from.isNull()) {
            if (!from.isArray()) {
                throw ApiError.validation("InvalidFormat", "dataVolumesFrom");
            }
            for (JsonNode ref : from) {
                if (!ref.isValueNode() || !containerExists.test(ref.asText())) {
                    throw ApiError.validation("InvalidReference", "dataVolumesFrom");
                }
            }
        }
    }

    /**
     * Cattle's {@code ServiceSetServiceLinksValidationFilter}: a repeated serviceId + link name is 422
     * {@code NotUnique}; an unknown serviceId 422 {@code InvalidReference}; a link without serviceId
     * needs {@code service} and a {@code name}; link names are checked like DNS labels
     * ({@code validateLinkName}).
     */
    static void validateServiceLinks(JsonNode input, java.util.function.Predicate<String> serviceExists) {
        JsonNode links = input == null ? null : input.get("serviceLinks");
        if (links == null || !links.isArray()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (JsonNode link : links) {
            String serviceId = link.hasNonNull("serviceId") ? link.get("serviceId").asText() : null;
            String name = link.hasNonNull("name") ? link.get("name").asText() : null;
            if (serviceId != null) {
                String uuid = serviceId + "." + (name == null ? "" : name);
                if (!seen.add(uuid)) {
                    throw ApiError.validation("NotUnique", "serviceId and link name combination");
                }
                if (!serviceExists.test(serviceId)) {
                    throw ApiError.validation("InvalidReference", "serviceId");
                }
            } else {
                if (!link.hasNonNull("service")) {
                    throw ApiError.validation("MissingRequired", "serviceId");
                }
                if (name == null || name.isEmpty()) {
                    throw ApiError.validation("MissingRequired", "name");
                }
            }
            validateLinkName(name);
        }
    }

    private static void validateLinkName(String name) {
        if (name == null || name.isEmpty()) {
            return;
        }
        if (name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
            throw ApiError.validation("InvalidCharacters", "name");
        }
        if (name.contains(".") && name.length() > 253) {
            throw ApiError.validation("MaxLengthExceeded", "name");
        }
        for (String part : name.split("\\.")) {
            if (part.startsWith("-") || part.endsWith("-") || part.contains("--")) {
                throw ApiError.validation("InvalidCharacters", "name");
            }
            if (part.length() > 63) {
                throw ApiError.validation("MaxLengthExceeded", "name");
            }
        }
    }

    static String requiredText(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw ApiError.validation("MissingRequired", field);
        }
        return v.asText();
    }

    /** Cattle rejects names with characters outside [a-zA-Z0-9-] or starting/ending with '-' (inferred for services). */
    static void validateName(String name) {
        if (!NAME_CHARS.matcher(name).matches() || name.startsWith("-") || name.endsWith("-")) {
            throw ApiError.validation("InvalidCharacters", "name");
        }
        if (name.length() > 63) {
            throw ApiError.validation("MaxLengthExceeded", "name");
        }
    }

    private Validation() {
    }
}
