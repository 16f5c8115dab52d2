package org.odooplatform.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JsonTrees must build and print the trees ObjectMapper does with its defaults (the reference is jackson's
 * own mapper, run here side by side): the Rancher and registry clients switched to it, and their requests,
 * answers and comparisons of launch configs must not change.
 */
class JsonTreesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
        "{}", "[]", "\"text\"", "0", "-7", "2147483647", "2147483648", "-9223372036854775808", "9223372036854775808",
        "123456789012345678901234567890", "1.5", "-0.0", "1e300", "6.02E23", "true", "false", "null",
        "{\"a\":{\"b\":[1,2,{\"c\":null}]},\"d\":\"\\u00e9\\n\\t\\\"q\\\" \\ud83d\\ude00\"}",
        "{\"same\":1,\"same\":2}", "  {\"spaced\" : [ true , false ] }  ",
        "{\"data\":[{\"id\":\"1s5\",\"launchConfig\":{\"imageUuid\":\"docker:acme/odoo:1\",\"environment\":{}}}]}"
    })
    void itParsesAsObjectMapperReadsATree(String json) throws Exception {
        JsonNode expected = MAPPER.readTree(json);
        JsonNode fromText = JsonTrees.parse(json);
        JsonNode fromBytes = JsonTrees.parse(json.getBytes(StandardCharsets.UTF_8));

        assertThat(fromText).isEqualTo(expected);
        assertThat(fromBytes).isEqualTo(expected);
        // the node classes too (IntNode vs LongNode vs BigIntegerNode, DoubleNode): equals compares them
        assertThat(fromText.getClass()).isEqualTo(expected.getClass());
        assertThat(JsonTrees.write(fromText)).isEqualTo(MAPPER.writeValueAsString(expected));
    }

    @Test
    void itWritesWhatJsonNodeToStringWrites() throws Exception {
        var tree = JsonTrees.object();
        tree.put("name", "odoo \"quoted\" <tag> & é").put("scale", 2).put("big", 1L << 40).put("ratio", 0.25)
                .put("on", true).putNull("none");
        tree.putArray("links").add("db").addObject().put("alias", "pg");
        tree.put("precise", new java.math.BigDecimal("12.50"));

        assertThat(JsonTrees.write(tree)).isEqualTo(tree.toString());
        assertThat(JsonTrees.writePretty(tree)).isEqualTo(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        assertThat(JsonTrees.parse(JsonTrees.write(tree))).isEqualTo(MAPPER.readTree(tree.toString()));
    }

    @Test
    void emptyInputIsAMissingNodeAsForReadTree() throws Exception {
        assertThat(JsonTrees.parse("")).isEqualTo(MAPPER.readTree(""));
        assertThat(JsonTrees.parse("   ").isMissingNode()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "[1,2", "{\"a\" 1}", "nul", "'single'", "{\"a\":1}}", "{} {}", "[1] x"})
    void anythingButOneJsonValueIsAParseError(String json) {
        assertThatThrownBy(() -> JsonTrees.parse(json)).isInstanceOf(JsonParseException.class);
    }

    @Test
    void nestingDeeperThanJacksonAllowsIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> JsonTrees.parse(deep)).isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void plainValuesBecomeTheTreesValueToTreeMakes() {
        Map<String, Object> compose = new LinkedHashMap<>();
        compose.put("command", List.of("odoo", "--workers=2"));
        compose.put("healthcheck", Map.of("interval", 2000));
        compose.put("big", 5_000_000_000L);
        compose.put("float", 1.5d);
        compose.put("tty", Boolean.TRUE);
        compose.put("nothing", null);
        List<Object> nested = new ArrayList<>();
        nested.add(Map.of("k", List.of(1, "two")));
        compose.put("nested", nested);

        assertThat(JsonTrees.of(compose)).isEqualTo(MAPPER.valueToTree(compose));
        assertThat(JsonTrees.of("text")).isEqualTo(MAPPER.valueToTree("text"));
        assertThat(JsonTrees.of(null)).isEqualTo(MAPPER.nullNode());
    }

    @Test
    void aValueWithNoJsonFormIsAProgrammingErrorNamingItsType() {
        assertThatThrownBy(() -> JsonTrees.of(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
