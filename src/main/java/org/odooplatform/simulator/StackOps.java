package org.odooplatform.simulator;

import static org.odooplatform.simulator.Validation.nullable;
import static org.odooplatform.simulator.Validation.requiredText;
import static org.odooplatform.simulator.Validation.validateName;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import org.odooplatform.simulator.SimState.ServiceRecord;
import org.odooplatform.simulator.SimState.StackRecord;

/** Stack create, PUT, DELETE and actions (see docs/rancher-simulator.md). Callers hold the engine's lock. */
final class StackOps {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Engine engine;

    StackOps(Engine engine) {
        this.engine = engine;
    }

    StackRecord createStack(ObjectNode body) {
        String name = requiredText(body, "name");
        validateName(name);
        if (engine.stackByName(name).isPresent()) {
            throw ApiError.validation("NotUnique", "name");
        }
        StackRecord s = new StackRecord();
        s.id = engine.nextId("1st");
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
        s.created = engine.now();
        engine.st.stacks.add(s);
        engine.begin(s, "activating", engine.now());
        return s;
    }

    /** PUT on a stack: description, name, externalId, outputs, group, binding; the rest is dropped. No process runs. */
    StackRecord updateStack(StackRecord s, ObjectNode body) {
        if (s.isRemoved()) {
            throw ApiError.methodNotAllowed();
        }
        if (body.hasNonNull("name") && !body.get("name").asText().equalsIgnoreCase(s.name)) {
            String name = body.get("name").asText();
            validateName(name);
            if (engine.stackByName(name).isPresent()) {
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
        engine.markDirty();
        return s;
    }

    StackRecord removeStack(StackRecord s) {
        if (!Lifecycle.STACK.get("remove").startStates().contains(s.state)) {
            throw ApiError.methodNotAllowed();
        }
        long base = engine.now();
        engine.begin(s, "removing", base);
        for (ServiceRecord v : engine.st.services) {
            if (v.stackId.equals(s.id) && Lifecycle.SERVICE.get("remove").startStates().contains(v.state)) {
                engine.begin(v, "removing", base);
                v.activateAfterRegistering = false;
            }
        }
        return s;
    }

    /** Runs a stack action; returns the status, or a body to send instead of the stack (exportconfig). */
    Object stackAction(StackRecord s, String action, ObjectNode input) {
        if (!Lifecycle.STACK.containsKey(action) && !Lifecycle.STACK_HANDLER_ACTIONS.contains(action)) {
            throw ApiError.validation("InvalidAction", "action");
        }
        if (!Lifecycle.stackActions(s.state).contains(action)) {
            throw ApiError.actionNotAvailable();
        }
        long base = engine.now();
        switch (action) {
            case "update" -> {
                updateStack(s, input);
                engine.begin(s, "updating-active", base);
            }
            case "remove" -> removeStack(s);
            case "error" -> engine.begin(s, "erroring", base);
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
                engine.begin(s, "upgrading", base);
            }
            case "finishupgrade" -> engine.begin(s, "finishing-upgrade", base);
            case "cancelupgrade" -> engine.begin(s, "canceling-upgrade", base);
            case "rollback" -> {
                s.externalId = s.previousExternalId;
                s.environment = s.previousEnvironment;
                s.dockerCompose = s.previousDockerCompose;
                s.rancherCompose = s.previousRancherCompose;
                engine.begin(s, "rolling-back", base);
            }
            case "activateservices" -> {
                for (ServiceRecord v : List.copyOf(engine.st.services)) {
                    if (v.stackId.equals(s.id) && Lifecycle.serviceActions(v.state).contains("activate")) {
                        engine.startActivate(v, base);
                    }
                }
            }
            case "deactivateservices" -> {
                for (ServiceRecord v : List.copyOf(engine.st.services)) {
                    if (v.stackId.equals(s.id) && Lifecycle.serviceActions(v.state).contains("deactivate")) {
                        engine.begin(v, "deactivating", base);
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
                engine.markDirty();
                return 200;
            }
            default -> throw ApiError.validation("InvalidAction", "action");
        }
        return 202;
    }
}
