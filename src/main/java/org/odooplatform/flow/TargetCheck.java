package org.odooplatform.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.StackNotes;

/**
 * Whether a stack is the one of an instance, checked by every command that takes a stack (deploy, diff, status,
 * rollback, db reset's odoo control) before any request that changes something. Two layers:
 * <ul>
 * <li>{@link #name}: the stack's name, wherever it comes from ({@code --stack}, {@code stacks:} of
 *     .odoo-platform.yml, the default {@code <client>-odoo-<instance>}), must be a valid name, contain the
 *     client's name between dashes and name no other instance ({@code acme-odoo-prod} is never integration's);</li>
 * <li>{@link #stack}: what the stack itself says it is: the instance of its latest deploy record, and the
 *     {@code RUNNING_ENV} and {@code ODOO_SESSION_REDIS_PREFIX} its odoo service runs with.</li>
 * </ul>
 * A mismatch is bad input (exit 2): the command was pointed at the wrong stack.
 */
public final class TargetCheck {

    private static final Pattern STACK_NAME = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?");
    /** The words operators use for an instance in a stack name, optionally numbered ({@code prod2}). */
    private static final Map<String, Instance> WORDS = Map.ofEntries(
            Map.entry("test", Instance.TEST), Map.entry("testing", Instance.TEST), Map.entry("latest", Instance.TEST),
            Map.entry("integration", Instance.INTEGRATION), Map.entry("int", Instance.INTEGRATION),
            Map.entry("staging", Instance.INTEGRATION), Map.entry("preprod", Instance.INTEGRATION),
            Map.entry("prod", Instance.PROD), Map.entry("production", Instance.PROD), Map.entry("prd", Instance.PROD),
            Map.entry("live", Instance.PROD));
    private static final Pattern WORD = Pattern.compile("([a-z]+)[0-9]*");

    private TargetCheck() {
    }

    /** The stack of {@code instance}: {@code --stack} when given, else the project's ({@code stacks:} or the default). */
    public static String stackName(ProjectConfig config, Instance instance, String stackOption) {
        return stackOption != null ? stackOption : config.stackName(instance);
    }

    /**
     * The problems of the stack name for {@code instance} of {@code client} ({@code instance} or {@code client}
     * null: not checked), pointed at the {@code stacks:} line when the name comes from .odoo-platform.yml.
     */
    public static List<Problem> name(ProjectConfig config, Instance instance, String client, String stackOption) {
        String stack = stackName(config, instance, stackOption);
        Path file = null;
        int line = 0;
        String origin = "--stack";
        if (stackOption == null) {
            Optional<Map.Entry<Path, Integer>> source = config.stackSource(instance);
            if (source.isEmpty()) {
                origin = "default";
            } else {
                file = source.get().getKey();
                line = source.get().getValue();
                origin = "stacks." + instance.id();
            }
        }
        return name(stack, instance, client, file, line, origin);
    }

    /** Same, for a name from {@code origin} (an option or a file key), at {@code file:line} when known. */
    public static List<Problem> name(String stack, Instance instance, String client, Path file, int line, String origin) {
        List<Problem> problems = new ArrayList<>();
        String shown = "stack '" + stack + "' (" + origin + ")";
        if (stack == null || !STACK_NAME.matcher(stack).matches()) {
            problems.add(Problem.error(file, line, shown + ": expected letters, digits and '-', not starting or"
                    + " ending with '-'"));
            return problems;
        }
        List<String> words = List.of(stack.toLowerCase(Locale.ROOT).split("-"));
        if (instance != null) {
            for (String word : words) {
                Instance named = instanceWord(word);
                if (named != null && named != instance) {
                    problems.add(Problem.error(file, line, shown + " names instance " + named + ", not " + instance
                            + ": expected " + (client == null ? "<client>" : client) + "-odoo-" + instance.id()
                            + " or a name with no other instance in it (deploying " + instance + "'s settings there"
                            + " would change the " + named + " instance)"));
                    break;
                }
            }
        }
        if (client != null && !words.contains(client.toLowerCase(Locale.ROOT))) {
            problems.add(Problem.error(file, line, shown + " does not name client " + client + ": expected "
                    + (instance == null ? client + "-odoo-<instance>" : client + "-odoo-" + instance.id())
                    + " (the client's name between dashes), not another client's stack"));
        }
        return problems;
    }

    /** The instance a word of a stack name stands for, or null. */
    static Instance instanceWord(String word) {
        Matcher m = WORD.matcher(word);
        return m.matches() ? WORDS.get(m.group(1)) : null;
    }

    /** The instance a stack name names, when exactly one word of it names one. */
    static Optional<Instance> namedInstance(String stack) {
        Instance found = null;
        for (String word : stack.toLowerCase(Locale.ROOT).split("-")) {
            Instance named = instanceWord(word);
            if (named != null) {
                if (found != null && found != named) {
                    return Optional.empty();
                }
                found = named;
            }
        }
        return Optional.ofNullable(found);
    }

    /** {@link #name} as an exception, for commands with nothing else to report. */
    public static void requireName(ProjectConfig config, Instance instance, String client, String stackOption) {
        List<Problem> problems = name(config, instance, client, stackOption);
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
    }

    /**
     * Reads what {@code stack} says it is and throws a {@link BadInputException} unless it is {@code instance}
     * (null: the instance its name says, if any). {@code expectedPrefix}: the Redis prefix the settings give
     * (null: {@code <client>-odoo-<instance>} when the client is known).
     */
    public static void stack(Rancher rancher, Resource stack, Instance instance, String client, String expectedPrefix) {
        Instance expected = instance != null ? instance : namedInstance(stack.name()).orElse(null);
        List<String> problems = new ArrayList<>();
        Optional<DeployRecord> record = StackNotes.current(stack);
        String source = instance != null ? "not " + instance : "but its name says " + expected;
        if (expected != null && record.isPresent() && record.get().instance() != null
                && !record.get().instance().equalsIgnoreCase(expected.id())) {
            problems.add("stack " + stack.name() + " is the " + record.get().instance() + " instance (its deploy record of "
                    + DeployMetadata.printable(record.get().deployedAt()) + " says so), " + source);
        }
        if (expected != null) {
            String service = record.map(DeployRecord::service).orElse("odoo");
            Optional<Resource> odoo = rancher.services(stack).stream()
                    .filter(s -> s.name().equalsIgnoreCase(service) || s.name().equalsIgnoreCase("odoo")).findFirst();
            JsonNode env = odoo.map(s -> s.get("launchConfig").path("environment")).orElse(null);
            if (env != null && env.isObject()) {
                String runningEnv = env.path("RUNNING_ENV").asText("");
                if (!runningEnv.isEmpty() && !runningEnv.equalsIgnoreCase(expected.id())) {
                    problems.add("stack " + stack.name() + "'s " + odoo.get().name() + " service runs RUNNING_ENV="
                            + DeployMetadata.printable(runningEnv) + ", " + source);
                }
                String prefix = env.path("ODOO_SESSION_REDIS_PREFIX").asText("");
                String wanted = expectedPrefix != null ? expectedPrefix
                        : client != null ? expected.stackName(client) : null;
                if (!prefix.isEmpty() && wanted != null && !prefix.equals(wanted)) {
                    problems.add("stack " + stack.name() + "'s " + odoo.get().name() + " service runs"
                            + " ODOO_SESSION_REDIS_PREFIX=" + DeployMetadata.printable(prefix) + ", not " + wanted
                            + " (another client's or instance's sessions)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems.stream().map(p -> Problem.error(null, p
                    + ": it is not the " + (expected == null ? "expected" : expected.id()) + " stack; check --instance,"
                    + " --stack and 'stacks' of .odoo-platform.yml")).toList());
        }
    }
}
