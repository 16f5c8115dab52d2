package org.odooplatform.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.ProcessRunner;

/**
 * flake8 over the project's {@code odoo/local-src} and {@code odoo/songs}, as the Travis lint job
 * ran it. flake8 reads the project's configuration ({@code setup.cfg}, {@code tox.ini},
 * {@code .flake8} of the project's root); without one, {@code __init__.py} files are excluded as
 * Travis did ({@code flake8 --exclude=__init__.py}).
 */
public final class Flake8Linter {

    static final List<String> DIRECTORIES = List.of("odoo/local-src", "odoo/songs");
    private static final List<String> CONFIG_FILES = List.of(".flake8", "setup.cfg", "tox.ini");
    private static final Pattern PROBLEM = Pattern.compile("^(.+?):(\\d+):(\\d+): ([A-Z]+\\d+) (.*)$");

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

    public Flake8Linter(String executable) {
        this.executable = executable;
    }

    /** The directories that exist in the project (a project without songs lints local-src only). */
    public static List<String> directories(Path project) {
        return DIRECTORIES.stream().filter(d -> Files.isDirectory(project.resolve(d))).toList();
    }

    public boolean available() {
        try {
            return ProcessRunner.run(ProcessRunner.Command.of(List.of(executable, "--version"), Duration.ofSeconds(30)),
                    line -> { }).ok();
        } catch (PreconditionException e) {
            return false;
        }
    }

    public Result lint(Path project, Consumer<String> lines, Duration timeout) {
        List<String> dirs = directories(project);
        if (dirs.isEmpty()) {
            return new Result(dirs, List.of());
        }
        List<String> command = new ArrayList<>(List.of(executable));
        if (CONFIG_FILES.stream().noneMatch(f -> Files.isRegularFile(project.resolve(f)))) {
            command.add("--exclude=__init__.py");
        }
        command.addAll(dirs);
        List<Finding> findings = new ArrayList<>();
        List<String> other = new ArrayList<>();
        // run in the project's root: flake8 finds the project's configuration there
        ProcessRunner.Result out = ProcessRunner.run(ProcessRunner.Command.of(command, timeout).in(project), line -> {
            lines.accept(line);
            Matcher m = PROBLEM.matcher(line);
            if (m.matches()) {
                findings.add(new Finding(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4), m.group(5)));
            } else {
                other.add(line);
            }
        });
        if (out.timedOut()) {
            throw new OperationFailedException("flake8 did not finish within " + timeout.toSeconds() + " s");
        }
        if (out.exitCode() != 0 && findings.isEmpty()) {
            throw new OperationFailedException("flake8 failed with exit code " + out.exitCode() + ":\n  " + String.join("\n  ", other));
        }
        return new Result(dirs, List.copyOf(findings));
    }
}
