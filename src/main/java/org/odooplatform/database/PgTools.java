package org.odooplatform.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.SecretMasker;

/**
 * The PostgreSQL client programs {@code pg_dump} and {@code pg_restore} of this machine: found for
 * the server's major version, and run with the password in a private PGPASSFILE (mode 0600,
 * deleted afterwards), never in an argument or the child's environment, within a time limit.
 */
public final class PgTools {

    /** A program and the major version its {@code --version} reports. */
    public record Tool(String name, Path path, int major, String version) {
    }

    /** How a run ended: exit status (-1 when killed on timeout) and the last lines it printed. */
    public record Result(int exitCode, boolean timedOut, List<String> tail, Duration elapsed) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        public String lastLines() {
            return tail.isEmpty() ? "(no output)" : String.join(" | ", tail.subList(Math.max(0, tail.size() - 3), tail.size()));
        }
    }

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");
    private static final int TAIL = 15;

    private final Tool dump;
    private final Tool restore;

    private PgTools(Tool dump, Tool restore) {
        this.dump = dump;
        this.restore = restore;
    }

    /** Given programs (tests: a script standing in for another version). */
    static PgTools of(Tool dump, Tool restore) {
        return new PgTools(dump, restore);
    }

    public Tool dump() {
        return dump;
    }

    public Tool restore() {
        return restore;
    }

    /**
     * Finds pg_dump and pg_restore of the server's major version: in {@code binDir} when given,
     * else in Debian's {@code /usr/lib/postgresql/<major>/bin}, then on {@code PATH}. Older
     * pg_dump refuse newer servers and older pg_restore cannot read newer archives, and a newer
     * pg_dump writes archives the cluster's own tools cannot read: so the major must be equal.
     */
    public static PgTools locate(Optional<Path> binDir, ServerVersion server, Function<String, String> env) {
        int major = server.number() / 10000;
        Set<Path> dirs = new LinkedHashSet<>();
        if (binDir.isPresent()) {
            dirs.add(binDir.get());
        } else {
            dirs.add(Path.of("/usr/lib/postgresql/" + major + "/bin"));
            String path = env.apply("PATH");
            for (String dir : (path == null ? "/usr/bin:/bin" : path).split(":")) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        List<String> seen = new ArrayList<>();
        for (Path dir : dirs) {
            Optional<Tool> d = probe(dir.resolve("pg_dump"), "pg_dump", seen);
            Optional<Tool> r = probe(dir.resolve("pg_restore"), "pg_restore", seen);
            if (d.isPresent() && r.isPresent() && d.get().major() == major && r.get().major() == major) {
                return new PgTools(d.get(), r.get());
            }
        }
        throw new PreconditionException("no pg_dump and pg_restore of PostgreSQL " + major + " (the server is "
                + server.text() + ") found " + (binDir.isPresent() ? "in " + binDir.get() : "in /usr/lib/postgresql/"
                + major + "/bin or on PATH") + (seen.isEmpty() ? "" : "; found " + String.join(", ", seen))
                + ": backups are made and restored with the client tools of the server's major version; install them"
                + " (Debian: apt-get install postgresql-client-" + major + ") or give --pg-bin DIR; nothing was changed");
    }

    private static Optional<Tool> probe(Path program, String name, List<String> seen) {
        if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(program.toString(), "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4096);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                seen.add(program + " (no answer to --version)");
                return Optional.empty();
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            Matcher m = VERSION.matcher(text);
            if (!m.find()) {
                seen.add(program + " (unreadable version '" + text.lines().findFirst().orElse("") + "')");
                return Optional.empty();
            }
            String version = m.group(1) + (m.group(2) == null ? "" : "." + m.group(2));
            seen.add(program + " " + version);
            return Optional.of(new Tool(name, program, Integer.parseInt(m.group(1)), version));
        } catch (IOException e) {
            seen.add(program + " (" + e.getMessage() + ")");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while checking " + program);
        }
    }

    /**
     * Runs {@code tool} logged in as {@code login}. Each output line (masked) goes to
     * {@code lines}; {@code tick} runs about every second while it works (progress). The child
     * gets none of this process' PG* variables (the admin password among them), only a
     * PGPASSFILE and {@code extraEnv}.
     */
    public Result run(Tool tool, List<String> args, DatabaseLogin login, Map<String, String> extraEnv, Duration timeout,
                      Consumer<String> lines, Runnable tick) {
        Path dir = null;
        Process process = null;
        long start = System.nanoTime();
        try {
            dir = Files.createTempDirectory("odoo-platform-pg", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path passfile = dir.resolve("pgpass");
            Files.createFile(passfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(passfile, escape(login.host()) + ":" + login.port() + ":*:" + escape(login.user()) + ":"
                    + escape(login.password().reveal()) + "\n");
            List<String> command = new ArrayList<>();
            command.add(tool.path().toString());
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("PG"));
            env.put("PGPASSFILE", passfile.toString());
            env.put("PGCONNECT_TIMEOUT", "10");
            env.putAll(extraEnv);
            process = builder.start();
            process.getOutputStream().close();
            Deque<String> tail = new ArrayDeque<>();
            Process running = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        String masked = SecretMasker.global().mask(line.length() > 2000 ? line.substring(0, 2000) : line);
                        synchronized (tail) {
                            tail.addLast(masked);
                            if (tail.size() > TAIL) {
                                tail.removeFirst();
                            }
                        }
                        lines.accept(masked);
                    }
                } catch (IOException e) {
                    // the process is gone; its exit status says why
                }
            }, tool.name() + "-output");
            reader.setDaemon(true);
            reader.start();
            long deadline = start + timeout.toNanos();
            boolean timedOut = false;
            while (!process.waitFor(1, TimeUnit.SECONDS)) {
                tick.run();
                if (System.nanoTime() > deadline) {
                    timedOut = true;
                    kill(process);
                    break;
                }
            }
            reader.join(5000);
            List<String> lastLines;
            synchronized (tail) {
                lastLines = List.copyOf(tail);
            }
            return new Result(timedOut ? -1 : process.exitValue(), timedOut, lastLines,
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new OperationFailedException("cannot run " + tool.path() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException(tool.name() + " was interrupted", e);
        } finally {
            if (process != null && process.isAlive()) {
                kill(process);
            }
            deleteQuietly(dir);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve("pgpass"));
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the temporary password file in " + dir, e);
        }
    }

    /** libpq's .pgpass escaping: {@code \} and {@code :} are preceded by {@code \}. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }
}
