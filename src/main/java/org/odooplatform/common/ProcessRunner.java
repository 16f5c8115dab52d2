package org.odooplatform.common;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one way the engine runs another program (builders, git, flake8, docker/podman, pg_dump,
 * the sandbox's child JVMs). Every run is bounded: past its time-out the process and all its
 * descendants are killed; each line is cut at {@value #MAX_LINE_CHARS} characters and masked
 * ({@link SecretMasker}) before anyone sees it; what is kept (the last lines, a captured stdout)
 * has a size limit. A secret never travels as an argument: an argument equal to a registered
 * secret (or {@code --name=secret}) is refused before the program starts, since {@code ps} and
 * {@code /proc/PID/cmdline} show arguments to every user of the machine; secrets go through
 * {@link Command#stdin(String)} or {@link Command#env(Map)}.
 *
 * <p>The child inherits this process' environment (PATH, HOME, DOCKER_HOST: what the tools need to
 * work) except its secrets and the prefixes a command drops, plus the variables it sets.
 */
public final class ProcessRunner {

    /** A longer line is cut: a progress bar without newlines must not fill the memory. */
    public static final int MAX_LINE_CHARS = 2000;
    public static final int DEFAULT_TAIL_LINES = 15;
    /** The default bound, in characters, of a captured stdout (an inspect's JSON, git's answer, the sandbox's child output). */
    public static final int DEFAULT_MAX_CAPTURE = 1024 * 1024;

    /** Ticks of {@link #run(Command, Consumer, Runnable)}: about once a second while the program runs. */
    private static final long TICK_MILLIS = 1000;
    /** After the program ended, how long its output may still take to arrive (a child kept the pipe open). */
    private static final long DRAIN_MILLIS = 5000;

    /**
     * What to run and how. Immutable to its users: each {@code with}-style method returns a changed
     * copy (the fields are set only on a copy not yet handed out).
     */
    public static final class Command {
        private final List<String> argv;
        private final Duration timeout;
        private Map<String, String> env = Map.of();
        private List<String> dropPrefixes = List.of();
        private Path workDir;
        private String stdinText;
        private Path stdinFile;
        private Path stdoutFile;
        private boolean captureStdout;
        private int tailLines = DEFAULT_TAIL_LINES;
        private int maxCapture = DEFAULT_MAX_CAPTURE;

        private Command(List<String> argv, Duration timeout) {
            this.argv = List.copyOf(argv);
            this.timeout = timeout;
        }

        /** {@code argv} with a time-out; stdout and stderr merged into the lines, no input. */
        public static Command of(List<String> argv, Duration timeout) {
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("no program to run");
            }
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("a process needs a positive time-out");
            }
            return new Command(argv, timeout);
        }

        private Command copy() {
            Command c = new Command(argv, timeout);
            c.env = env;
            c.dropPrefixes = dropPrefixes;
            c.workDir = workDir;
            c.stdinText = stdinText;
            c.stdinFile = stdinFile;
            c.stdoutFile = stdoutFile;
            c.captureStdout = captureStdout;
            c.tailLines = tailLines;
            c.maxCapture = maxCapture;
            return c;
        }

        /** Variables set for the child, on top of the inherited environment: where a secret goes. */
        public Command env(Map<String, String> more) {
            Map<String, String> merged = new LinkedHashMap<>(env);
            merged.putAll(more);
            Command c = copy();
            c.env = java.util.Collections.unmodifiableMap(merged);
            return c;
        }

        /** Inherited variables starting with {@code prefix} are not passed (e.g. PG: not this process' PGPASSWORD). */
        public Command withoutInherited(String prefix) {
            List<String> drop = new ArrayList<>(dropPrefixes);
            drop.add(prefix);
            Command c = copy();
            c.dropPrefixes = List.copyOf(drop);
            return c;
        }

        public Command in(Path dir) {
            Command c = copy();
            c.workDir = dir;
            return c;
        }

        /** Written to the child's stdin, then closed (a password for {@code --password-stdin}). */
        public Command stdin(String text) {
            Command c = copy();
            c.stdinText = text;
            c.stdinFile = null;
            return c;
        }

        public Command stdinFrom(Path file) {
            Command c = copy();
            c.stdinFile = file;
            c.stdinText = null;
            return c;
        }

        /** stdout goes to {@code file} unread (a dump, binary); only stderr becomes lines. */
        public Command stdoutTo(Path file) {
            Command c = copy();
            c.stdoutFile = file;
            c.captureStdout = false;
            return c;
        }

        /**
         * stdout and stderr are read apart: both become lines, and stdout is also kept whole (masked,
         * up to {@code maxChars} characters) in {@link Result#stdout()}.
         */
        public Command captureStdout(int maxChars) {
            Command c = copy();
            c.captureStdout = true;
            c.stdoutFile = null;
            c.maxCapture = maxChars;
            return c;
        }

        public Command tailLines(int lines) {
            Command c = copy();
            c.tailLines = lines;
            return c;
        }

        public List<String> argv() {
            return argv;
        }

        public String program() {
            return argv.get(0);
        }

        public Duration timeout() {
            return timeout;
        }
    }

    /** Exit status ({@code -1} when killed), whether the time-out killed it, its last lines, the captured stdout. */
    public record Result(int exitCode, boolean timedOut, List<String> tail, String stdout, boolean stdoutTruncated,
                         Duration elapsed) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        public String lastLine() {
            return tail.isEmpty() ? "" : tail.get(tail.size() - 1);
        }

        public String tailText() {
            return String.join("\n", tail);
        }
    }

    /** The program could not be started (not installed, not executable). */
    public static final class CannotStart extends PreconditionException {
        private final String reason;

        CannotStart(String program, String reason) {
            super("cannot run '" + program + "': " + reason);
            this.reason = reason;
        }

        /** What the system said (e.g. {@code No such file or directory}). */
        public String reason() {
            return reason;
        }
    }

    /** A program started in the background ({@link #start}), stopped with its descendants by {@link #close()}. */
    public static final class Background implements AutoCloseable {
        private final Process process;

        private Background(Process process) {
            this.process = process;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Asks it to stop (TERM), and kills it and its descendants if it has not within 10 s. */
        @Override
        public void close() {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    killTree(process, children);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killTree(process, children);
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }
    }

    private ProcessRunner() {
    }

    /** Runs {@code command} to its end or its time-out; each masked output line goes to {@code lines}. */
    public static Result run(Command command, Consumer<String> lines) {
        return run(command, lines, () -> { });
    }

    /** As {@link #run(Command, Consumer)}, calling {@code tick} about every second while it runs (progress). */
    public static Result run(Command command, Consumer<String> lines, Runnable tick) {
        Objects.requireNonNull(lines, "lines");
        long start = System.nanoTime();
        Process process = launch(command, command.stdoutFile == null && !command.captureStdout);
        Deque<String> tail = new ArrayDeque<>();
        Consumer<String> sink = line -> {
            synchronized (tail) {
                tail.addLast(line);
                if (tail.size() > command.tailLines) {
                    tail.removeFirst();
                }
                lines.accept(line);
            }
        };
        StringBuilder stdout = new StringBuilder();
        boolean[] truncated = {false};
        List<Thread> readers = new ArrayList<>();
        if (command.captureStdout) {
            readers.add(pump(process.getInputStream(), command.program() + "-stdout", line -> {
                sink.accept(line);
                synchronized (stdout) {
                    if (stdout.length() + line.length() + 1 > command.maxCapture) {
                        truncated[0] = true;
                    } else {
                        stdout.append(line).append('\n');
                    }
                }
            }));
            readers.add(pump(process.getErrorStream(), command.program() + "-stderr", sink));
        } else {
            // merged, or stdout redirected to a file: the one stream left to read
            readers.add(pump(command.stdoutFile == null ? process.getInputStream() : process.getErrorStream(),
                    command.program() + "-output", sink));
        }
        feed(command, process);
        long deadline = start + command.timeout.toNanos();
        boolean timedOut = false;
        try {
            while (!process.waitFor(Math.max(1, Math.min(TICK_MILLIS, (deadline - System.nanoTime()) / 1_000_000)),
                    TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() >= deadline) {
                    timedOut = true;
                    killTree(process, process.descendants().toList());
                    break;
                }
                tick.run();
            }
            for (Thread reader : readers) {
                reader.join(DRAIN_MILLIS);
            }
        } catch (InterruptedException e) {
            killTree(process, process.descendants().toList());
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while running '" + command.program() + "'");
        }
        List<String> last;
        synchronized (tail) {
            last = List.copyOf(tail);
        }
        String captured;
        synchronized (stdout) {
            captured = stdout.toString();
        }
        return new Result(timedOut ? -1 : process.exitValue(), timedOut, last, captured, truncated[0],
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Starts a server-like program whose output goes to {@code log}; the caller stops it with {@link Background#close()}. */
    public static Background start(List<String> argv, Path log) {
        Command command = Command.of(argv, Duration.ofDays(1)).stdoutTo(log);
        checkArguments(command);
        ProcessBuilder builder = new ProcessBuilder(command.argv).redirectErrorStream(true).redirectOutput(log.toFile());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new Background(process);
        } catch (IOException e) {
            throw new CannotStart(command.program(), e.getMessage());
        }
    }

    /** Refuses an argument that is, or ends in {@code =}, a registered secret (see the class comment). */
    static void checkArguments(Command command) {
        SecretMasker masker = SecretMasker.global();
        for (int i = 1; i < command.argv.size(); i++) {
            String arg = command.argv.get(i);
            int eq = arg.indexOf('=');
            if (masker.isSecret(arg) || (eq >= 0 && masker.isSecret(arg.substring(eq + 1)))) {
                throw new IllegalArgumentException("refusing to run '" + command.program() + "' with a secret as argument " + i
                        + " (every user of the machine can read process arguments): pass it through the environment or stdin");
            }
        }
    }

    /**
     * What the child sees: the inherited environment without the dropped prefixes and without any
     * secret (a variable named like one, or holding a value registered as one), plus the command's
     * own variables. A builder, git or flake8 needs PATH, HOME and DOCKER_HOST, never the Rancher key
     * or a registry password the engine was given: a program that dumps its environment (a failing
     * build's debug output, a plugin) must have none to dump. A secret a child needs is passed on
     * purpose with {@link Command#env(Map)}.
     */
    static Map<String, String> childEnvironment(Map<String, String> inherited, Command command) {
        Map<String, String> env = new java.util.TreeMap<>(inherited);
        for (String prefix : command.dropPrefixes) {
            env.keySet().removeIf(k -> k.startsWith(prefix));
        }
        env.entrySet().removeIf(e -> SecretMasker.isSecretName(e.getKey()) || SecretMasker.global().isSecret(e.getValue()));
        env.putAll(command.env);
        return env;
    }

    private static Process launch(Command command, boolean merge) {
        checkArguments(command);
        ProcessBuilder builder = new ProcessBuilder(command.argv);
        if (command.workDir != null) {
            builder.directory(command.workDir.toFile());
        }
        Map<String, String> env = builder.environment();
        Map<String, String> child = childEnvironment(Map.copyOf(env), command);
        env.clear();
        env.putAll(child);
        if (merge) {
            builder.redirectErrorStream(true);
        }
        if (command.stdoutFile != null) {
            builder.redirectOutput(command.stdoutFile.toFile());
        }
        if (command.stdinFile != null) {
            builder.redirectInput(command.stdinFile.toFile());
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new CannotStart(command.program(), e.getMessage());
        }
    }

    private static void feed(Command command, Process process) {
        if (command.stdinFile != null) {
            return;
        }
        try (OutputStream in = process.getOutputStream()) {
            if (command.stdinText != null) {
                in.write(command.stdinText.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process exited before reading its input (or reads none); its exit status says why
        }
    }

    private static Thread pump(InputStream in, String name, Consumer<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = boundedLine(reader); line != null; line = boundedLine(reader)) {
                    lines.accept(SecretMasker.global().mask(line));
                }
            } catch (IOException e) {
                // the process is gone; its exit status says why
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * The next line, at most {@value #MAX_LINE_CHARS} characters of it (the rest up to the newline is
     * read and dropped: readLine would hold a line of any length in memory); null at the end.
     */
    static String boundedLine(BufferedReader reader) throws IOException {
        StringBuilder line = new StringBuilder();
        int c = reader.read();
        if (c < 0) {
            return null;
        }
        while (c >= 0 && c != '\n') {
            if (line.length() < MAX_LINE_CHARS) {
                line.append((char) c);
            }
            c = reader.read();
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r' && end < MAX_LINE_CHARS) {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    /** Kills the process and the descendants it had (listed first: once it is dead they are re-parented and lost). */
    private static void killTree(Process process, List<ProcessHandle> descendants) {
        List<ProcessHandle> all = new ArrayList<>(descendants);
        all.addAll(process.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
