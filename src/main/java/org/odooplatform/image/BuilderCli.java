package org.odooplatform.image;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.ProcessRunner;

/**
 * How the builders run their CLI (docker, buildah) through {@link ProcessRunner}: a build's or
 * push's lines stream to the console, probes and logins run quietly, and a builder that cannot
 * start says which option picks another.
 */
final class BuilderCli {

    /** A build or push: a slow agent pulling a large base image, but not a hung one forever. */
    static final Duration LONG = Duration.ofHours(2);
    /** A probe, an inspect, a login. */
    static final Duration SHORT = Duration.ofMinutes(2);

    private final PrintWriter console;

    BuilderCli(PrintWriter console) {
        this.console = console;
    }

    /** Runs {@code command}; with {@code stream} its lines go to the console as they come. */
    ProcessRunner.Result run(List<String> command, Map<String, String> env, String stdin, Path workDir, boolean stream,
                             Duration timeout) {
        ProcessRunner.Command c = ProcessRunner.Command.of(command, timeout).env(env);
        if (stdin != null) {
            c = c.stdin(stdin);
        }
        if (workDir != null) {
            c = c.in(workDir);
        }
        try {
            return ProcessRunner.run(c, line -> {
                if (stream) {
                    console.println(line);
                    console.flush();
                }
            });
        } catch (ProcessRunner.CannotStart e) {
            throw new OperationFailedException(e.getMessage() + "; install it or choose another --builder");
        }
    }

    /** Runs quietly and briefly; for probes and inspect calls. */
    ProcessRunner.Result quiet(List<String> command, Map<String, String> env) {
        return run(command, env, null, null, false, SHORT);
    }
}
