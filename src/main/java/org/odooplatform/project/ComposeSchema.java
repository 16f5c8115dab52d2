package org.odooplatform.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.odooplatform.common.Problem;

/**
 * Every key a service may have in {@code docker-compose.yml} and {@code rancher-compose.yml}, with
 * its type and what this tool does with it, so no key is dropped in silence: an unknown key is an
 * error naming the nearest known one, a key rancher-compose sent and this tool does not is an
 * error (or, when Rancher does the same without it, a warning).
 *
 * <p>The key lists are those of rancher-compose v0.12.5 (the Rancher 1.6 client):
 * docker-compose.yml is validated against libcompose's {@code config_schema_v1.json}
 * ({@code vendor/github.com/docker/libcompose/config/schema.go}, {@code "additionalProperties":
 * false}: rancher-compose refused unknown keys too); rancher-compose.yml is read into
 * {@code rancher/context.go RancherConfig}, whose nested types are go-rancher v2's
 * {@code InstanceHealthCheck} and {@code InServiceUpgradeStrategy}. rancher-compose ignored unknown
 * keys of rancher-compose.yml; this tool refuses them, since a typo there changes a deploy as much.
 */
final class ComposeSchema {

    /** The YAML shapes libcompose's schema and RancherConfig's Go types accept. */
    enum Type {
        TEXT("a text"), BOOLEAN("true or false"), NUMBER_OR_TEXT("a number or a text"),
        WHOLE_NUMBER("a whole number >= 0"), LIST("a list of texts"), TEXT_OR_LIST("a text or a list of texts"),
        LIST_OR_MAP("a list of 'KEY=value' or a mapping"), COMMAND("a text or a list of texts"),
        MAP_OF_TEXTS("a mapping of texts"), MAPPING("a mapping"), ANY("a value");

        final String expected;

        Type(String expected) {
            this.expected = expected;
        }
    }

    enum Support {
        /** Read by this tool and sent to Rancher (or used to plan, upgrade and wait). */
        USED,
        /** Accepted with a warning: Rancher does the same without it. */
        IGNORED,
        /** An error: rancher-compose sent it, this tool does not, so the deploy would differ. */
        REFUSED
    }

    record Key(String name, Type type, Support support, String note, Map<String, Key> children) {
    }

    /** Services of docker-compose.yml (v1 keys; a v2 file's services may use the few v2 ones too). */
    static final Map<String, Key> DOCKER_COMPOSE;
    /** Services of rancher-compose.yml. */
    static final Map<String, Key> RANCHER_COMPOSE;

    private static final String NOT_SENT = "rancher-compose sent it to Rancher, this tool does not: remove it"
            + " (or ask for it to be supported) so the deploy does what the file says";
    private static final String RANCHER_FILE = "it belongs in rancher-compose.yml: this tool reads the Rancher keys"
            + " only there";
    private static final String LOAD_BALANCER = "load balancer services are not deployed by this tool: keep the"
            + " balancer in its own stack";

    static {
        Map<String, Key> d = new LinkedHashMap<>();
        for (String k : List.of("image", "net", "network_mode", "working_dir", "user", "hostname", "volume_driver",
                "log_driver")) {
            used(d, k, Type.TEXT);
        }
        used(d, "environment", Type.LIST_OR_MAP);
        used(d, "labels", Type.LIST_OR_MAP);
        // libcompose also took a mapping, but this tool sends the value as written and Rancher's
        // extraHosts is a list of "host:ip"
        used(d, "extra_hosts", Type.LIST);
        for (String k : List.of("links", "external_links", "ports", "expose", "volumes", "volumes_from", "cap_add",
                "cap_drop", "devices")) {
            used(d, k, Type.LIST);
        }
        used(d, "command", Type.COMMAND);
        used(d, "entrypoint", Type.COMMAND);
        used(d, "dns", Type.TEXT_OR_LIST);
        used(d, "dns_search", Type.TEXT_OR_LIST);
        for (String k : List.of("tty", "stdin_open", "privileged")) {
            used(d, k, Type.BOOLEAN);
        }
        used(d, "mem_limit", Type.NUMBER_OR_TEXT);
        used(d, "cpu_shares", Type.NUMBER_OR_TEXT);
        used(d, "log_opt", Type.MAP_OF_TEXTS);
        key(d, "container_name", Type.TEXT, Support.IGNORED, "Rancher names the containers of a service itself");
        key(d, "restart", Type.TEXT, Support.IGNORED, "Rancher restarts the containers of a service itself");
        key(d, "depends_on", Type.LIST, Support.IGNORED, "services are created in the order of their links");
        key(d, "build", Type.ANY, Support.REFUSED, "images are built by 'odoo-platform image build', a deploy"
                + " only runs them: give image:");
        key(d, "dockerfile", Type.TEXT, Support.REFUSED, "images are built by 'odoo-platform image build': give image:");
        key(d, "env_file", Type.TEXT_OR_LIST, Support.REFUSED, "the file is not read, so its variables would be"
                + " missing: put them under environment: (values from the settings as ${NAME})");
        key(d, "extends", Type.ANY, Support.REFUSED, "write the service out in full");
        key(d, "logging", Type.MAPPING, Support.REFUSED, "write log_driver: and log_opt: instead");
        key(d, "networks", Type.ANY, Support.REFUSED, "Rancher 1.6 services use the managed network");
        key(d, "tmpfs", Type.ANY, Support.REFUSED, NOT_SENT);
        for (String k : List.of("blkio_weight", "blkio_weight_device", "cgroup_parent", "cpu_period", "cpu_quota",
                "cpuset", "device_read_bps", "device_read_iops", "device_write_bps", "device_write_iops", "dns_opt",
                "domainname", "group_add", "ipc", "isolation", "mac_address", "mem_reservation", "memswap_limit",
                "mem_swappiness", "oom_kill_disable", "oom_score_adj", "pid", "read_only", "security_opt", "shm_size",
                "stop_signal", "ulimits", "uts", "update_strategy")) {
            key(d, k, Type.ANY, Support.REFUSED, NOT_SENT);
        }
        for (String k : List.of("scale", "health_check", "metadata", "retain_ip", "scale_policy", "storage_driver",
                "network_driver", "type", "vcpu", "userdata", "memory", "disks", "external_ips", "lb_config",
                "load_balancer_config", "certs", "default_cert")) {
            key(d, k, Type.ANY, Support.REFUSED, RANCHER_FILE);
        }
        DOCKER_COMPOSE = java.util.Collections.unmodifiableMap(d);

        Map<String, Key> r = new LinkedHashMap<>();
        used(r, "scale", Type.WHOLE_NUMBER);
        Map<String, Key> strategy = new LinkedHashMap<>();
        used(strategy, "batch_size", Type.WHOLE_NUMBER);
        used(strategy, "interval_millis", Type.WHOLE_NUMBER);
        used(strategy, "start_first", Type.BOOLEAN);
        for (String k : List.of("launch_config", "previous_launch_config", "secondary_launch_configs",
                "previous_secondary_launch_configs")) {
            key(strategy, k, Type.ANY, Support.REFUSED, "Rancher writes it during an upgrade; the launch config"
                    + " comes from docker-compose.yml");
        }
        r.put("upgrade_strategy", new Key("upgrade_strategy", Type.MAPPING, Support.USED, null, strategy));
        Map<String, Key> health = new LinkedHashMap<>();
        for (String k : List.of("port", "interval", "initializing_timeout", "reinitializing_timeout", "response_timeout",
                "healthy_threshold", "unhealthy_threshold")) {
            used(health, k, Type.WHOLE_NUMBER);
        }
        used(health, "request_line", Type.TEXT);
        used(health, "strategy", Type.TEXT);
        used(health, "name", Type.TEXT);
        Map<String, Key> quorum = new LinkedHashMap<>();
        used(quorum, "quorum", Type.WHOLE_NUMBER);
        health.put("recreate_on_quorum_strategy_config", new Key("recreate_on_quorum_strategy_config", Type.MAPPING,
                Support.USED, null, quorum));
        r.put("health_check", new Key("health_check", Type.MAPPING, Support.USED, null, health));
        // not a RancherConfig field (rancher-compose ignored it) but Rancher's "export config" writes it
        key(r, "start_on_create", Type.BOOLEAN, Support.IGNORED, "this tool starts every service it creates");
        key(r, "retain_ip", Type.ANY, Support.REFUSED, NOT_SENT);
        key(r, "metadata", Type.ANY, Support.REFUSED, NOT_SENT);
        key(r, "scale_policy", Type.ANY, Support.REFUSED, NOT_SENT);
        for (String k : List.of("lb_config", "load_balancer_config", "default_cert", "certs")) {
            key(r, k, Type.ANY, Support.REFUSED, LOAD_BALANCER);
        }
        for (String k : List.of("service_schemas", "storage_driver", "network_driver")) {
            key(r, k, Type.ANY, Support.REFUSED, "infrastructure services are not deployed by this tool");
        }
        for (String k : List.of("vcpu", "userdata", "memory", "disks", "type")) {
            key(r, k, Type.ANY, Support.REFUSED, "virtual machines are not deployed by this tool");
        }
        for (String k : List.of("external_ips", "hostname")) {
            key(r, k, Type.ANY, Support.REFUSED, "external services are not deployed by this tool");
        }
        RANCHER_COMPOSE = java.util.Collections.unmodifiableMap(r);
    }

    /** libcompose's hints for common misspellings ({@code config/validation.go dockerConfigHints}). */
    private static final Map<String, String> HINTS = Map.ofEntries(Map.entry("cpu_share", "cpu_shares"),
            Map.entry("add_host", "extra_hosts"), Map.entry("hosts", "extra_hosts"), Map.entry("extra_host", "extra_hosts"),
            Map.entry("device", "devices"), Map.entry("link", "links"), Map.entry("memory_swap", "memswap_limit"),
            Map.entry("port", "ports"), Map.entry("privilege", "privileged"), Map.entry("priviliged", "privileged"),
            Map.entry("privilige", "privileged"), Map.entry("volume", "volumes"), Map.entry("workdir", "working_dir"),
            Map.entry("env", "environment"), Map.entry("label", "labels"));

    private ComposeSchema() {
    }

    private static void used(Map<String, Key> keys, String name, Type type) {
        keys.put(name, new Key(name, type, Support.USED, null, Map.of()));
    }

    private static void key(Map<String, Key> keys, String name, Type type, Support support, String note) {
        keys.put(name, new Key(name, type, support, note, Map.of()));
    }

    /**
     * Checks every key of {@code node} (a service's mapping, or a nested one) against {@code keys},
     * recursing into nested mappings; {@code where} names the node in messages ({@code service 'odoo'}).
     * {@code otherFile} holds the keys of the other compose file, to say where a misplaced key belongs.
     */
    static void check(YamlNode node, Map<String, Key> keys, String where, Map<String, Key> otherFile,
            String otherFileName, List<Problem> problems) {
        Path file = node.file();
        Map<String, Integer> lines = node.keyLines();
        node.entries().forEach((name, value) -> {
            int line = lines.getOrDefault(name, node.line());
            Key key = keys.get(name);
            if (name.equals("<<")) {
                problems.add(Problem.error(file, line, where + ": YAML merge keys (<<) are not supported: write the"
                        + " keys out"));
                return;
            }
            if (key == null) {
                problems.add(Problem.error(file, line, where + ": unknown key '" + name + "': "
                        + suggestion(name, keys, otherFile, otherFileName)));
                return;
            }
            if (key.support() == Support.REFUSED) {
                problems.add(Problem.error(file, line, where + ": '" + name + "' is not supported: " + key.note()));
                return;
            }
            if (!fits(value, key.type())) {
                // an environment or labels text may hold a value copied from the settings: not echoed
                String found = key.type() == Type.LIST_OR_MAP && value.isScalar() ? "a single value" : describe(value);
                problems.add(Problem.error(file, value.line() > 0 ? value.line() : line, where + ": '" + name + "' is "
                        + found + ": expected " + key.type().expected));
                return;
            }
            if (key.support() == Support.IGNORED) {
                if (name.equals("start_on_create") && Boolean.FALSE.equals(value.toJava())) {
                    problems.add(Problem.error(file, line, where + ": 'start_on_create: false' is not supported: "
                            + key.note()));
                } else {
                    problems.add(Problem.warning(file, line, where + ": '" + name + "' is ignored: " + key.note()));
                }
                return;
            }
            if (!key.children().isEmpty()) {
                check(value, key.children(), where + " " + name, Map.of(), null, problems);
            } else if (key.type() == Type.LIST_OR_MAP || key.type() == Type.MAP_OF_TEXTS) {
                checkValues(value, where + " " + name, problems);
            }
        });
    }

    /** Map values of environment, labels and log options: texts, numbers, booleans or empty, never nested. */
    private static void checkValues(YamlNode node, String where, List<Problem> problems) {
        if (node.isMap()) {
            Map<String, Integer> lines = node.keyLines();
            node.entries().forEach((k, v) -> {
                if (v.isMap() || v.isList()) {
                    problems.add(Problem.error(node.file(), lines.get(k), where + ": '" + k + "' is " + describe(v)
                            + ": expected a text (quote it to keep it as written)"));
                }
            });
        } else if (node.isList()) {
            for (YamlNode item : node.items()) {
                if (!item.isScalar()) {
                    problems.add(Problem.error(node.file(), item.line(), where + ": an item is " + describe(item)
                            + ": expected 'KEY=value'"));
                }
            }
        }
    }

    static boolean fits(YamlNode value, Type type) {
        return switch (type) {
            case ANY -> true;
            case TEXT, NUMBER_OR_TEXT -> value.isScalar();
            case BOOLEAN -> value.isScalar() && "bool".equals(value.scalarType());
            case WHOLE_NUMBER -> value.isScalar() && value.text().matches("[0-9]{1,18}");
            case LIST -> value.isList() && value.items().stream().allMatch(YamlNode::isScalar);
            case TEXT_OR_LIST, COMMAND -> value.isScalar()
                    || value.isList() && value.items().stream().allMatch(YamlNode::isScalar);
            case LIST_OR_MAP -> value.isList() || value.isMap();
            case MAP_OF_TEXTS, MAPPING -> value.isMap();
        };
    }

    static String describe(YamlNode value) {
        return switch (value.kind()) {
            case NULL -> "empty";
            case MAP -> "a mapping";
            case LIST -> "a list";
            case SCALAR -> switch (String.valueOf(value.scalarType())) {
                case "int", "float" -> "the number " + value.text();
                case "bool" -> "the boolean " + value.text();
                default -> "the text '" + value.text() + "'";
            };
        };
    }

    /** "did you mean 'environment'?", or where the key belongs, or the keys expected. */
    static String suggestion(String name, Map<String, Key> keys, Map<String, Key> otherFile, String otherFileName) {
        Optional<String> near = nearest(name, keys.keySet());
        if (near.isPresent()) {
            return "did you mean '" + near.get() + "'?";
        }
        if (otherFile.containsKey(name) && otherFile.get(name).support() == Support.USED) {
            return "it belongs in " + otherFileName;
        }
        List<String> usable = new ArrayList<>();
        keys.values().forEach(k -> {
            if (k.support() == Support.USED) {
                usable.add(k.name());
            }
        });
        return "expected one of " + String.join(", ", new TreeSet<>(usable));
    }

    /** The known key closest to {@code name}: a libcompose hint, or at most two edits away (one for short keys). */
    static Optional<String> nearest(String name, java.util.Collection<String> known) {
        String hint = HINTS.get(name);
        if (hint != null && known.contains(hint)) {
            return Optional.of(hint);
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
        if (!lower.equals(name) && known.contains(lower)) {
            return Optional.of(lower);
        }
        int limit = name.length() <= 4 ? 1 : name.length() <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(lower, candidate);
            if (distance < bestDistance || distance == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
