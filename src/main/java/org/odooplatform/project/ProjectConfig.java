package org.odooplatform.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.common.RegistryHost;

/**
 * The optional project file {@code .odoo-platform.yml}: client name, image repository, registry
 * and stack-name overrides. Command-line options override each value ({@link #withOverrides}).
 *
 * <pre>
 * client: acme
 * image: camptocamp/acme_odoo
 * registry: registry.example.com      # optional; prefixed to image when image has no host
 * stacks:                             # optional overrides of &lt;client&gt;-odoo-&lt;instance&gt;
 *   prod: acme-odoo-production
 * </pre>
 */
public final class ProjectConfig {

    public static final String FILE_NAME = ".odoo-platform.yml";

    /** Client names become stack names and Redis prefixes: lower-case letters and digits. */
    public static final Pattern CLIENT_NAME = Pattern.compile("[a-z][a-z0-9]*");

    private static final Set<String> KEYS = Set.of("client", "image", "registry", "stacks");

    private final String client;
    private final String image;
    private final String registry;
    private final Map<Instance, String> stacks;
    private final Path file;
    private final Map<Instance, Integer> stackLines;

    public ProjectConfig(String client, String image, String registry, Map<Instance, String> stacks) {
        this(client, image, registry, stacks, null, Map.of());
    }

    private ProjectConfig(String client, String image, String registry, Map<Instance, String> stacks, Path file,
            Map<Instance, Integer> stackLines) {
        this.client = client;
        this.image = image;
        this.registry = registry;
        this.stacks = stacks.isEmpty() ? Map.of() : Map.copyOf(stacks);
        this.file = file;
        this.stackLines = stackLines.isEmpty() ? Map.of() : Map.copyOf(stackLines);
    }

    /** Reads {@code <projectDir>/.odoo-platform.yml}; an absent file gives an empty config. */
    public static ProjectConfig load(Path projectDir) {
        Path file = projectDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return new ProjectConfig(null, null, null, Map.of());
        }
        YamlNode root = YamlNode.load(file);
        if (root.isNull()) {
            return new ProjectConfig(null, null, null, Map.of());
        }
        List<Problem> problems = new ArrayList<>();
        if (!root.isMap()) {
            throw new BadInputException(file, root.line(), "expected a mapping with keys " + KEYS);
        }
        root.keyLines().forEach((key, line) -> {
            if (!KEYS.contains(key)) {
                problems.add(Problem.error(file, line, "unknown key '" + key + "': expected one of client, image, registry, stacks"));
            }
        });
        String client = scalar(root, "client", problems);
        if (client != null && !CLIENT_NAME.matcher(client).matches()) {
            problems.add(Problem.error(file, root.get("client").get().line(),
                    "client '" + client + "': expected lower-case letters and digits, starting with a letter"));
        }
        String image = scalar(root, "image", problems);
        String registry = scalar(root, "registry", problems);
        Map<Instance, String> stacks = new EnumMap<>(Instance.class);
        Map<Instance, Integer> stackLines = new EnumMap<>(Instance.class);
        root.get("stacks").ifPresent(node -> {
            if (!node.isMap()) {
                problems.add(Problem.error(file, node.line(), "stacks: expected a mapping of instance to stack name"));
                return;
            }
            Map<String, Integer> lines = node.keyLines();
            node.entries().forEach((key, value) -> {
                try {
                    Instance instance = Instance.parse(key);
                    if (value.text() == null) {
                        problems.add(Problem.error(file, value.line(), "stacks." + key + ": expected a stack name"));
                    } else {
                        stacks.put(instance, value.text());
                        stackLines.put(instance, value.line());
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(Problem.error(file, lines.get(key), "stacks: " + e.getMessage()));
                }
            });
        });
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return new ProjectConfig(client, image, registry, stacks, file, stackLines);
    }

    private static String scalar(YamlNode root, String key, List<Problem> problems) {
        Optional<YamlNode> node = root.get(key);
        if (node.isEmpty() || node.get().isNull()) {
            return null;
        }
        if (!node.get().isScalar()) {
            problems.add(Problem.error(root.file(), node.get().line(), key + ": expected a single value"));
            return null;
        }
        return node.get().text();
    }

    /** A copy where each non-null argument replaces the file's value. */
    public ProjectConfig withOverrides(String client, String image, String registry) {
        return new ProjectConfig(client != null ? client : this.client, image != null ? image : this.image,
                registry != null ? registry : this.registry, stacks, file, stackLines);
    }

    public Optional<String> client() {
        return Optional.ofNullable(client);
    }

    /** The client name, or a {@link BadInputException} saying how to give it. */
    public String requireClient() {
        if (client == null) {
            throw new BadInputException("the client name is needed here: give --client NAME or put 'client: NAME' in "
                    + FILE_NAME + " at the project root");
        }
        if (!CLIENT_NAME.matcher(client).matches()) {
            throw new BadInputException("client '" + client + "': expected lower-case letters and digits, starting with a letter");
        }
        return client;
    }

    /** The image repository with the registry prefixed when the image names no host. */
    public Optional<String> image() {
        if (image == null) {
            return Optional.empty();
        }
        if (registry == null || RegistryHost.of(image).isPresent()) {
            return Optional.of(image);
        }
        return Optional.of(registry + "/" + image);
    }

    public Optional<String> registry() {
        return Optional.ofNullable(registry);
    }

    /** The file and line of an instance's {@code stacks:} entry, when the file names its stack (else empty). */
    public Optional<Map.Entry<Path, Integer>> stackSource(Instance instance) {
        Integer line = stackLines.get(instance);
        return line == null || file == null ? Optional.empty() : Optional.of(Map.entry(file, line));
    }

    /** The stack of an instance: the override from the file, else {@code <client>-odoo-<instance>}. */
    public String stackName(Instance instance) {
        String override = stacks.get(instance);
        return override != null ? override : instance.stackName(requireClient());
    }
}
