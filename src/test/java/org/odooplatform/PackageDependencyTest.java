package org.odooplatform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, read from the imports of src/main/java: data flows
 * cli -> flow -> components -> common, never back, and no two packages import each other
 * (directly or through others). A sub-package (rancher.x, flow.sandbox) counts as its top package.
 */
class PackageDependencyTest {

    private static final Set<String> COMPONENTS = Set.of("project", "config", "release", "image", "rancher", "database");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?org\\.odooplatform\\.([a-z]+)\\.", Pattern.MULTILINE);
    private static final Path ROOT = Path.of("src/main/java/org/odooplatform");

    /** package -> package -> one file that makes the edge (for the failure message). */
    private static final Map<String, Map<String, String>> EDGES = new TreeMap<>();

    @BeforeAll
    static void readImports() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String from = ROOT.relativize(file).getName(0).toString();
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String to = m.group(1);
                    if (!to.equals(from)) {
                        EDGES.computeIfAbsent(from, k -> new TreeMap<>()).putIfAbsent(to, ROOT.relativize(file).toString());
                    }
                }
            }
        }
    }

    @Test
    void theScanSeesTheKnownEdges() {
        // Guards the scanner itself: an empty or broken scan would pass every rule below.
        assertThat(EDGES.get("cli")).containsKey("flow");
        assertThat(EDGES.get("flow")).containsKey("rancher");
        assertThat(EDGES.get("database")).containsKey("config");
    }

    @Test
    void noCycleBetweenPackages() {
        List<String> cycles = new ArrayList<>();
        for (String start : EDGES.keySet()) {
            List<String> path = cycleFrom(start, start, new ArrayList<>(List.of(start)), new TreeSet<>());
            if (path != null) {
                cycles.add(String.join(" -> ", path) + " (" + describe(path) + ")");
            }
        }
        assertThat(cycles).as("import cycles between packages").isEmpty();
    }

    @Test
    void noComponentImportsFlowOrCli() {
        List<String> wrong = new ArrayList<>();
        for (String component : COMPONENTS) {
            for (Map.Entry<String, String> edge : EDGES.getOrDefault(component, Map.of()).entrySet()) {
                if (edge.getKey().equals("flow") || edge.getKey().equals("cli")) {
                    wrong.add(component + " -> " + edge.getKey() + " in " + edge.getValue());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void commonAndSimulatorImportNothingOfOurs() {
        assertThat(EDGES.getOrDefault("common", Map.of())).as("common imports").isEmpty();
        assertThat(EDGES.getOrDefault("simulator", Map.of())).as("simulator imports").isEmpty();
    }

    private static List<String> cycleFrom(String start, String at, List<String> path, Set<String> seen) {
        for (String next : EDGES.getOrDefault(at, Map.of()).keySet()) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, path, seen);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    private static String describe(List<String> cycle) {
        List<String> files = new ArrayList<>();
        for (int i = 0; i + 1 < cycle.size(); i++) {
            files.add(EDGES.get(cycle.get(i)).get(cycle.get(i + 1)));
        }
        return String.join(", ", files);
    }
}
