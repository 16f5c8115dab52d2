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
