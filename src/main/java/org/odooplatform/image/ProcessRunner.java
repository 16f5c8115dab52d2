package org.odooplatform.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.SecretMasker;

/**
 * Runs a builder CLI: arguments never carry a secret (it goes through {@code stdin} or the
 * environment), stdout and stderr are merged and streamed line by line to the console, and the
 * last lines are kept for the error message of a failure.
 */
public final class ProcessRunner {

    public static final int TAIL_LINES = 15;

    /** Exit status and the last lines the process printed. */
    public record Result(int exitCode, List<String> tail) {
        public boolean ok() {
            return exitCode == 0;
        }

        public String lastLine() {
            return tail.isEmpty() ? "" : tail.get(tail.size() - 1);
        }
    }

    private final PrintWriter console;

    public ProcessRunner(PrintWriter console) {
        this.console = console;
    }

    public Result run(List<String> command, Map<String, String> env, String stdin, Path workDir, boolean stream) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new OperationFailedException("cannot run '" + command.get(0) + "': " + e.getMessage()
                    + "; install it or choose another --builder");
        }
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process exited before reading its input; its exit status says why
        }
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String masked = SecretMasker.global().mask(line);
                if (stream) {
                    console.println(masked);
                    console.flush();
                }
                tail.addLast(masked);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
            return new Result(process.waitFor(), List.copyOf(tail));
        } catch (IOException e) {
            process.destroy();
            throw new OperationFailedException("lost the output of '" + command.get(0) + "': " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while running '" + command.get(0) + "'");
        }
    }

    /** Runs quietly; for probes and inspect calls. */
    public Result quiet(List<String> command, Map<String, String> env) {
        return run(command, env, null, null, false);
    }
}
