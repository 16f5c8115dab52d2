package org.odooplatform.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "odoo-platform",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Builds, releases and deploys Odoo projects to Rancher 1.6 stacks.",
            "Exit codes: 0 ok, 1 failed (after cleanup/rollback), 2 bad input (nothing changed),"
                    + " 3 precondition not met, 4 (diff only) there are changes."
        })
public final class OdooPlatformCommand implements Callable<Integer> {

    /**
     * The subcommands, by name, in the order the root help lists them. Not in the annotation: picocli
     * builds the model of every annotated subcommand by reflection at start-up (about 0.2 s here, more
     * than the JVM's own start), and a pipeline step runs one command. {@link #commandLine} registers
     * only the one being run, or all of them where the whole tree is read (root help, suggestions).
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    /** The subcommands of the command groups, registered the same way: only the one being run when it is named. */
    static final Map<String, Map<String, Class<?>>> GROUPS = Map.of(
            "image", ordered("build", ImageBuildCommand.class, "test", ImageTestCommand.class, "publish", ImagePublishCommand.class,
                    "promote", ImagePromoteCommand.class, "resolve", ImageResolveCommand.class,
                    "registry-host", ImageRegistryHostCommand.class),
            "release", ordered("bump", ReleaseBumpCommand.class, "notes", ReleaseNotesCommand.class,
                    "check", ReleaseCheckCommand.class));

    private static Map<String, Class<?>> ordered(Object... nameThenClass) {
        Map<String, Class<?>> map = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            map.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> map = new LinkedHashMap<>();
        map.put("check", CheckCommand.class);
        map.put("init-settings", InitSettingsCommand.class);
        map.put("release", ReleaseCommand.class);
        map.put("image", ImageCommand.class);
        map.put("deploy", DeployCommand.class);
        map.put("diff", DiffCommand.class);
        map.put("stack-name", StackNameCommand.class);
        map.put("status", StatusCommand.class);
        map.put("logs", LogsCommand.class);
        map.put("rollback", RollbackCommand.class);
        map.put("db", DbCommand.class);
        map.put("rancher-simulator", RancherSimulatorCommand.class);
        map.put("sandbox", SandboxCommand.class);
        map.put("environment", EnvironmentCommand.class);
        map.put("help", CommandLine.HelpCommand.class);
        return Collections.unmodifiableMap(map);
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT;
    }

    /** The configured command line with every subcommand: shared exception mapping and output streams. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(Environment.system(), out, err);
    }

    /** As {@link #commandLine(PrintStream, PrintStream)}, the commands reading {@code env}. */
    public static CommandLine commandLine(Environment env, PrintStream out, PrintStream err) {
        return configure(withSubcommands(SUBCOMMANDS.keySet(), null, env), env, out, err);
    }

    /**
     * The configured command line for one command line: only the subcommand {@code args} names, none for
     * a bare {@code --version}, and all of them otherwise (no arguments, root {@code --help}, {@code help},
     * an unknown command, which picocli answers with suggestions from the whole tree).
     */
    public static CommandLine commandLine(Environment env, PrintStream out, PrintStream err, String... args) {
        return configure(withSubcommands(needed(args), args.length > 1 ? args[1] : null, env), env, out, err);
    }

    static Collection<String> needed(String... args) {
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help")) {
            return List.of(args[0]);
        }
        if (args.length > 0 && Arrays.stream(args).allMatch(a -> a.equals("--version") || a.equals("-V"))) {
            return List.of();
        }
        return SUBCOMMANDS.keySet();
    }

    /** {@code second}: the argument after a group's name (e.g. resolve in image resolve), or null. */
    private static CommandLine withSubcommands(Collection<String> names, String second, Environment env) {
        CommandLine.IFactory factory = factory(env);
        CommandLine cl = new CommandLine(new OdooPlatformCommand(), factory);
        // before the setters below: they apply to the subcommands registered at the time they are called
        for (String name : names) {
            Map<String, Class<?>> children = GROUPS.get(name);
            if (children == null) {
                cl.addSubcommand(name, SUBCOMMANDS.get(name));
                continue;
            }
            CommandLine group = new CommandLine(SUBCOMMANDS.get(name), factory);
            boolean one = names.size() == 1 && second != null && children.containsKey(second);
            for (Map.Entry<String, Class<?>> child : children.entrySet()) {
                if (!one || child.getKey().equals(second)) {
                    group.addSubcommand(child.getKey(), child.getValue());
                }
            }
            cl.addSubcommand(name, group);
        }
        return cl;
    }

    private static CommandLine configure(CommandLine cl, Environment env, PrintStream out, PrintStream err) {
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler(new ExitCodes(env));
        cl.setParameterExceptionHandler(ExitCodes::handleParameterException);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // plain text even on a terminal: the console streams escape every control sequence (MaskingPrintStream)
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return cl;
    }

    /** How the commands of a run are made: each gets {@code env} (tests build single commands with it). */
    static CommandLine.IFactory factory(Environment env) {
        return new EnvironmentFactory(env);
    }

    /**
     * Creates the commands and their option mixins: a class with an {@code (Environment)} constructor
     * gets the run's environment, so no command reads the process' own behind the caller's back.
     */
    private record EnvironmentFactory(Environment env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            // a scan, not getDeclaredConstructor(Environment.class): its NoSuchMethodException, for every
            // option class without such a constructor, formats a message by streams (3% of a diff's start)
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                Class<?>[] parameters = constructor.getParameterTypes();
                if (parameters.length == 1 && parameters[0] == Environment.class) {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(env));
                }
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}
