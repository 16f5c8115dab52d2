package org.odooplatform.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;

/**
 * {@code odoo/migration.yml}, checked against the keys marabunta accepts (marabunta raises a
 * ParseError on any other key, so a typo would only show when the container starts):
 *
 * <pre>
 * migration:
 *   options: {install_command, install_args, backup: {command, ignore_if, stop_on_failure}}
 *   versions:
 *     - version: setup | x.y.z | a.b.x.y.z
 *       operations: {pre: [cmd...], post: [cmd...]}
 *       addons: {upgrade: [addon...]}          # 'remove' always raises in marabunta
 *       modes: {&lt;mode&gt;: {operations: ..., addons: ...}}
 *       backup: true|false
 * </pre>
 *
 * Marabunta sorts versions before running them, so a list out of order still works; it is
 * reported as a warning because it is usually a typo (10.1.10 for 10.1.1). A duplicate version is
 * an error: marabunta would record one and silently skip the other's operations.
 */
public final class MigrationFile {

    /** One item of {@code versions}: its text as written and where it is. */
    public record Entry(String version, int line, int lastLine) {
    }

    private static final Set<String> ROOT_KEYS = Set.of("migration");
    private static final Set<String> MIGRATION_KEYS = Set.of("options", "versions");
    private static final Set<String> OPTION_KEYS = Set.of("install_command", "install_args", "backup");
    private static final Set<String> BACKUP_KEYS = Set.of("command", "ignore_if", "stop_on_failure");
    private static final Set<String> VERSION_KEYS = Set.of("version", "operations", "addons", "modes", "backup");
    private static final Set<String> MODE_KEYS = Set.of("operations", "addons");
    private static final Set<String> OPERATION_KEYS = Set.of("pre", "post");
    private static final Set<String> ADDON_KEYS = Set.of("upgrade");

    private final Path path;
    private final List<Entry> entries;
    private final YamlNode versionsNode;
    private final List<Problem> problems;

    private MigrationFile(Path path, List<Entry> entries, YamlNode versionsNode, List<Problem> problems) {
        this.path = path;
        this.entries = List.copyOf(entries);
        this.versionsNode = versionsNode;
        this.problems = List.copyOf(problems);
    }

    /**
     * Reads and checks the file. YAML syntax errors and a missing file are returned as problems
     * too, so a caller can report them with the other files' problems.
     */
    public static MigrationFile load(Path path) {
        try {
            return check(path, YamlNode.read(path));
        } catch (BadInputException e) {
            return new MigrationFile(path, List.of(), null, e.problems());
        }
    }

    /** Checks {@code text} as the content of {@code path} (an edit about to be written). */
    public static MigrationFile parse(Path path, String text) {
        try {
            return check(path, YamlNode.parseKeepingLast(path, text));
        } catch (BadInputException e) {
            return new MigrationFile(path, List.of(), null, e.problems());
        }
    }

    private static MigrationFile check(Path path, YamlNode root) {
        List<Problem> problems = new ArrayList<>();
        duplicates(root, problems);
        List<Entry> entries = new ArrayList<>();
        YamlNode versions = null;
        if (!root.isMap()) {
            problems.add(Problem.error(path, root.line(), "expected a mapping with the key 'migration'"));
            return new MigrationFile(path, entries, null, problems);
        }
        unknownKeys(root, ROOT_KEYS, "", problems);
        YamlNode migration = root.get("migration").orElse(null);
        if (migration == null || !migration.isMap()) {
            problems.add(Problem.error(path, migration == null ? root.line() : migration.line(),
                    "expected 'migration:' with 'options' and 'versions' (marabunta format)"));
            return new MigrationFile(path, entries, null, problems);
        }
        unknownKeys(migration, MIGRATION_KEYS, "migration", problems);
        migration.get("options").ifPresent(options -> checkOptions(options, problems));
        versions = migration.get("versions").orElse(null);
        if (versions == null || !versions.isList()) {
            problems.add(Problem.error(path, versions == null ? migration.line() : versions.line(),
                    "migration.versions: expected a list of '- version: x.y.z' items"));
            return new MigrationFile(path, entries, null, problems);
        }
        int index = 0;
        for (YamlNode item : versions.items()) {
            String where = "versions[" + index++ + "]";
            if (!item.isMap()) {
                problems.add(Problem.error(path, item.line(), where + ": expected a mapping with 'version:'"));
                continue;
            }
            unknownKeys(item, VERSION_KEYS, where, problems);
            YamlNode version = item.get("version").orElse(null);
            String text = version == null ? null : version.text();
            if (text == null) {
                problems.add(Problem.error(path, item.line(), where + ": expected 'version: x.y.z' (or 'setup')"));
            } else if (!text.equals("setup") && OdooVersion.tryParse(text).isEmpty()) {
                problems.add(Problem.error(path, version.line(), where + ": version '" + text
                        + "' is not valid: expected 'setup' or " + OdooVersion.EXPECTED));
            }
            item.get("operations").ifPresent(o -> checkOperations(o, where + ".operations", problems));
            item.get("addons").ifPresent(a -> checkAddons(a, where + ".addons", problems));
            item.get("backup").ifPresent(b -> checkBoolean(b, where + ".backup", problems));
            item.get("modes").ifPresent(modes -> {
                if (!modes.isMap()) {
                    problems.add(Problem.error(path, modes.line(), where + ".modes: expected a mapping of mode names"
                            + " (full, demo...) to their operations and addons"));
                    return;
                }
                modes.entries().forEach((name, mode) -> {
                    String modeWhere = where + ".modes." + name;
                    if (!mode.isMap()) {
                        if (!mode.isNull()) {
                            problems.add(Problem.error(path, mode.line(), modeWhere + ": expected 'operations' and/or 'addons'"));
                        }
                        return;
                    }
                    unknownKeys(mode, MODE_KEYS, modeWhere, problems);
                    mode.get("operations").ifPresent(o -> checkOperations(o, modeWhere + ".operations", problems));
                    mode.get("addons").ifPresent(a -> checkAddons(a, modeWhere + ".addons", problems));
                });
            });
            if (text != null) {
                entries.add(new Entry(text, item.line(), item.lastLine()));
            }
        }
        checkOrder(path, entries, problems);
        return new MigrationFile(path, entries, versions, problems);
    }

    private static void checkOrder(Path path, List<Entry> entries, List<Problem> problems) {
        Map<String, Entry> seen = new HashMap<>();
        OdooVersion previous = null;
        Entry previousEntry = null;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            Entry duplicate = seen.putIfAbsent(entry.version(), entry);
            if (duplicate != null) {
                problems.add(Problem.error(path, entry.line(), "version " + entry.version()
                        + " is listed twice (first on line " + duplicate.line() + "): expected each version once"));
                continue;
            }
            if (entry.version().equals("setup")) {
                if (i > 0) {
                    problems.add(Problem.warning(path, entry.line(), "'setup' should be the first version:"
                            + " marabunta always runs it first"));
                }
                continue;
            }
            Optional<OdooVersion> version = OdooVersion.tryParse(entry.version());
            if (version.isEmpty()) {
                continue;
            }
            if (previous != null && version.get().compareTo(previous) < 0) {
                problems.add(Problem.warning(path, entry.line(), "version " + entry.version() + " comes after "
                        + previousEntry.version() + " (line " + previousEntry.line()
                        + "): expected the versions in ascending order"));
            }
            if (previous == null || version.get().compareTo(previous) > 0) {
                previous = version.get();
                previousEntry = entry;
            }
        }
    }

    /**
     * marabunta reads the file with PyYAML ({@code parser.py}: {@code yaml.load}), which keeps the
     * last value of a duplicate key. A duplicate of what release bump reads and rewrites
     * ({@code migration}, {@code versions}, an entry's {@code version}) is an error, as the appended
     * entry would land in one of them only; any other is a warning naming both lines.
     */
    private static void duplicates(YamlNode root, List<Problem> problems) {
        for (YamlNode.Duplicate d : root.duplicates()) {
            String both = d.file().getFileName() + ":" + d.firstLine() + " and " + d.file().getFileName() + ":" + d.line();
            boolean rewritten = d.qualifiedKey().equals("migration") || d.qualifiedKey().equals("migration.versions")
                    || d.path().matches("migration\\.versions\\[[0-9]+\\]") && d.key().equals("version");
            if (rewritten) { // even with the same value: release bump would append to one of the two only
                problems.add(Problem.error(d.file(), d.line(), "invalid YAML: duplicate key '" + d.key()
                        + "' (first on line " + d.firstLine() + "): expected each key once"));
            } else {
                problems.add(Problem.warning(d.file(), d.line(), "'" + d.qualifiedKey() + "' is written twice ("
                        + both + "): marabunta uses the last one; remove the other"));
            }
        }
    }

    private static void checkOptions(YamlNode options, List<Problem> problems) {
        if (!options.isMap()) {
            problems.add(Problem.error(options.file(), options.line(), "migration.options: expected a mapping"
                    + " (install_command, install_args, backup)"));
            return;
        }
        unknownKeys(options, OPTION_KEYS, "migration.options", problems);
        options.get("install_command").ifPresent(v -> checkScalar(v, "migration.options.install_command", problems));
        options.get("install_args").ifPresent(v -> checkScalar(v, "migration.options.install_args", problems));
        options.get("backup").ifPresent(backup -> {
            if (!backup.isMap()) {
                problems.add(Problem.error(backup.file(), backup.line(), "migration.options.backup: expected a mapping"
                        + " (command, ignore_if, stop_on_failure)"));
                return;
            }
            unknownKeys(backup, BACKUP_KEYS, "migration.options.backup", problems);
            backup.get("stop_on_failure").ifPresent(v -> checkBoolean(v, "migration.options.backup.stop_on_failure", problems));
        });
    }

    private static void checkOperations(YamlNode node, String where, List<Problem> problems) {
        if (node.isNull()) {
            return;
        }
        if (!node.isMap()) {
            problems.add(Problem.error(node.file(), node.line(), where + ": expected 'pre:' and/or 'post:' lists of commands"));
            return;
        }
        unknownKeys(node, OPERATION_KEYS, where, problems);
        node.entries().forEach((k, v) -> {
            if (OPERATION_KEYS.contains(k)) {
                checkStringList(v, where + "." + k, "commands", problems);
            }
        });
    }

    private static void checkAddons(YamlNode node, String where, List<Problem> problems) {
        if (node.isNull()) {
            return;
        }
        if (!node.isMap()) {
            problems.add(Problem.error(node.file(), node.line(), where + ": expected 'upgrade:' with a list of addons"));
            return;
        }
        Map<String, Integer> lines = node.keyLines();
        lines.forEach((key, line) -> {
            if (key.equals("remove")) {
                problems.add(Problem.error(node.file(), line, where + ".remove: marabunta does not support"
                        + " removing addons (it always raises a ConfigurationError); uninstall them in a song instead"));
            } else if (!ADDON_KEYS.contains(key)) {
                problems.add(Problem.error(node.file(), line, where + ": unknown key '" + key + "', expected 'upgrade'"));
            }
        });
        node.get("upgrade").ifPresent(v -> checkStringList(v, where + ".upgrade", "addon names", problems));
    }

    private static void checkStringList(YamlNode node, String where, String what, List<Problem> problems) {
        if (node.isNull()) {
            return;
        }
        if (!node.isList()) {
            problems.add(Problem.error(node.file(), node.line(), where + ": expected a list of " + what));
            return;
        }
        for (YamlNode item : node.items()) {
            if (!item.isScalar()) {
                problems.add(Problem.error(node.file(), item.line(), where + ": expected a list of " + what
                        + ", found a " + item.kind().name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
    }

    private static void checkScalar(YamlNode node, String where, List<Problem> problems) {
        if (!node.isScalar() && !node.isNull()) {
            problems.add(Problem.error(node.file(), node.line(), where + ": expected a single value"));
        }
    }

    private static void checkBoolean(YamlNode node, String where, List<Problem> problems) {
        if (!(node.toJava() instanceof Boolean)) {
            problems.add(Problem.error(node.file(), node.line(), where + ": expected true or false"));
        }
    }

    private static void unknownKeys(YamlNode node, Set<String> known, String where, List<Problem> problems) {
        node.keyLines().forEach((key, line) -> {
            if (!known.contains(key)) {
                problems.add(Problem.error(node.file(), line, (where.isEmpty() ? "" : where + ": ") + "unknown key '"
                        + key + "', expected one of " + String.join(", ", known.stream().sorted().toList())));
            }
        });
    }

    public Path path() {
        return path;
    }

    /** The versions in file order (items without a readable version are left out). */
    public List<Entry> entries() {
        return entries;
    }

    /** True when a {@code versions} item is exactly {@code version} (not a prefix, not a comment). */
    public boolean hasVersion(String version) {
        return entries.stream().anyMatch(e -> e.version().equals(version));
    }

    /** The {@code versions} list node, or empty when the file has none. */
    public Optional<YamlNode> versionsNode() {
        return Optional.ofNullable(versionsNode);
    }

    public List<Problem> problems() {
        return problems;
    }

    public boolean hasErrors() {
        return problems.stream().anyMatch(Problem::isError);
    }
}
