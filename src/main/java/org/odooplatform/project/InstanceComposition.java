package org.odooplatform.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;

/**
 * The composition of one instance: {@code rancher/<dir>/docker-compose.yml} (compose v1: services
 * at the top level; a v2 file with {@code services:} is read too) and, if present,
 * {@code rancher-compose.yml}.
 */
public final class InstanceComposition {

    private static final Set<String> RANCHER_KEYS = Set.of(
            "scale", "health_check", "upgrade_strategy", "lb_config", "retain_ip", "metadata",
            "scale_policy", "start_on_create", "default_cert", "certs", ".catalog");

    private final Path directory;
    private final Map<String, ComposeService> services;
    private final Map<String, RancherComposeService> rancherServices;

    private InstanceComposition(Path directory, Map<String, ComposeService> services,
            Map<String, RancherComposeService> rancherServices) {
        this.directory = directory;
        this.services = Collections.unmodifiableMap(services);
        this.rancherServices = Collections.unmodifiableMap(rancherServices);
    }

    /**
     * Finds the instance's directory under {@code rancher/} (see
     * {@link Instance#composeDirectoryCandidates}) and reads both files; every problem found is
     * reported at once as a {@link BadInputException}.
     */
    public static InstanceComposition load(Path projectDir, Instance instance, String client) {
        return load(locate(projectDir, instance, client));
    }

    /** The instance's directory, or a {@link BadInputException} naming every place looked at. */
    public static Path locate(Path projectDir, Instance instance, String client) {
        List<String> tried = new ArrayList<>();
        for (String candidate : instance.composeDirectoryCandidates(client)) {
            Path dir = projectDir.resolve("rancher").resolve(candidate);
            tried.add("rancher/" + candidate);
            if (Files.exists(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new BadInputException(projectDir.resolve("rancher"), 0, "no docker-compose.yml for the "
                + instance + " instance: expected one of " + String.join(", ", tried));
    }

    public static InstanceComposition load(Path directory) {
        List<Problem> problems = new ArrayList<>();
        Map<String, ComposeService> services = readDockerCompose(directory.resolve("docker-compose.yml"), problems);
        Map<String, RancherComposeService> rancher = new LinkedHashMap<>();
        Path rancherFile = directory.resolve("rancher-compose.yml");
        if (Files.exists(rancherFile)) {
            rancher = readRancherCompose(rancherFile, services.keySet(), problems);
        }
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new BadInputException(problems);
        }
        return new InstanceComposition(directory, services, rancher);
    }

    public Path directory() {
        return directory;
    }

    public Path dockerComposeFile() {
        return directory.resolve("docker-compose.yml");
    }

    public Path rancherComposeFile() {
        return directory.resolve("rancher-compose.yml");
    }

    /** Services in file order. */
    public Map<String, ComposeService> services() {
        return services;
    }

    public Map<String, RancherComposeService> rancherServices() {
        return rancherServices;
    }

    /** Every {@code ${VAR}} referenced, with the first line it appears on. */
    public Map<String, Integer> placeholders() {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (ComposeService service : services.values()) {
            collect(service.image(), service.imageLine(), names);
            service.environment().forEach((k, v) -> collect(v, service.environmentLines().getOrDefault(k, service.line()), names));
            service.labels().values().forEach(v -> collect(v, service.line(), names));
            collectRaw(service.raw().get("command"), service.line(), names);
        }
        return names;
    }

    private static void collectRaw(Object value, int line, Map<String, Integer> names) {
        if (value instanceof String s) {
            collect(s, line, names);
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collectRaw(v, line, names));
        }
    }

    private static void collect(String text, int line, Map<String, Integer> names) {
        for (String name : Placeholders.names(text)) {
            names.putIfAbsent(name, line);
        }
    }

    private static Map<String, ComposeService> readDockerCompose(Path file, List<Problem> problems) {
        Map<String, ComposeService> services = new LinkedHashMap<>();
        YamlNode root;
        try {
            root = YamlNode.load(file);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            return services;
        }
        if (!root.isMap()) {
            problems.add(Problem.error(file, root.line(), "expected a mapping of services"));
            return services;
        }
        YamlNode serviceMap = root;
        if (root.get("services").isPresent() && root.get("version").isPresent()) {
            serviceMap = root.get("services").get();
        }
        Map<String, Integer> nameLines = serviceMap.keyLines();
        for (Map.Entry<String, YamlNode> entry : serviceMap.entries().entrySet()) {
            String name = entry.getKey();
            YamlNode node = entry.getValue();
            if (!node.isMap()) {
                problems.add(Problem.error(file, node.line(), "service '" + name + "': expected a mapping of its settings"));
                continue;
            }
            YamlNode image = node.get("image").orElse(null);
            if (image == null || !image.isScalar()) {
                problems.add(Problem.error(file, node.line(), "service '" + name + "': expected an 'image:'"));
            }
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, Integer> envLines = new LinkedHashMap<>();
            node.get("environment").ifPresent(e -> readPairs(e, "environment", name, env, envLines, problems));
            Map<String, String> labels = new LinkedHashMap<>();
            node.get("labels").ifPresent(l -> readPairs(l, "labels", name, labels, new LinkedHashMap<>(), problems));
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) node.toJava();
            services.put(name, new ComposeService(name, nameLines.get(name),
                    image == null ? null : image.text(), image == null ? node.line() : image.line(),
                    env, envLines, labels, strings(node.get("links").orElse(null)),
                    strings(node.get("external_links").orElse(null)), raw));
        }
        if (services.isEmpty() && problems.isEmpty()) {
            problems.add(Problem.error(file, 0, "no services: expected at least an 'odoo' service"));
        }
        return services;
    }

    private static void readPairs(YamlNode node, String what, String service, Map<String, String> into,
            Map<String, Integer> lines, List<Problem> problems) {
        if (node.isList()) {
            for (YamlNode item : node.items()) {
                String text = item.text();
                if (text == null) {
                    problems.add(Problem.error(node.file(), item.line(), "service '" + service + "' " + what
                            + ": expected 'KEY=value' items"));
                    continue;
                }
                int eq = text.indexOf('=');
                String key = eq < 0 ? text : text.substring(0, eq);
                into.put(key, eq < 0 ? null : text.substring(eq + 1));
                lines.put(key, item.line());
            }
        } else if (node.isMap()) {
            Map<String, Integer> keyLines = node.keyLines();
            node.entries().forEach((k, v) -> {
                into.put(k, v.isNull() ? null : v.text() != null ? v.text() : String.valueOf(v.toJava()));
                lines.put(k, keyLines.get(k));
            });
        } else if (!node.isNull()) {
            problems.add(Problem.error(node.file(), node.line(), "service '" + service + "' " + what
                    + ": expected a list of 'KEY=value' or a mapping"));
        }
    }

    private static List<String> strings(YamlNode node) {
        if (node == null) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        node.items().forEach(i -> {
            if (i.text() != null) {
                values.add(i.text());
            }
        });
        return values;
    }

    private static Map<String, RancherComposeService> readRancherCompose(Path file, Set<String> composeServices,
            List<Problem> problems) {
        Map<String, RancherComposeService> services = new LinkedHashMap<>();
        YamlNode root;
        try {
            root = YamlNode.load(file);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            return services;
        }
        if (root.isNull()) {
            return services;
        }
        if (!root.isMap()) {
            problems.add(Problem.error(file, root.line(), "expected a mapping of services"));
            return services;
        }
        YamlNode serviceMap = root.get("services").isPresent() && root.get("version").isPresent()
                ? root.get("services").get() : root;
        Map<String, Integer> nameLines = serviceMap.keyLines();
        for (Map.Entry<String, YamlNode> entry : serviceMap.entries().entrySet()) {
            String name = entry.getKey();
            YamlNode node = entry.getValue();
            if (name.startsWith(".")) {
                continue;
            }
            if (!composeServices.contains(name)) {
                problems.add(Problem.error(file, nameLines.get(name), "service '" + name
                        + "' is not in docker-compose.yml: expected one of " + composeServices));
                continue;
            }
            if (!node.isMap()) {
                problems.add(Problem.error(file, node.line(), "service '" + name + "': expected a mapping"));
                continue;
            }
            node.keyLines().forEach((key, line) -> {
                if (!RANCHER_KEYS.contains(key)) {
                    problems.add(Problem.error(file, line, "service '" + name + "': unknown key '" + key
                            + "', expected one of " + new java.util.TreeSet<>(RANCHER_KEYS)));
                }
            });
            Integer scale = integer(node.get("scale").orElse(null), "scale", name, problems);
            @SuppressWarnings("unchecked")
            Map<String, Object> health = node.get("health_check").map(h -> (Map<String, Object>) h.toJava())
                    .orElse(Map.of());
            YamlNode strategy = node.get("upgrade_strategy").orElse(null);
            boolean startFirst = false;
            Integer batch = null;
            Long interval = null;
            if (strategy != null && strategy.isMap()) {
                startFirst = strategy.get("start_first").map(v -> Boolean.TRUE.equals(v.toJava())).orElse(false);
                batch = integer(strategy.get("batch_size").orElse(null), "upgrade_strategy.batch_size", name, problems);
                Integer ms = integer(strategy.get("interval_millis").orElse(null), "upgrade_strategy.interval_millis",
                        name, problems);
                interval = ms == null ? null : ms.longValue();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) node.toJava();
            services.put(name, new RancherComposeService(name, nameLines.get(name), scale, health, startFirst, batch,
                    interval, raw));
        }
        return services;
    }

    private static Integer integer(YamlNode node, String key, String service, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        Object value = node.toJava();
        if (value instanceof Integer i && i >= 0) {
            return i;
        }
        problems.add(Problem.error(node.file(), node.line(), "service '" + service + "': " + key
                + " must be a whole number >= 0, found '" + node.text() + "'"));
        return null;
    }
}
