package org.odooplatform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.ProcessRunner;

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
        ProcessRunner.Result r;
        try {
            r = ProcessRunner.run(ProcessRunner.Command.of(List.of(program.toString(), "--version"), Duration.ofSeconds(10))
                    .captureStdout(4096), line -> { });
        } catch (ProcessRunner.CannotStart e) {
            seen.add(program + " (" + e.reason() + ")");
            return Optional.empty();
        }
        if (r.timedOut()) {
            seen.add(program + " (no answer to --version)");
            return Optional.empty();
        }
        String text = String.join("\n", r.tail()).strip();
        Matcher m = VERSION.matcher(text);
        if (!m.find()) {
            seen.add(program + " (unreadable version '" + text.lines().findFirst().orElse("") + "')");
            return Optional.empty();
        }
        String version = m.group(1) + (m.group(2) == null ? "" : "." + m.group(2));
        seen.add(program + " " + version);
        return Optional.of(new Tool(name, program, Integer.parseInt(m.group(1)), version));
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
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PGPASSFILE", passfile.toString());
            env.put("PGCONNECT_TIMEOUT", "10");
            env.putAll(extraEnv);
            ProcessRunner.Result r = ProcessRunner.run(ProcessRunner.Command.of(command, timeout).withoutInherited("PG").env(env)
                    .tailLines(TAIL), lines, tick);
            return new Result(r.exitCode(), r.timedOut(), r.tail(), r.elapsed());
        } catch (ProcessRunner.CannotStart e) {
            throw new OperationFailedException("cannot run " + tool.path() + ": " + e.reason(), e);
        } catch (IOException e) {
            throw new OperationFailedException("cannot run " + tool.path() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
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
