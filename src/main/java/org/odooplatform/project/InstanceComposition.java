package org.odooplatform.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;

/**
 * The composition of one instance: {@code rancher/<dir>/docker-compose.yml} (compose v1: services
 * at the top level; a v2 file with {@code services:} is read too) and, if present,
 * {@code rancher-compose.yml}.
 */
public final class InstanceComposition {

    /**
     * Keys of docker-compose.yml whose mapping is data handed to the containers (their duplicates
     * send the last value, as rancher-compose did, and only warn); every other mapping is read by
     * this tool or by Rancher to decide what runs where.
     */
    private static final java.util.Set<String> DATA_MAPPINGS = java.util.Set.of("environment", "labels", "log_opt");

    private final Path directory;
    private final Map<String, ComposeService> services;
    private final Map<String, RancherComposeService> rancherServices;
    private final List<Problem> problems;
    private final List<YamlNode.Duplicate> duplicates;
    private final String servicesPath;

    private InstanceComposition(Path directory, Map<String, ComposeService> services,
            Map<String, RancherComposeService> rancherServices, List<Problem> problems,
            List<YamlNode.Duplicate> duplicates, String servicesPath) {
        this.directory = directory;
        this.services = Collections.unmodifiableMap(services);
        this.rancherServices = Collections.unmodifiableMap(rancherServices);
        this.problems = List.copyOf(problems);
        this.duplicates = List.copyOf(duplicates);
        this.servicesPath = servicesPath;
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

    /** {@link #read} refusing any error; the warnings are in {@link #warnings()}. */
    public static InstanceComposition load(Path directory) {
        InstanceComposition composition = read(directory);
        if (composition.problems.stream().anyMatch(Problem::isError)) {
            throw new BadInputException(composition.problems);
        }
        return composition;
    }

    /**
     * Reads both files and keeps every problem in {@link #problems()} (unknown keys, wrong types,
     * duplicates...), for callers that use only part of the files ({@code release bump}). A file
     * that is not YAML at all is a {@link BadInputException} listing every such problem.
     */
    public static InstanceComposition read(Path directory) {
        List<Problem> problems = new ArrayList<>();
        List<YamlNode.Duplicate> duplicates = new ArrayList<>();
        Path composeFile = directory.resolve("docker-compose.yml");
        Path rancherFile = directory.resolve("rancher-compose.yml");
        YamlNode compose = parse(composeFile, problems);
        // exists, not isRegularFile: a directory or FIFO of that name is reported by InputFiles, not skipped
        YamlNode rancher = Files.exists(rancherFile) ? parse(rancherFile, problems) : null;
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        String[] servicesPath = {""};
        Map<String, ComposeService> services = readDockerCompose(compose, servicesPath, problems);
        duplicates(compose, servicesPath[0], false, problems);
        duplicates.addAll(compose.duplicates());
        Map<String, RancherComposeService> rancherServices = new LinkedHashMap<>();
        if (rancher != null) {
            rancherServices = readRancherCompose(rancher, services.keySet(), problems);
            duplicates(rancher, "", true, problems);
            duplicates.addAll(rancher.duplicates());
        }
        return new InstanceComposition(directory, services, rancherServices, problems, duplicates, servicesPath[0]);
    }

    private static YamlNode parse(Path file, List<Problem> problems) {
        try {
            return YamlNode.read(file);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** Every problem of both files, errors and warnings, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    /** Every key written twice in a mapping of either file (the last value is the one used). */
    public List<YamlNode.Duplicate> duplicates() {
        return duplicates;
    }

    /** Where the services are in docker-compose.yml: {@code ""} (v1, at the top) or {@code services} (v2). */
    public String servicesPath() {
        return servicesPath;
    }

    /**
     * The service that runs Odoo, found the same way by {@code check}, {@code deploy} and
     * {@code release bump}: the one service whose image is the project's repository, else (the
     * repository unknown, or no image of it) the service named {@code odoo}. Two services running
     * the project's image are refused: a deploy gives the new image to one of them only.
     *
     * @param projectRepository the project's image repository (from {@code --image} or the
     *                          project file), null when unknown
     */
    public ComposeService odooService(String projectRepository) {
        Path file = dockerComposeFile();
        List<ComposeService> running = services.values().stream().filter(s -> s.runsRepository(projectRepository)).toList();
        if (running.size() > 1) {
            String names = running.stream().map(s -> "'" + s.name() + "' (line " + s.line() + ")")
                    .collect(java.util.stream.Collectors.joining(" and "));
            throw new BadInputException(file, running.get(1).line(), "services " + names + " both run the project's"
                    + " image " + ComposeService.repositoryOf(projectRepository) + ": expected one Odoo service (a deploy"
                    + " gives the new image to one only)");
        }
        if (running.size() == 1) {
            return running.get(0);
        }
        ComposeService named = services.get("odoo");
        if (named != null) {
            return named;
        }
        throw new BadInputException(file, 0, "no Odoo service: expected a service named 'odoo'"
                + (projectRepository == null ? "" : " or one whose image is "
                        + ComposeService.repositoryOf(projectRepository)) + " (services: " + services.keySet() + ")");
    }

    /**
     * A warning when the Odoo service is not named {@code odoo}: renaming it in the compose files
     * would make a deploy create a second service next to the stack's (which deploy refuses).
     * {@code check} and {@code deploy} both print it.
     */
    public Optional<Problem> odooNameWarning(ComposeService odoo) {
        if (odoo.name().equals("odoo")) {
            return Optional.empty();
        }
        return Optional.of(Problem.warning(dockerComposeFile(), odoo.line(), "the Odoo service is named '" + odoo.name()
                + "', not 'odoo': on a stack whose Odoo service has another name a deploy would create a second one"
                + " (deploy refuses that), so rename it only together with the stack's service"));
    }

    /**
     * Judges each duplicate key: the same value twice is a warning; different values are a warning
     * too when the mapping is data the containers get (environment, labels other than
     * {@code io.rancher.*}, log options), the last value being sent as rancher-compose sent it; and
     * an error when this tool or Rancher reads the key to decide what runs where (a service name, a
     * service's own key, an {@code io.rancher.*} label, anything in rancher-compose.yml), since
     * taking the last one could deploy something the author did not mean.
     */
    private static void duplicates(YamlNode root, String servicesPath, boolean rancherFile, List<Problem> problems) {
        for (YamlNode.Duplicate d : root.duplicates()) {
            String fileName = d.file().getFileName().toString();
            String both = fileName + ":" + d.firstLine() + " and " + fileName + ":" + d.line();
            String where = d.path().isEmpty() ? "at the top level" : "under " + d.path();
            if (d.sameValue()) {
                problems.add(Problem.warning(d.file(), d.line(), "'" + d.key() + "' is written twice " + where
                        + " with the same value (" + both + "): remove one"));
                continue;
            }
            String why = rancherFile ? null : whyItMatters(d, servicesPath);
            if (rancherFile) {
                why = "rancher-compose.yml sets how services are scaled, upgraded and checked";
            }
            if (why == null) {
                problems.add(Problem.warning(d.file(), d.line(), "'" + d.key() + "' is written twice " + where
                        + " with different values (" + both + "): the last one is used, as docker-compose and"
                        + " rancher-compose did; remove the other"));
            } else {
                problems.add(Problem.error(d.file(), d.line(), "'" + d.key() + "' is written twice " + where
                        + " with different values (" + both + "): expected it once (" + why + ")"));
            }
        }
    }

    /** Why a duplicate key of docker-compose.yml decides the deploy, or null when it is data only. */
    private static String whyItMatters(YamlNode.Duplicate d, String servicesPath) {
        String path = d.path();
        if (!servicesPath.isEmpty()) {
            if (!path.equals(servicesPath) && !path.startsWith(servicesPath + ".")) {
                return "a top-level key of a version 2 file";
            }
            path = path.equals(servicesPath) ? "" : path.substring(servicesPath.length() + 1);
        }
        if (path.isEmpty()) {
            return "the first definition of service '" + d.key() + "' would be dropped whole";
        }
        String[] parts = path.split("\\.", 2);
        if (parts.length == 1) {
            return "the first '" + d.key() + "' of service '" + parts[0] + "' would be dropped whole";
        }
        if (parts[1].equals("labels") && d.key().startsWith("io.rancher.")) {
            return "Rancher schedules and links the service by its io.rancher.* labels";
        }
        return DATA_MAPPINGS.contains(parts[1]) ? null : "the service's " + parts[1] + " would change";
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

    private static Map<String, ComposeService> readDockerCompose(YamlNode root, String[] servicesPath,
            List<Problem> problems) {
        Map<String, ComposeService> services = new LinkedHashMap<>();
        Path file = root.file();
        if (root.isNull()) {
            problems.add(Problem.error(file, 0, "the file is empty: expected at least an 'odoo' service"));
            return services;
        }
        if (!root.isMap()) {
            problems.add(Problem.error(file, root.line(), "expected a mapping of services, found " + ComposeSchema.describe(root)));
            return services;
        }
        YamlNode serviceMap = root;
        if (root.get("services").isPresent() && root.get("version").isPresent()) {
            serviceMap = root.get("services").get();
            servicesPath[0] = "services";
            root.keyLines().forEach((key, line) -> {
                if (!key.equals("version") && !key.equals("services")) {
                    problems.add(Problem.error(file, line, "'" + key + "' is not supported: a version 2 file's"
                            + " top-level volumes and networks are not created by this tool"));
                }
            });
            if (!serviceMap.isMap()) {
                problems.add(Problem.error(file, serviceMap.line(), "services: expected a mapping of services"));
                return services;
            }
        }
        Map<String, Integer> nameLines = serviceMap.keyLines();
        for (Map.Entry<String, YamlNode> entry : serviceMap.entries().entrySet()) {
            String name = entry.getKey();
            YamlNode node = entry.getValue();
            int nameLine = nameLines.get(name);
            if (!name.matches("[a-zA-Z0-9._-]+")) {
                // libcompose's schema: patternProperties "^[a-zA-Z0-9._-]+$"
                problems.add(Problem.error(file, nameLine, "service name '" + name + "': expected letters, digits,"
                        + " '.', '_' or '-'"));
                continue;
            }
            if (!node.isMap()) {
                problems.add(Problem.error(file, node.isNull() ? nameLine : node.line(), "service '" + name
                        + "' is " + ComposeSchema.describe(node) + ": expected a mapping of its settings"
                        + (servicesPath[0].isEmpty() && (name.equals("version") || name.equals("services"))
                                ? " (a version 2 file needs both 'version:' and 'services:')" : "")));
                continue;
            }
            ComposeSchema.check(node, ComposeSchema.DOCKER_COMPOSE, "service '" + name + "'",
                    ComposeSchema.RANCHER_COMPOSE, "rancher-compose.yml", problems);
            YamlNode image = node.get("image").orElse(null);
            if (image == null) {
                problems.add(Problem.error(file, nameLine, "service '" + name + "': expected an 'image:'"));
            }
            Map<String, String> env = new LinkedHashMap<>();
            Map<String, Integer> envLines = new LinkedHashMap<>();
            node.get("environment").ifPresent(e -> readPairs(e, "environment", name, env, envLines, problems));
            Map<String, String> labels = new LinkedHashMap<>();
            node.get("labels").ifPresent(l -> readPairs(l, "labels", name, labels, new LinkedHashMap<>(), problems));
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) node.toJava();
            services.put(name, new ComposeService(name, nameLine,
                    image == null || !image.isScalar() ? null : image.text(), image == null ? nameLine : image.line(),
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
                    continue; // reported by ComposeSchema
                }
                // libcompose trims list items before splitting at the first '=' (yaml/types_yaml.go SliceorMap)
                text = text.strip();
                int eq = text.indexOf('=');
                String key = eq < 0 ? text : text.substring(0, eq);
                String value = eq < 0 ? null : text.substring(eq + 1);
                if (into.containsKey(key)) {
                    listDuplicate(node, what, service, key, lines.get(key), item.line(),
                            java.util.Objects.equals(into.get(key), value), problems);
                }
                into.put(key, value);
                lines.put(key, item.line());
            }
        } else if (node.isMap()) {
            Map<String, Integer> keyLines = node.keyLines();
            node.entries().forEach((k, v) -> {
                into.put(k, v.isNull() ? null : v.text() != null ? v.text() : String.valueOf(v.toJava()));
                lines.put(k, keyLines.get(k));
            });
        }
    }

    /** A key given twice in the list form ({@code - KEY=value}): judged like a duplicate mapping key. */
    private static void listDuplicate(YamlNode node, String what, String service, String key, int firstLine, int line,
            boolean same, List<Problem> problems) {
        String fileName = node.file().getFileName().toString();
        String both = fileName + ":" + firstLine + " and " + fileName + ":" + line;
        String where = "under " + service + "." + what;
        if (same) {
            problems.add(Problem.warning(node.file(), line, "'" + key + "' is written twice " + where
                    + " with the same value (" + both + "): remove one"));
        } else if (what.equals("labels") && key.startsWith("io.rancher.")) {
            problems.add(Problem.error(node.file(), line, "'" + key + "' is written twice " + where
                    + " with different values (" + both + "): expected it once (Rancher schedules and links the"
                    + " service by its io.rancher.* labels)"));
        } else {
            problems.add(Problem.warning(node.file(), line, "'" + key + "' is written twice " + where
                    + " with different values (" + both + "): the last one is used, as docker-compose and"
                    + " rancher-compose did; remove the other"));
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

    private static Map<String, RancherComposeService> readRancherCompose(YamlNode root, Set<String> composeServices,
            List<Problem> problems) {
        Map<String, RancherComposeService> services = new LinkedHashMap<>();
        Path file = root.file();
        if (root.isNull()) {
            return services;
        }
        if (!root.isMap()) {
            problems.add(Problem.error(file, root.line(), "expected a mapping of services, found " + ComposeSchema.describe(root)));
            return services;
        }
        YamlNode serviceMap = root.get("services").isPresent() && root.get("version").isPresent()
                ? root.get("services").get() : root;
        Map<String, Integer> nameLines = serviceMap.keyLines();
        for (Map.Entry<String, YamlNode> entry : serviceMap.entries().entrySet()) {
            String name = entry.getKey();
            YamlNode node = entry.getValue();
            if (name.startsWith(".")) {
                continue; // .catalog: read by Rancher's catalog, not by rancher-compose
            }
            if (!composeServices.contains(name)) {
                Optional<String> near = ComposeSchema.nearest(name, composeServices);
                problems.add(Problem.error(file, nameLines.get(name), "service '" + name
                        + "' is not in docker-compose.yml: " + near.map(n -> "did you mean '" + n + "'?")
                                .orElse("expected one of " + composeServices)));
                continue;
            }
            if (!node.isMap()) {
                problems.add(Problem.error(file, node.isNull() ? nameLines.get(name) : node.line(), "service '" + name
                        + "' is " + ComposeSchema.describe(node) + ": expected a mapping"));
                continue;
            }
            ComposeSchema.check(node, ComposeSchema.RANCHER_COMPOSE, "service '" + name + "'",
                    ComposeSchema.DOCKER_COMPOSE, "docker-compose.yml", problems);
            Integer scale = integer(node.get("scale").orElse(null));
            @SuppressWarnings("unchecked")
            Map<String, Object> health = node.get("health_check").filter(YamlNode::isMap)
                    .map(h -> (Map<String, Object>) h.toJava()).orElse(Map.of());
            YamlNode strategy = node.get("upgrade_strategy").orElse(null);
            boolean startFirst = false;
            Integer batch = null;
            Long interval = null;
            if (strategy != null && strategy.isMap()) {
                startFirst = strategy.get("start_first").map(v -> Boolean.TRUE.equals(v.toJava())).orElse(false);
                batch = integer(strategy.get("batch_size").orElse(null));
                Integer ms = integer(strategy.get("interval_millis").orElse(null));
                interval = ms == null ? null : ms.longValue();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) node.toJava();
            services.put(name, new RancherComposeService(name, nameLines.get(name), scale, health, startFirst, batch,
                    interval, raw));
        }
        return services;
    }

    /** A whole number as rancher-compose read it (an int or a text of digits); null otherwise (ComposeSchema reports it). */
    private static Integer integer(YamlNode node) {
        if (node == null || !node.isScalar() || !node.text().matches("[0-9]{1,9}")) {
            return null;
        }
        return Integer.valueOf(node.text());
    }
}
