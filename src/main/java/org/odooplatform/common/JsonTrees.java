package org.odooplatform.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * JSON trees read and written with jackson-core's streaming parser and generator, without an
 * {@code ObjectMapper}. Written by hand because jackson has no tree reader or writer outside databind's
 * mapper, and the mapper's first use costs a short command more than everything else it does:
 * {@code ObjectMapper}'s static set-up builds a {@code SimpleDateFormat}, which loads the JDK's calendar
 * and locale data (about 100 ms of a 500 ms {@code diff} on this machine, bench/cli-start-bench.sh), and
 * {@code JsonNode.toString()} goes through a mapper too. The commands a pipeline step runs (diff, deploy,
 * image resolve) read and write only trees: they use this; data binding of records (deploy history,
 * simulator state) keeps its mapper, created on first use.
 *
 * <p>The trees are the ones {@code ObjectMapper.readTree} builds with its defaults: integers as int, long
 * or BigInteger nodes by size, decimals as double nodes, a repeated key keeps its last value. The parser's
 * own limits apply (nesting depth, number and string lengths: jackson's StreamReadConstraints).
 */
public final class JsonTrees {

    /** The factory of the tree nodes, as {@code ObjectMapper.getNodeFactory()} gives it by default. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTrees() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /**
     * The tree of one JSON document: a MissingNode for empty input (as {@code readTree}); IOException (a
     * JsonParseException) for anything else than one JSON value, trailing content included.
     */
    public static JsonNode parse(String json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return document(parser);
        }
    }

    /** As {@link #parse(String)}, from UTF-8 (or UTF-16/32, detected as jackson does) bytes. */
    public static JsonNode parse(byte[] json) throws IOException {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return document(parser);
        }
    }

    /** The compact JSON text of a tree (what {@code JsonNode.toString()} prints). */
    public static String write(JsonNode tree) {
        return write(tree, false);
    }

    /** The JSON text of a tree, indented two spaces per level. */
    public static String writePretty(JsonNode tree) {
        return write(tree, true);
    }

    /**
     * The tree of a plain Java value as the YAML and settings parsers give them: Map (keys by their
     * {@code String.valueOf}), Collection, String, Boolean, Integer, Long, BigInteger, Double, Float,
     * BigDecimal, null. Anything else is a programming error here, not bad input.
     */
    public static JsonNode of(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = object();
            map.forEach((k, v) -> object.set(String.valueOf(k), of(v)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = array();
            items.forEach(item -> array.add(of(item)));
            return array;
        }
        throw new IllegalArgumentException("no JSON form for a " + value.getClass().getName());
    }

    private static JsonNode document(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            return MissingNode.getInstance(); // as readTree answers empty input
        }
        JsonNode tree = value(parser, first);
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "more than one JSON value: expected the input to end after the first");
        }
        return tree;
    }

    // recursion is bounded: the parser refuses documents nested deeper than StreamReadConstraints allows (1000)
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = object();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, value(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = array();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT:
                switch (parser.getNumberType()) {
                    case INT:
                        return NODES.numberNode(parser.getIntValue());
                    case LONG:
                        return NODES.numberNode(parser.getLongValue());
                    default:
                        return NODES.numberNode(parser.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new JsonParseException(parser, "unexpected " + token + ": expected a JSON value");
        }
    }

    private static String write(JsonNode tree, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            if (pretty) {
                generator.useDefaultPrettyPrinter();
            }
            write(generator, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator generator, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT:
                generator.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    generator.writeFieldName(field.getKey());
                    write(generator, field.getValue());
                }
                generator.writeEndObject();
                return;
            case ARRAY:
                generator.writeStartArray();
                for (JsonNode item : node) {
                    write(generator, item);
                }
                generator.writeEndArray();
                return;
            case STRING:
                generator.writeString(node.textValue());
                return;
            case NUMBER:
                writeNumber(generator, node);
                return;
            case BOOLEAN:
                generator.writeBoolean(node.booleanValue());
                return;
            case NULL:
            case MISSING:
                generator.writeNull();
                return;
            default:
                // BINARY and POJO nodes: only a mapper's data binding makes them; none of the trees here has one
                throw new IllegalArgumentException("no JSON text for a " + node.getNodeType() + " node");
        }
    }

    private static void writeNumber(JsonGenerator generator, JsonNode node) throws IOException {
        if (node.isInt() || node.isShort()) {
            generator.writeNumber(node.intValue());
        } else if (node.isLong()) {
            generator.writeNumber(node.longValue());
        } else if (node.isBigInteger()) {
            generator.writeNumber(node.bigIntegerValue());
        } else if (node.isBigDecimal()) {
            generator.writeNumber(node.decimalValue());
        } else if (node.isFloat()) {
            generator.writeNumber(node.floatValue());
        } else {
            generator.writeNumber(node.doubleValue());
        }
    }
}
