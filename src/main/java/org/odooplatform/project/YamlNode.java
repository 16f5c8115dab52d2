package org.odooplatform.project;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.InputFiles;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A YAML node that knows its file and line, so every validation message can point at them.
 * snakeyaml's composed node tree keeps the marks; this wraps it with the few accessors the
 * project files need (mapping entries in file order, sequences, scalars).
 */
public final class YamlNode {

    public enum Kind { MAP, LIST, SCALAR, NULL }

    private final Path file;
    private final Node node;

    /**
     * A key written twice in one mapping. docker-compose and rancher-compose took the last value
     * (rancher-compose v0.12.5 vendors gopkg.in/yaml.v2, whose {@code decoder.mapping} calls
     * {@code SetMapIndex} once per pair, without a duplicate check); {@link #entries()} does the same.
     *
     * @param path      where the mapping is, as dotted keys ({@code odoo.labels}); empty at the top
     * @param firstLine the line of the first occurrence (the one that is ignored)
     * @param line      the line of the last occurrence (the one that is used)
     * @param sameValue both values are the same YAML (then the duplicate changes nothing)
     */
    public record Duplicate(Path file, String path, String key, int firstLine, int line, boolean sameValue) {
        /** {@code path.key}, or the key alone at the top level. */
        public String qualifiedKey() {
            return path.isEmpty() ? key : path + "." + key;
        }
    }

    private final List<Duplicate> duplicates;

    private YamlNode(Path file, Node node, List<Duplicate> duplicates) {
        this.file = file;
        this.node = node;
        this.duplicates = duplicates;
    }

    /**
     * Parses a file, refusing a key written twice in a mapping; a missing file or a YAML syntax
     * error is a {@link BadInputException} with the line. For files other tools wrote with
     * duplicates, see {@link #read(Path)}.
     */
    public static YamlNode load(Path file) {
        return strict(read(file));
    }

    /**
     * Parses a file keeping the last value of a duplicate key, as docker-compose and rancher-compose
     * did; the duplicates are in {@link #duplicates()} for the caller to judge.
     */
    public static YamlNode read(Path file) {
        String text = InputFiles.readText(file); // bounded, UTF-8 only, BOM stripped
        try {
            return compose(file, new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            throw syntax(file, e);
        } catch (YAMLException e) {
            throw new BadInputException(file, 0, "invalid YAML: " + e.getMessage());
        }
    }

    /** Parses {@code text} as if it were the content of {@code file} (to check an edit before writing it). */
    public static YamlNode parse(Path file, String text) {
        return strict(parseKeepingLast(file, text));
    }

    /** {@link #parse} keeping the last value of a duplicate key, like {@link #read(Path)}. */
    public static YamlNode parseKeepingLast(Path file, String text) {
        try {
            return compose(file, new java.io.StringReader(text));
        } catch (MarkedYAMLException e) {
            throw syntax(file, e);
        } catch (YAMLException e) {
            throw new BadInputException(file, 0, "invalid YAML: " + e.getMessage());
        }
    }

    private static BadInputException syntax(Path file, MarkedYAMLException e) {
        int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
        String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
        return new BadInputException(file, line, "invalid YAML: " + problem);
    }

    private static YamlNode strict(YamlNode root) {
        if (!root.duplicates.isEmpty()) {
            Duplicate d = root.duplicates.get(0);
            throw new BadInputException(d.file(), d.line(), "invalid YAML: duplicate key '" + d.key()
                    + "' (first on line " + d.firstLine() + "): expected each key once");
        }
        return root;
    }

    private static YamlNode compose(Path file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        // what Yaml.compose does, without the Yaml object: its Constructor (for Java objects, unused here) sets up
        // type descriptions and a java.util.logging logger, a fifth of a small project's YAML time at start-up
        Node root = new Composer(new ParserImpl(new StreamReader(reader), options), new Resolver(), options).getSingleNode();
        List<Duplicate> duplicates = new ArrayList<>();
        findDuplicates(file, root, "", duplicates, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
        return new YamlNode(file, root, Collections.unmodifiableList(duplicates));
    }

    // snakeyaml checks duplicate keys only when constructing Java objects, not when composing nodes
    private static void findDuplicates(Path file, Node node, String path, List<Duplicate> into, Set<Node> visited) {
        if (node == null || !visited.add(node)) {
            return; // an alias repeats a node already visited
        }
        if (node instanceof MappingNode mapping) {
            Map<String, NodeTuple> seen = new java.util.HashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    NodeTuple first = seen.put(key.getValue(), tuple);
                    if (first != null) {
                        into.add(new Duplicate(file, path, key.getValue(), first.getKeyNode().getStartMark().getLine() + 1,
                                key.getStartMark().getLine() + 1, sameNode(first.getValueNode(), tuple.getValueNode())));
                    }
                    findDuplicates(file, tuple.getValueNode(), path.isEmpty() ? key.getValue() : path + "." + key.getValue(),
                            into, visited);
                }
            }
        } else if (node instanceof SequenceNode sequence) {
            for (int i = 0; i < sequence.getValue().size(); i++) {
                findDuplicates(file, sequence.getValue().get(i), path + "[" + i + "]", into, visited);
            }
        }
    }

    /** The same YAML content: equal scalars (text and tag), or mappings and sequences of the same. */
    private static boolean sameNode(Node a, Node b) {
        if (a instanceof ScalarNode x && b instanceof ScalarNode y) {
            return x.getValue().equals(y.getValue()) && x.getTag().equals(y.getTag());
        }
        if (a instanceof SequenceNode x && b instanceof SequenceNode y) {
            if (x.getValue().size() != y.getValue().size()) {
                return false;
            }
            for (int i = 0; i < x.getValue().size(); i++) {
                if (!sameNode(x.getValue().get(i), y.getValue().get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof MappingNode x && b instanceof MappingNode y) {
            if (x.getValue().size() != y.getValue().size()) {
                return false;
            }
            for (int i = 0; i < x.getValue().size(); i++) {
                if (!sameNode(x.getValue().get(i).getKeyNode(), y.getValue().get(i).getKeyNode())
                        || !sameNode(x.getValue().get(i).getValueNode(), y.getValue().get(i).getValueNode())) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Every key written twice in a mapping of the whole document (empty for a node below the root). */
    public List<Duplicate> duplicates() {
        return duplicates;
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

    /**
     * Mapping entries in file order; keys are the scalar texts. Empty for a non-map. A key written
     * twice keeps its first place and its last value, as yaml.v2 (rancher-compose) and PyYAML
     * (docker-compose) did.
     */
    public Map<String, YamlNode> entries() {
        if (!(node instanceof MappingNode mapping)) {
            return Map.of();
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(tuple.getKeyNode());
            entries.put(key, new YamlNode(file, tuple.getValueNode(), List.of()));
        }
        return Collections.unmodifiableMap(entries);
    }

    /** Line of each key of a mapping (the key's own line, for "unknown key" messages; the last one of a duplicate). */
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
            items.add(new YamlNode(file, item, List.of()));
        }
        return items;
    }

    /** A scalar's resolved YAML type: {@code str}, {@code int}, {@code float}, {@code bool}, {@code null}; null otherwise. */
    public String scalarType() {
        if (!(node instanceof ScalarNode scalar)) {
            return node == null ? "null" : null;
        }
        String tag = scalar.getTag().getValue();
        return tag.substring(tag.lastIndexOf(':') + 1);
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
