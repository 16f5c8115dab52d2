package org.odooplatform.project;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.InputFiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that knows its file and line, so every validation message can point at them.
 * snakeyaml's composed node tree keeps the marks; this wraps it with the few accessors the
 * project files need (mapping entries in file order, sequences, scalars).
 */
public final class YamlNode {

    public enum Kind { MAP, LIST, SCALAR, NULL }

    private final Path file;
    private final Node node;

    private YamlNode(Path file, Node node) {
        this.file = file;
        this.node = node;
    }

    /** Parses a file; a missing file or a YAML syntax error is a {@link BadInputException} with the line. */
    public static YamlNode load(Path file) {
        String text = InputFiles.readText(file); // bounded, UTF-8 only, BOM stripped
        try {
            return compose(file, new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new BadInputException(file, line, "invalid YAML: " + problem);
        } catch (YAMLException e) {
            throw new BadInputException(file, 0, "invalid YAML: " + e.getMessage());
        }
    }

    /** Parses {@code text} as if it were the content of {@code file} (to check an edit before writing it). */
    public static YamlNode parse(Path file, String text) {
        try {
            return compose(file, new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            throw new BadInputException(file, line, "invalid YAML: " + problem);
        } catch (YAMLException e) {
            throw new BadInputException(file, 0, "invalid YAML: " + e.getMessage());
        }
    }

    private static YamlNode compose(Path file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Node root = new Yaml(options).compose(reader);
        rejectDuplicateKeys(file, root);
        return new YamlNode(file, root);
    }

    // snakeyaml rejects duplicate keys only when constructing Java objects, not when composing nodes
    private static void rejectDuplicateKeys(Path file, Node node) {
        if (node instanceof MappingNode mapping) {
            Map<String, Integer> seen = new java.util.HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    int line = key.getStartMark().getLine() + 1;
                    Integer first = seen.putIfAbsent(key.getValue(), line);
                    if (first != null) {
                        throw new BadInputException(file, line, "invalid YAML: duplicate key '" + key.getValue()
                                + "' (first on line " + first + "): expected each key once");
                    }
                }
                rejectDuplicateKeys(file, tuple.getValueNode());
            }
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(item -> rejectDuplicateKeys(file, item));
        }
    }

    public Path file() {
        return file;
    }

    /** 1-based line of this node (0 for an empty document). */
    public int line() {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /**
     * 1-based line of the last character of this node's content (its deepest, last scalar), so an
     * edit can insert right after a list item without touching the comments or blank lines below.
     */
    public int lastLine() {
        return lastLine(node);
    }

    private static int lastLine(Node n) {
        if (n == null) {
            return 0;
        }
        if (n instanceof ScalarNode) {
            // a plain scalar's end mark is on its own line; a block scalar's is at column 0 of the next line
            return n.getEndMark().getColumn() == 0 && n.getEndMark().getLine() > n.getStartMark().getLine()
                    ? n.getEndMark().getLine() : n.getEndMark().getLine() + 1;
        }
        int last = n.getStartMark().getLine() + 1;
        if (n instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                last = Math.max(last, Math.max(lastLine(tuple.getKeyNode()), lastLine(tuple.getValueNode())));
            }
        } else if (n instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                last = Math.max(last, lastLine(item));
            }
        }
        return last;
    }

    /** 0-based column where this node starts. */
    public int column() {
        return node == null ? 0 : node.getStartMark().getColumn();
    }

    public Kind kind() {
        if (node == null) {
            return Kind.NULL;
        }
        if (node instanceof MappingNode) {
            return Kind.MAP;
        }
        if (node instanceof SequenceNode) {
            return Kind.LIST;
        }
        if (node instanceof ScalarNode scalar && scalar.getTag().getValue().endsWith(":null")) {
            return Kind.NULL;
        }
        return Kind.SCALAR;
    }

    public boolean isMap() {
        return kind() == Kind.MAP;
    }

    public boolean isList() {
        return kind() == Kind.LIST;
    }

    public boolean isScalar() {
        return kind() == Kind.SCALAR;
    }

    public boolean isNull() {
        return kind() == Kind.NULL;
    }

    /** Mapping entries in file order; keys are the scalar texts. Empty for a non-map. */
    public Map<String, YamlNode> entries() {
        if (!(node instanceof MappingNode mapping)) {
            return Map.of();
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(tuple.getKeyNode());
            entries.put(key, new YamlNode(file, tuple.getValueNode()));
        }
        return Collections.unmodifiableMap(entries);
    }

    /** Line of each key of a mapping (the key's own line, for "unknown key" messages). */
    public Map<String, Integer> keyLines() {
        if (!(node instanceof MappingNode mapping)) {
            return Map.of();
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(tuple.getKeyNode());
            lines.put(key, tuple.getKeyNode().getStartMark().getLine() + 1);
        }
        return lines;
    }

    public Optional<YamlNode> get(String key) {
        return Optional.ofNullable(entries().get(key));
    }

    public List<YamlNode> items() {
        if (!(node instanceof SequenceNode sequence)) {
            return List.of();
        }
        List<YamlNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            items.add(new YamlNode(file, item));
        }
        return items;
    }

    /** The scalar's text as written (without quotes); null for a non-scalar. */
    public String text() {
        return node instanceof ScalarNode scalar && !isNull() ? scalar.getValue() : null;
    }

    /** The plain Java value (Map, List, String, Integer, Boolean...) as snakeyaml would construct it. */
    public Object toJava() {
        switch (kind()) {
            case NULL:
                return null;
            case MAP: {
                Map<String, Object> map = new LinkedHashMap<>();
                entries().forEach((k, v) -> map.put(k, v.toJava()));
                return map;
            }
            case LIST:
                return items().stream().map(YamlNode::toJava).toList();
            default:
                return scalarValue((ScalarNode) node);
        }
    }

    private static Object scalarValue(ScalarNode scalar) {
        String tag = scalar.getTag().getValue();
        String text = scalar.getValue();
        try {
            if (tag.endsWith(":int")) {
                long value = Long.decode(text.replace("_", ""));
                return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
            }
            if (tag.endsWith(":bool")) {
                return Boolean.valueOf(text.equalsIgnoreCase("true") || text.equalsIgnoreCase("yes")
                        || text.equalsIgnoreCase("on"));
            }
            if (tag.endsWith(":float")) {
                return Double.valueOf(text);
            }
        } catch (NumberFormatException e) {
            return text;
        }
        return text;
    }

    /** {@code file:line} for messages. */
    public String where() {
        return file + ":" + line();
    }
}
