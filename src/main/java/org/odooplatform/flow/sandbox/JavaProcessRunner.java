package org.odooplatform.flow.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.ProcessRunner;

/**
 * Runs the engine's own CLI in a child JVM (same class path), so the sandbox shows the exact
 * commands a pipeline runs, with credentials passed the way a pipeline passes them: environment.
 */
public final class JavaProcessRunner implements CommandRunner {

    /** One sandbox step (a build, a deploy on the simulator) takes minutes; a hung one must not hold the sandbox. */
    static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final PrintStream console;
    private final Path workingDirectory;

    public JavaProcessRunner(PrintStream console, Path workingDirectory) {
        this.console = console;
        this.workingDirectory = workingDirectory;
    }

    @Override
    public Result run(List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1"); // short-lived CLI runs: start fast (as bin/odoo-platform)
        command.add("-XX:+UseSerialGC");
        String classPath = System.getProperty("java.class.path");
        Path archive = Paths.get(classPath.replaceFirst("\\.jar$", ".jsa"));
        if (classPath.endsWith("odoo-platform.jar") && Files.isRegularFile(archive)) {
            // the build's class-data sharing archive, dumped from this jar (ignored, silently, if it does not match)
            command.add("-XX:SharedArchiveFile=" + archive);
            command.add("-Xlog:cds=off");
            command.add("-Xlog:cds+dynamic=off");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.odooplatform.cli.Main");
        command.addAll(args);
        // stdout is what the caller reads back (a built image's reference); stderr is only shown
        ProcessRunner.Result r;
        try {
            r = ProcessRunner.run(ProcessRunner.Command.of(command, TIMEOUT).in(workingDirectory).env(env)
                    .captureStdout(ProcessRunner.DEFAULT_MAX_CAPTURE), line -> console.println("  " + line));
        } catch (ProcessRunner.CannotStart e) {
            throw new UncheckedIOException("cannot start the odoo-platform CLI", new IOException(e.reason()));
        }
        if (r.timedOut()) {
            throw new OperationFailedException("odoo-platform " + args.get(0) + " did not finish within "
                    + TIMEOUT.toMinutes() + " min and was killed");
        }
        return new Result(r.exitCode(), r.stdout());
    }
}
