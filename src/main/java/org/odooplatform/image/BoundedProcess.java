package org.odooplatform.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.SecretMasker;

/**
 * Runs a CLI (docker, podman, flake8) with a bounded time: past the timeout the process and its
 * children are killed. Arguments never carry a secret; a secret reaches the child through
 * {@code env} only. Output lines are masked before anyone sees them; the last ones are kept.
 */
public final class BoundedProcess {

    static final int TAIL_LINES = 40;

    /** Exit status ({@code -1} when killed), whether the timeout killed it, and its last lines. */
    public record Outcome(int exitCode, boolean timedOut, List<String> tail) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        public String tailText() {
            return String.join("\n", tail);
        }
    }

    private BoundedProcess() {
    }

    /**
     * @param stdinFile  fed to the process' stdin, or null for none
     * @param stdoutFile receives stdout (binary, e.g. a dump) while stderr goes to {@code lines}; null: both to {@code lines}
     */
    static Outcome run(List<String> command, Map<String, String> env, Path stdinFile, Path stdoutFile,
                       Consumer<String> lines, Duration timeout) {
        return run(command, null, env, stdinFile, stdoutFile, lines, timeout);
    }

    static Outcome run(List<String> command, Path workDir, Map<String, String> env, Path stdinFile, Path stdoutFile,
                       Consumer<String> lines, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().putAll(env);
        if (stdoutFile == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectOutput(stdoutFile.toFile());
        }
        if (stdinFile != null) {
            builder.redirectInput(stdinFile.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PreconditionException("cannot run '" + command.get(0) + "': " + e.getMessage());
        }
        if (stdinFile == null) {
            try (OutputStream in = process.getOutputStream()) {
                // no input: closing it lets a command that reads stdin finish
            } catch (IOException e) {
                // already exited
            }
        }
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }, "timeout " + command.get(0));
        watchdog.setDaemon(true);
        watchdog.start();
        Deque<String> tail = new ArrayDeque<>();
        java.io.InputStream stream = stdoutFile == null ? process.getInputStream() : process.getErrorStream();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                String masked = SecretMasker.global().mask(line);
                lines.accept(masked);
                tail.addLast(masked);
                if (tail.size() > TAIL_LINES) {
                    tail.removeFirst();
                }
            }
            int code = process.waitFor();
            watchdog.interrupt();
            return new Outcome(timedOut.get() ? -1 : code, timedOut.get(), List.copyOf(tail));
        } catch (IOException e) {
            process.destroyForcibly();
            throw new OperationFailedException("lost the output of '" + command.get(0) + "': " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while running '" + command.get(0) + "'");
        }
    }
}
