package org.odooplatform.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.ProcessRunner;

/**
 * flake8 over the project's {@code odoo/local-src} and {@code odoo/songs}, as the Travis lint job
 * ran it, on the agent or inside the built image. flake8 reads the project's configuration
 * ({@code setup.cfg}, {@code tox.ini}, {@code .flake8} of the project's root); without one,
 * {@code __init__.py} files are excluded as Travis did ({@code flake8 --exclude=__init__.py}).
 *
 * <p>In the image, the project's directories and configuration are copied into a container of the
 * image ({@code docker cp}, not a bind mount: a remote daemon would mount an empty directory of
 * its own host and lint nothing) and flake8 runs there with no network, in a directory laid out
 * like the project's root, so findings read the same as on the agent.
 */
public final class Flake8Linter {

    /** Where flake8 runs: {@code AUTO} on the agent when it has flake8, else in the image. */
    public enum Where { AUTO, AGENT, IMAGE }

    static final List<String> DIRECTORIES = List.of("odoo/local-src", "odoo/songs");
    private static final List<String> CONFIG_FILES = List.of(".flake8", "setup.cfg", "tox.ini");
    private static final Pattern PROBLEM = Pattern.compile("^(.+?):(\\d+):(\\d+): ([A-Z]+\\d+) (.*)$");
    /** Where the project's copy goes in the lint container. */
    static final String IN_IMAGE_ROOT = "/tmp/odoo-platform-lint";
    private static final Duration PROBE = Duration.ofMinutes(2);

    /** One flake8 finding, path relative to the project. */
    public record Finding(String file, int line, int column, String code, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + code + " " + message;
        }
    }

    /** The findings, and whether anything was linted at all. */
    public record Result(List<String> directories, List<Finding> findings) {
    }

    private final String executable;
    private final ContainerRuntime runtime;
    private final String image;
    private final String container;
    private final Map<String, String> labels;

    private Flake8Linter(String executable, ContainerRuntime runtime, String image, String container, Map<String, String> labels) {
        this.executable = executable;
        this.runtime = runtime;
        this.image = image;
        this.container = container;
        this.labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** flake8 of the agent ({@code executable} found in PATH). */
    public static Flake8Linter onAgent(String executable) {
        return new Flake8Linter(executable, null, null, null, null);
    }

    /** flake8 of {@code image}, run in containers named {@code container} (and {@code -probe}) carrying {@code labels}. */
    public static Flake8Linter inImage(ContainerRuntime runtime, String image, String container, Map<String, String> labels) {
        return new Flake8Linter("flake8", runtime, image, container, labels);
    }

    /** Names of the containers this linter may create, for the caller's cleanup. */
    public List<String> containers() {
        return runtime == null ? List.of() : List.of(container + "-probe", container);
    }

    /** The directories that exist in the project (a project without songs lints local-src only). */
    public static List<String> directories(Path project) {
        return DIRECTORIES.stream().filter(d -> Files.isDirectory(project.resolve(d))).toList();
    }

    /** Whether {@code flake8 --version} works where this linter runs. */
    public boolean available() {
        if (runtime == null) {
            try {
                return ProcessRunner.run(ProcessRunner.Command.of(List.of(executable, "--version"), Duration.ofSeconds(30)),
                        line -> { }).ok();
            } catch (PreconditionException e) {
                return false;
            }
        }
        String probe = container + "-probe";
        try {
            // exit 127 when the image has no flake8 ("executable file not found in $PATH")
            return runtime.runToEnd(spec(probe, List.of("--version"), null), line -> { }, PROBE).ok();
        } finally {
            runtime.removeContainer(probe);
        }
    }

    public Result lint(Path project, Consumer<String> lines, Duration timeout) {
        List<String> dirs = directories(project);
        if (dirs.isEmpty()) {
            return new Result(dirs, List.of());
        }
        List<String> args = new ArrayList<>();
        if (CONFIG_FILES.stream().noneMatch(f -> Files.isRegularFile(project.resolve(f)))) {
            args.add("--exclude=__init__.py");
        }
        args.addAll(dirs);
        List<Finding> findings = new ArrayList<>();
        List<String> other = new ArrayList<>();
        Consumer<String> parse = line -> {
            lines.accept(line);
            Matcher m = PROBLEM.matcher(line);
            if (m.matches()) {
                findings.add(new Finding(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4), m.group(5)));
            } else {
                other.add(line);
            }
        };
        ProcessRunner.Result out = runtime == null ? onAgent(project, args, parse, timeout) : inImage(project, dirs, args, parse, timeout);
        if (out.timedOut()) {
            throw new OperationFailedException("flake8 did not finish within " + timeout.toSeconds() + " s");
        }
        if (out.exitCode() != 0 && findings.isEmpty()) {
            throw new OperationFailedException("flake8 failed with exit code " + out.exitCode() + ":\n  " + String.join("\n  ", other));
        }
        return new Result(dirs, List.copyOf(findings));
    }

    private ProcessRunner.Result onAgent(Path project, List<String> args, Consumer<String> lines, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(executable));
        command.addAll(args);
        // run in the project's root: flake8 finds the project's configuration there
        return ProcessRunner.run(ProcessRunner.Command.of(command, timeout).in(project), lines);
    }

    private ProcessRunner.Result inImage(Path project, List<String> dirs, List<String> args, Consumer<String> lines,
                                           Duration timeout) {
        Path stage = stage(project, dirs);
        try {
            runtime.create(spec(container, args, IN_IMAGE_ROOT));
            runtime.copyInto(container, stage, IN_IMAGE_ROOT);
            return runtime.startAttached(container, lines, timeout);
        } finally {
            runtime.removeContainer(container);
            delete(stage);
        }
    }

    private ContainerSpec spec(String name, List<String> args, String workdir) {
        // no network: flake8 needs none; the entrypoint replaced: the image's would wait for a database
        return new ContainerSpec(name, image, "none", List.of(), Map.of(), Map.of(), labels, Map.of(), args, "flake8", workdir);
    }

    /** A private copy of what flake8 reads: the linted directories and the project's configuration files. */
    private static Path stage(Path project, List<String> dirs) {
        try {
            Path stage = Files.createTempDirectory("odoo-platform-lint-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            for (String dir : dirs) {
                Path from = project.resolve(dir);
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path to = stage.resolve(dir).resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                            Files.createDirectories(to);
                        } else if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                            Files.copy(f, to);
                        }
                    }
                }
            }
            for (String config : CONFIG_FILES) {
                if (Files.isRegularFile(project.resolve(config))) {
                    Files.copy(project.resolve(config), stage.resolve(config));
                }
            }
            return stage;
        } catch (IOException e) {
            throw new OperationFailedException("cannot copy the project's sources for flake8: " + e.getMessage());
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the lint copy " + dir, e);
        }
    }

    /** "on this agent" or "in the image". */
    public String where() {
        return runtime == null ? "on this agent" : "in the image";
    }
}
