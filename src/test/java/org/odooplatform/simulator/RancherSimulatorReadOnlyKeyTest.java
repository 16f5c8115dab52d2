package org.odooplatform.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.odooplatform.simulator.SimClient.Reply;

/**
 * An API key of Cattle's read-user role. Cattle serves each role its own schemas
 * (resources/content/schema/read-user/read-user.json authorizes fields "r" only and no resource
 * actions), and gdapi's {@code ValidationHandler.validateMethod} answers 405 MethodNotAllowed to a
 * method the schema's {@code collectionMethods} / {@code resourceMethods} does not list.
 */
class RancherSimulatorReadOnlyKeyTest {

    private RancherSimulator sim;
    private String p;

    @BeforeEach
    void start() {
        sim = RancherSimulator.builder().accessKey("ak-owner").secretKey("sk-owner").readOnlyKey("ak-reader", "sk-reader")
                .build().start();
        p = "/v2-beta/projects/" + sim.projectId();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static List<String> methods(JsonNode schema, String field) {
        List<String> methods = new ArrayList<>();
        schema.path(field).forEach(m -> methods.add(m.asText()));
        return methods;
    }

    @Test
    void aReadOnlyKeySeesSchemasThatOfferOnlyGetAndIsRefusedEveryChange() {
        SimClient reader = new SimClient(sim.baseUrl(), "ak-reader", "sk-reader");
        SimClient owner = new SimClient(sim.baseUrl(), "ak-owner", "sk-owner");

        JsonNode stackSchema = reader.get(p + "/schemas/stack").body();
        assertThat(methods(stackSchema, "collectionMethods")).containsExactly("GET");
        assertThat(methods(stackSchema, "resourceMethods")).containsExactly("GET");
        JsonNode all = reader.get(p + "/schemas").body();
        all.path("data").forEach(s -> assertThat(methods(s, "collectionMethods")).as(s.path("id").asText()).containsExactly("GET"));
        assertThat(methods(owner.get(p + "/schemas/stack").body(), "collectionMethods")).contains("POST");

        Reply refused = reader.post(p + "/stacks", "{\"name\":\"acme-odoo-test\"}");
        assertThat(refused.status()).isEqualTo(405);
        assertThat(refused.text("code")).isEqualTo("MethodNotAllowed");
        assertThat(reader.get(p + "/stacks").body().path("data")).isEmpty();

        Reply created = owner.post(p + "/stacks", "{\"name\":\"acme-odoo-test\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(reader.get(p + "/stacks").body().path("data")).hasSize(1);
        assertThat(reader.delete(p + "/stacks/" + created.text("id")).status()).isEqualTo(405);
    }

    @Test
    void aWrongReadOnlySecretIsUnauthorized() {
        assertThat(new SimClient(sim.baseUrl(), "ak-reader", "wrong").get(p + "/stacks").status()).isEqualTo(401);
    }
}
