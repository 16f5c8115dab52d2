package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.JsonTrees;
import org.odooplatform.common.Problem;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.config.Setting;
import org.odooplatform.config.Settings;
import org.odooplatform.project.ComposeService;
import org.odooplatform.project.InstanceComposition;
import org.odooplatform.project.Placeholders;
import org.odooplatform.project.RancherComposeService;

/**
 * Turns an instance's compose files and settings into the launch configs rancher-compose would
 * send (docs/rancher-api.md §2.4, §7): image, environment, labels, command, ports, volumes, network
 * mode, health check, sizes in bytes, {@code logConfig}, {@code dataVolumesFromLaunchConfigs};
 * sidekicks become named {@code secondaryLaunchConfigs}. The Odoo service's image is replaced by
 * the deployed reference.
 */
public final class DesiredStateBuilder {

    /** compose key → launchConfig field, for the keys copied as they are (after substitution). */
    private static final Map<String, String> SIMPLE_FIELDS = Map.ofEntries(
            Map.entry("tty", "tty"), Map.entry("stdin_open", "stdinOpen"), Map.entry("privileged", "privileged"),
            Map.entry("ports", "ports"), Map.entry("expose", "expose"), Map.entry("volumes", "dataVolumes"),
            // rancher-compose rancher/configs.go setupVolumesFrom: volumes_from names launch configs of the
            // service (its sidekicks); dataVolumesFrom would want container ids (docs/rancher-api.md §2.4)
            Map.entry("volumes_from", "dataVolumesFromLaunchConfigs"), Map.entry("working_dir", "workingDir"),
            Map.entry("user", "user"), Map.entry("hostname", "hostname"), Map.entry("dns", "dns"),
            Map.entry("dns_search", "dnsSearch"), Map.entry("cap_add", "capAdd"), Map.entry("cap_drop", "capDrop"),
            Map.entry("volume_driver", "volumeDriver"), Map.entry("cpu_shares", "cpuShares"),
            Map.entry("extra_hosts", "extraHosts"), Map.entry("devices", "devices"));

    /** compose size keys → launchConfig fields Cattle holds as an integer of bytes (docker's units, 1k = 1024). */
    private static final Map<String, String> SIZE_FIELDS = Map.of("mem_limit", "memory", "memswap_limit", "memorySwap",
            "mem_reservation", "memoryReservation", "shm_size", "shmSize");

    private final InstanceComposition composition;
    private final Settings settings;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private DesiredStateBuilder(InstanceComposition composition, Settings settings) {
        this.composition = composition;
        this.settings = settings;
    }

    /**
     * Builds the stack; every undefined placeholder and unusable value is reported at once as a
     * {@link BadInputException} with its file and line.
     *
     * @param odooService the service whose image is {@code odooImage}
     */
    public static DesiredStack build(String stackName, InstanceComposition composition, Settings settings,
            String odooService, LaunchImage odooImage) {
        return new DesiredStateBuilder(composition, settings).build(stackName, odooService, odooImage);
    }

    /** The service running Odoo: {@link InstanceComposition#odooService}, the one function check and deploy share. */
    public static String findOdooService(InstanceComposition composition, String imageRepository) {
        return composition.odooService(imageRepository).name();
    }

    private DesiredStack build(String stackName, String odooService, LaunchImage odooImage) {
        composition.placeholders().forEach((name, line) -> {
            if (!settings.has(name)) {
                problems.add(Problem.error(composition.dockerComposeFile(), line, "${" + name
                        + "} has no value: define " + name + " in the settings file (--env-file)"));
            }
        });
        Set<String> sidekickNames = new LinkedHashSet<>();
        composition.services().values().forEach(s -> sidekickNames.addAll(s.sidekicks()));
        for (String sidekick : sidekickNames) {
            if (!composition.services().containsKey(sidekick)) {
                problems.add(Problem.error(composition.dockerComposeFile(), 0, "io.rancher.sidekicks names '" + sidekick
                        + "', which is not a service of this file: expected one of " + composition.services().keySet()));
            }
        }
        if (sidekickNames.contains(odooService)) {
            problems.add(Problem.error(composition.dockerComposeFile(), composition.services().get(odooService).line(),
                    "the Odoo service '" + odooService + "' is a sidekick: expected it to be a primary service"));
        }
        List<DesiredService> services = new ArrayList<>();
        for (ComposeService service : composition.services().values()) {
            if (sidekickNames.contains(service.name())) {
                continue;
            }
            services.add(service(service, odooService, odooImage));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return new DesiredStack(stackName, order(services), List.copyOf(warnings));
    }

    private DesiredService service(ComposeService compose, String odooService, LaunchImage odooImage) {
        boolean odoo = compose.name().equals(odooService);
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        LaunchConfig primary = launchConfig(compose, null, odoo ? LaunchImage.tryParse(odooImage.pinned()).orElse(odooImage) : null,
                secrets);
        List<LaunchConfig> secondaries = new ArrayList<>();
        List<ServiceLink> links = new ArrayList<>();
        addLinks(compose, links);
        Set<String> own = new LinkedHashSet<>(compose.sidekicks());
        own.add(compose.name());
        for (String sidekick : compose.sidekicks()) {
            ComposeService side = composition.services().get(sidekick);
            if (side != null) {
                secondaries.add(launchConfig(side, sidekick, null, secrets));
                addLinks(side, links);
            }
        }
        links.removeIf(l -> !l.isExternal() && own.contains(l.service())); // a launch config reaches its own sidekicks by name
        // a repeated target and alias is refused by Cattle (422 NotUnique, ServiceSetServiceLinksValidationFilter)
        List<ServiceLink> unique = new ArrayList<>();
        links.forEach(l -> {
            if (unique.stream().noneMatch(u -> u.sameAs(l))) {
                unique.add(l);
            }
        });
        links = unique;
        RancherComposeService rancher = composition.rancherServices().get(compose.name());
        int scale = rancher == null || rancher.scale() == null ? 1 : rancher.scale();
        UpgradeStrategy strategy = new UpgradeStrategy(rancher != null && rancher.startFirst(),
                rancher == null || rancher.batchSize() == null ? UpgradeStrategy.DEFAULT_BATCH_SIZE : rancher.batchSize(),
                rancher == null || rancher.intervalMillis() == null ? UpgradeStrategy.DEFAULT_INTERVAL_MILLIS : rancher.intervalMillis());
        boolean global = "true".equalsIgnoreCase(compose.labels().getOrDefault("io.rancher.scheduler.global", ""));
        return new DesiredService(compose.name(), primary, secondaries, scale, global, strategy, links, secrets,
                odoo, odoo && !odooImage.isPinned());
    }

    private void addLinks(ComposeService compose, List<ServiceLink> links) {
        compose.links().forEach(l -> links.add(ServiceLink.parse(substitute(l), false)));
        compose.externalLinks().forEach(l -> links.add(ServiceLink.parse(substitute(l), true)));
    }

    private LaunchConfig launchConfig(ComposeService compose, String name, LaunchImage imageOverride,
            Map<String, Set<String>> secrets) {
        ObjectNode lc = JsonTrees.object();
        LaunchImage image = imageOverride;
        if (image == null) {
            String text = substitute(compose.image());
            image = text == null ? null : LaunchImage.tryParse(text).orElse(null);
            if (image == null) {
                problems.add(Problem.error(composition.dockerComposeFile(), compose.imageLine(), "service '" + compose.name()
                        + "': image '" + text + "' is not an image reference: expected REPOSITORY[:TAG][@sha256:DIGEST]"));
                image = new LaunchImage("invalid/image", "invalid", null);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> secretKeys = new LinkedHashSet<>();
        compose.environment().forEach((key, value) -> {
            env.put(key, value == null ? "" : substitute(value));
            if (SecretMasker.isSecretName(key) || Placeholders.names(value).stream().anyMatch(this::isSecretSetting)) {
                secretKeys.add(key);
            }
        });
        secrets.put(compose.name(), secretKeys);
        Map<String, String> labels = new LinkedHashMap<>();
        compose.labels().forEach((k, v) -> labels.put(k, v == null ? "" : substitute(v)));
        Object command = compose.raw().get("command");
        if (command != null) {
            lc.set("command", commandArray(command));
        }
        Object entrypoint = compose.raw().get("entrypoint");
        if (entrypoint != null) {
            lc.set("entryPoint", commandArray(entrypoint));
        }
        Object net = compose.raw().containsKey("net") ? compose.raw().get("net") : compose.raw().get("network_mode");
        if (net != null) {
            String mode = substitute(String.valueOf(net));
            if (mode.startsWith("container:")) {
                lc.put("networkMode", "container");
                lc.put("networkLaunchConfig", mode.substring("container:".length()));
            } else {
                lc.put("networkMode", mode);
            }
        }
        compose.raw().forEach((key, value) -> {
            String field = SIMPLE_FIELDS.get(key);
            String sizeField = SIZE_FIELDS.get(key);
            // keys not sent are errors or warnings of InstanceComposition (ComposeSchema), with their line
            if (field != null && value != null) {
                lc.set(field, substituted(JsonTrees.of(value)));
            } else if (sizeField != null && value != null) {
                Long bytes = Sizes.bytes(substitute(String.valueOf(value)));
                if (bytes == null) {
                    problems.add(Problem.error(composition.dockerComposeFile(), compose.line(), "service '" + compose.name()
                            + "': " + key + " '" + value + "' is not a size: expected a number of bytes or a number with "
                            + "b, k, m or g (e.g. 512m)"));
                } else {
                    lc.put(sizeField, bytes);
                }
            }
        });
        Object logDriver = compose.raw().get("log_driver");
        Object logOpt = compose.raw().get("log_opt");
        if (logDriver != null || logOpt != null) {
            // docker's LogConfig {Type, Config} as Cattle stores it: logConfig {driver, config}
            ObjectNode log = lc.putObject("logConfig");
            log.put("driver", logDriver == null ? "" : substitute(String.valueOf(logDriver)));
            ObjectNode config = log.putObject("config");
            if (logOpt instanceof Map<?, ?> opts) {
                opts.forEach((k, v) -> config.put(String.valueOf(k), v == null ? "" : substitute(String.valueOf(v))));
            } else if (logOpt != null) {
                problems.add(Problem.error(composition.dockerComposeFile(), compose.line(), "service '" + compose.name()
                        + "': log_opt must be a mapping of option: value"));
            }
        }
        RancherComposeService rancher = composition.rancherServices().get(compose.name());
        if (rancher != null && !rancher.healthCheck().isEmpty()) {
            ObjectNode health = lc.putObject("healthCheck");
            rancher.healthCheck().forEach((k, v) -> health.set(camel(k), substituted(JsonTrees.of(v))));
        }
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        lc.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return new LaunchConfig(name, image, env, labels, fields);
    }

    private boolean isSecretSetting(String name) {
        return settings.get(name).map(Setting::isSecret).orElse(false);
    }

    private String substitute(String text) {
        return Placeholders.substitute(text, settings.values());
    }

    private JsonNode substituted(JsonNode node) {
        if (node.isTextual()) {
            return JsonTrees.NODES.textNode(substitute(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode copy = JsonTrees.array();
            node.forEach(item -> copy.add(substituted(item)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonTrees.object();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), substituted(e.getValue())));
            return copy;
        }
        return node;
    }

    /** A command string is split like a shell word list (rancher-compose uses shlex). */
    private ArrayNode commandArray(Object command) {
        ArrayNode array = JsonTrees.array();
        if (command instanceof List<?> list) {
            list.forEach(item -> array.add(substitute(String.valueOf(item))));
            return array;
        }
        String text = substitute(String.valueOf(command));
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    array.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            array.add(word.toString());
        }
        return array;
    }

    static String camel(String snake) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** Link targets of the same stack first, so a link can be set right after its service exists. */
    private static List<DesiredService> order(List<DesiredService> services) {
        Map<String, DesiredService> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.name().toLowerCase(Locale.ROOT), s));
        List<DesiredService> ordered = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (DesiredService s : services) {
            visit(s, byName, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(DesiredService service, Map<String, DesiredService> byName, List<DesiredService> ordered,
            Set<String> visiting) {
        if (!visiting.add(service.name())) {
            return; // done (a service stays in visiting), or a link cycle (allowed by Rancher): keep file order
        }
        for (ServiceLink link : service.links()) {
            DesiredService target = link.isExternal() ? null : byName.get(link.service().toLowerCase(Locale.ROOT));
            if (target != null && target != service) {
                visit(target, byName, ordered, visiting);
            }
        }
        ordered.add(service);
    }
}
