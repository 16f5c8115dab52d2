package org.odooplatform.rancher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The engine's notes on a stack, kept in the stack's {@code outputs} map (string values, updatable
 * with PUT, shown in the Rancher UI): the deploy history ({@value #HISTORY}, newest first, at most
 * {@value #HISTORY_SIZE}) and the deploy lock ({@value #LOCK}). Other keys are preserved.
 */
public final class StackNotes {

    public static final String HISTORY = "odoo-platform.deploys";
    public static final String LOCK = "odoo-platform.lock";
    public static final int HISTORY_SIZE = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private StackNotes() {
    }

    public static List<DeployRecord> history(Resource stack) {
        String text = stack.get("outputs").path(HISTORY).textValue();
        if (text == null) {
            return List.of();
        }
        try {
            return JSON.readValue(text, new TypeReference<List<DeployRecord>>() { });
        } catch (JsonProcessingException e) {
            return List.of(); // a hand-edited note must not block deploys; the next deploy rewrites it
        }
    }

    public static Optional<DeployRecord> current(Resource stack) {
        List<DeployRecord> history = history(stack);
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0));
    }

    public static Optional<JsonNode> lock(Resource stack) {
        String text = stack.get("outputs").path(LOCK).textValue();
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    /** Re-reads the stack, applies {@code change} to its outputs and PUTs them back. */
    public static Resource update(Rancher rancher, Resource stack, Consumer<ObjectNode> change) {
        return updateFresh(rancher, rancher.refresh(stack), change);
    }

    /** Same, with a stack the caller has just read. */
    public static Resource updateFresh(Rancher rancher, Resource fresh, Consumer<ObjectNode> change) {
        ObjectNode outputs = fresh.get("outputs").isObject() ? ((ObjectNode) fresh.get("outputs")).deepCopy()
                : JSON.createObjectNode();
        change.accept(outputs);
        ObjectNode body = JSON.createObjectNode();
        body.set("outputs", outputs);
        return rancher.update(fresh, body);
    }

    public static Resource record(Rancher rancher, Resource stack, DeployRecord record) {
        return update(rancher, stack, outputs -> addRecord(outputs, record));
    }

    /** Adds {@code record} at the head of the history in {@code outputs}. */
    public static void addRecord(ObjectNode outputs, DeployRecord record) {
        {
            List<DeployRecord> history = new ArrayList<>();
            history.add(record);
            String text = outputs.path(HISTORY).textValue();
            if (text != null) {
                try {
                    history.addAll(JSON.readValue(text, new TypeReference<List<DeployRecord>>() { }));
                } catch (JsonProcessingException e) {
                    // unreadable history: start a new one
                }
            }
            try {
                outputs.put(HISTORY, JSON.writeValueAsString(history.subList(0, Math.min(HISTORY_SIZE, history.size()))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
