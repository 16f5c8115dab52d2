package org.odooplatform.rancher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.odooplatform.common.JsonTrees;

/**
 * The engine's notes on a stack, kept in the stack's {@code outputs} map (string values, updatable
 * with PUT, shown in the Rancher UI): the deploy history ({@value #HISTORY}, newest first, at most
 * {@value #HISTORY_SIZE}), the deploy lock ({@value #LOCK}) and the deploy in progress
 * ({@value #IN_PROGRESS}). Other keys are preserved.
 *
 * <p>Why a key of its own for the deploy in progress: a deploy records itself in the history only
 * once it is finished (the history is what {@code rollback} replays as a stack of versions, and
 * what {@code status} and the promotion gate read), and the lock note is overwritten by the next
 * holder and expires. A deploy killed after its backup and before its record would leave no trace
 * of that backup, and a {@code rollback} of its pending upgrade would put the old code on a database
 * marabunta migrated. So the backup is written here at the moment it is taken, and cleared when the
 * deploy records itself or rolls itself back. It only speaks for the upgrade it names: a reader
 * checks that the service is still between versions towards its image (a stale note is ignored).
 */
public final class StackNotes {

    public static final String HISTORY = "odoo-platform.deploys";
    public static final String LOCK = "odoo-platform.lock";
    public static final String IN_PROGRESS = "odoo-platform.deploy-in-progress";
    public static final int HISTORY_SIZE = 10;

    /** Data binding of the deploy records, made on first use: a stack without notes needs no mapper (JsonTrees). */
    private static final class Records {
        static final ObjectMapper JSON = new ObjectMapper();
    }

    private StackNotes() {
    }

    public static List<DeployRecord> history(Resource stack) {
        String text = stack.get("outputs").path(HISTORY).textValue();
        if (text == null) {
            return List.of();
        }
        try {
            return Records.JSON.readValue(text, new TypeReference<List<DeployRecord>>() { });
        } catch (JsonProcessingException e) {
            return List.of(); // a hand-edited note must not block deploys; the next deploy rewrites it
        }
    }

    public static Optional<DeployRecord> current(Resource stack) {
        List<DeployRecord> history = history(stack);
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(0));
    }

    /** The record of a deploy that took a backup and has not recorded itself (nor rolled back) yet. */
    public static Optional<DeployRecord> inProgress(Resource stack) {
        String text = stack.get("outputs").path(IN_PROGRESS).textValue();
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Records.JSON.readValue(text, DeployRecord.class));
        } catch (JsonProcessingException e) {
            return Optional.empty(); // hand-edited: as if absent
        }
    }

    /** Sets the deploy in progress in {@code outputs}. */
    public static void setInProgress(ObjectNode outputs, DeployRecord record) {
        try {
            outputs.put(IN_PROGRESS, Records.JSON.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Clears the deploy in progress in {@code outputs}. */
    public static void clearInProgress(ObjectNode outputs) {
        outputs.remove(IN_PROGRESS);
    }

    public static Optional<JsonNode> lock(Resource stack) {
        String text = stack.get("outputs").path(LOCK).textValue();
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonTrees.parse(text));
        } catch (IOException e) {
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
                : JsonTrees.object();
        change.accept(outputs);
        ObjectNode body = JsonTrees.object();
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
                    history.addAll(Records.JSON.readValue(text, new TypeReference<List<DeployRecord>>() { }));
                } catch (JsonProcessingException e) {
                    // unreadable history: start a new one
                }
            }
            try {
                outputs.put(HISTORY, Records.JSON.writeValueAsString(history.subList(0, Math.min(HISTORY_SIZE, history.size()))));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
