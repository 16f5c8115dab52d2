package org.odooplatform.flow;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.Secret;
import org.odooplatform.image.ContainerRuntime;
import org.odooplatform.image.ContainerSpec;
import org.odooplatform.image.Flake8Linter;
import org.odooplatform.image.JUnitReport;
import org.odooplatform.image.OdooTestLog;
import org.odooplatform.image.RegistryLogin;

/**
 * Tests a built Odoo image before it is published, as the Travis jobs did: lint (flake8), the
 * project's tests ({@code runtests}), the install scenario ({@code odoo --stop-after-init} in demo
 * mode) and, optionally, the upgrade from the previous release ({@code runmigration} on that
 * release's database). The database is a real PostgreSQL container on a private network made
 * for this run; both are removed at the end, whatever happened, also on SIGTERM.
 */
public final class ImageTestFlow {

    /** Label on everything a run creates: its value is the run's name. */
    public static final String RUN_LABEL = "org.odooplatform.test-run";
    static final String DB_USER = "odoo";
    static final String DB_DATA = "/var/lib/postgresql/data";
    private static final Duration HEARTBEAT = Duration.ofSeconds(30);
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(30);
    /** Cached databases kept (the newest): a release line needs the last one or two. */
    static final int CACHED_DUMPS = 5;

    private final ContainerRuntime runtime;
    private final Flake8Linter linter;
    private final Function<String, Optional<RegistryLogin>> logins;
    private final PrintStream console;
    private final Progress progress;

    public ImageTestFlow(ContainerRuntime runtime, Flake8Linter linter, PrintStream console, Clock clock) {
        this(runtime, linter, image -> Optional.empty(), console, clock);
    }

    /** {@code logins}: the registry login to pull an image with (the tested one with {@code pull}, the previous release's). */
    public ImageTestFlow(ContainerRuntime runtime, Flake8Linter linter, Function<String, Optional<RegistryLogin>> logins,
                         PrintStream console, Clock clock) {
        this.runtime = runtime;
        this.linter = linter;
        this.logins = logins;
        this.console = console;
        this.progress = new Progress(console, clock);
    }

    /** The outcome of each phase that ran, in order. */
    public record Summary(String run, Map<String, String> phases) {
    }

    /** Runs the phases; a failing phase stops the run with exit 1 after the cleanup. */
    public Summary run(ImageTestRequest request) {
        if (runtime.imageId(request.image()).isEmpty()) {
            if (!request.pull()) {
                throw new PreconditionException("image " + request.image() + " is not in " + runtime.name() + "'s local storage:"
                        + " build it first on this agent (docker builds for docker; buildah for podman with the same --buildah-root),"
                        + " or pull it from the registry (--pull)");
            }
            progress.line("pulling " + request.image() + " (not in " + runtime.name() + "'s local storage)");
            try {
                runtime.pull(request.image(), logins.apply(request.image()), console::println, PULL_TIMEOUT);
            } catch (OperationFailedException e) {
                throw new PreconditionException("image " + request.image() + " is not in " + runtime.name() + "'s local storage"
                        + " and pulling it failed: " + e.getMessage());
            }
        }
        boolean lint = request.lint() && !Flake8Linter.directories(request.project()).isEmpty();
        boolean agentLint = lint && request.lintIn() != Flake8Linter.Where.IMAGE && linter.available();
        if (lint && request.lintIn() == Flake8Linter.Where.AGENT && !agentLint) {
            throw new PreconditionException("flake8 is not on this agent (not found in PATH): install it (apt-get install flake8,"
                    + " or pip install flake8), or run it in the image (--lint-in image), or turn the lint phase off (--no-lint)");
        }
        String run = "odoo-test-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(5));
        Map<String, String> phases = new LinkedHashMap<>();
        progress.line("image test " + run + ": " + request.image() + " with " + runtime.name() + ", reports in " + request.reports());
        if (request.upgradeNote() != null) {
            progress.line("upgrade: " + request.upgradeNote());
        }
        try (Environment env = new Environment(run)) {
            if (request.lint()) {
                lint(request, env, agentLint ? linter : null, phases);
            }
            if (request.tests() || request.scenario() || request.upgradeFrom() != null) {
                env.startDatabase(request);
                if (request.tests()) {
                    tests(request, env, phases);
                }
                if (request.scenario()) {
                    scenario(request, env, phases);
                }
                if (request.upgradeFrom() != null) {
                    upgrade(request, env, phases);
                }
            }
        }
        if (request.upgradeFrom() == null && request.upgradeNote() != null) {
            phases.put("upgrade", "no upgrade (first release)");
        }
        progress.line("image test " + run + " passed: " + String.join(", ", phases.values()));
        return new Summary(run, phases);
    }

    /** {@code onAgent} null: flake8 runs in the image (asked for, or the agent has none). */
    private void lint(ImageTestRequest request, Environment env, Flake8Linter onAgent, Map<String, String> phases) {
        List<String> dirs = Flake8Linter.directories(request.project());
        if (dirs.isEmpty()) {
            progress.line("lint: neither odoo/local-src nor odoo/songs exists: nothing to lint");
            phases.put("lint", "lint (nothing to lint)");
            return;
        }
        Flake8Linter used = onAgent;
        if (used == null) {
            used = env.linterInImage(request.image());
            if (request.lintIn() == Flake8Linter.Where.AUTO) {
                progress.line("lint: flake8 is not on this agent: running it in " + request.image());
            }
            if (!used.available()) {
                throw new PreconditionException(request.lintIn() == Flake8Linter.Where.AUTO
                        ? "flake8 is neither on this agent (not found in PATH) nor in the image " + request.image()
                                + ": install it on the agent (apt-get install flake8, or pip install flake8) or in the image"
                                + " (pip install flake8 in its Dockerfile), or turn the lint phase off (--no-lint)"
                        : "flake8 is not in the image " + request.image() + ": add it to the image (pip install flake8 in its"
                                + " Dockerfile), or run it on the agent (--lint-in agent), or turn the lint phase off (--no-lint)");
            }
        }
        progress.line("lint: flake8 " + String.join(" ", dirs) + (onAgent == null ? " in the image" : "")
                + " (timeout " + human(request.timeouts().lint()) + ")");
        Instant start = Instant.now();
        Flake8Linter.Result result;
        try (PhaseLog log = new PhaseLog(request.reports(), "lint")) {
            result = used.lint(request.project(), log, request.timeouts().lint());
        }
        double seconds = seconds(start);
        List<JUnitReport.Case> cases = new ArrayList<>();
        Map<String, List<Flake8Linter.Finding>> byFile = new LinkedHashMap<>();
        result.findings().forEach(f -> byFile.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f));
        byFile.forEach((file, findings) -> cases.add(new JUnitReport.Case("flake8", file, 0,
                String.join("\n", findings.stream().map(Object::toString).toList()), null)));
        if (cases.isEmpty()) {
            cases.add(new JUnitReport.Case("flake8", String.join(" ", dirs), seconds, null, null));
        }
        JUnitReport.write(request.reports().resolve("odoo-platform-lint.xml"), "lint", cases);
        if (!result.findings().isEmpty()) {
            throw new OperationFailedException("lint failed: flake8 found " + result.findings().size() + " problem(s):\n  "
                    + String.join("\n  ", result.findings().stream().limit(20).map(Object::toString).toList())
                    + (result.findings().size() > 20 ? "\n  ..." : "") + "\nthe image was not tested further and nothing was published");
        }
        progress.line("lint: passed (" + String.join(", ", dirs) + ")");
        phases.put("lint", "lint");
    }

    private void tests(ImageTestRequest request, Environment env, Map<String, String> phases) {
        OdooTestLog testLog = new OdooTestLog();
        Phase phase = env.runPhase(request, "tests", "runtests", request.image(), "odoo_test",
                Map.of("ODOO_CLOUD_PLATFORM_UNSAFE", "1", "DEMO", "True", "CI", "True", "JUNIT_DIR", request.junitInImage()),
                List.of("runtests"), request.timeouts().tests(), testLog::accept);
        Path fromImage = request.reports().resolve("runtests");
        boolean imageReport = false;
        try {
            Files.createDirectories(fromImage);
            imageReport = runtime.copyFrom(phase.container(), request.junitInImage(), fromImage) && hasXml(fromImage);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            env.remove(phase.container());
        }
        List<OdooTestLog.Test> failed = testLog.failed();
        if (!imageReport) {
            List<JUnitReport.Case> cases = new ArrayList<>();
            testLog.tests().forEach(t -> cases.add(new JUnitReport.Case(t.className(), t.name(), 0, t.failure(), null)));
            if (!phase.ok() && failed.isEmpty()) {
                cases.add(new JUnitReport.Case("runtests", "runtests", phase.seconds(), phase.failure(), phase.tailText()));
            } else if (cases.isEmpty()) {
                cases.add(new JUnitReport.Case("runtests", "runtests", phase.seconds(), null, null));
            }
            JUnitReport.write(request.reports().resolve("odoo-platform-tests.xml"), "runtests", cases);
        }
        if (!phase.ok() || !failed.isEmpty()) {
            String names = failed.isEmpty() ? phase.failure()
                    : failed.size() + " failing test(s): " + String.join(", ", failed.stream().map(OdooTestLog.Test::label).toList());
            throw new OperationFailedException("tests failed: runtests in " + request.image() + ": " + names
                    + "\nsee " + request.reports().resolve("tests.log") + "; nothing was published");
        }
        int count = testLog.tests().size();
        progress.line("tests: passed (" + count + " test" + (count == 1 ? "" : "s") + ", " + Math.round(phase.seconds()) + " s)");
        phases.put("tests", "tests (" + count + ")");
    }

    private void scenario(ImageTestRequest request, Environment env, Map<String, String> phases) {
        Phase phase = env.runPhase(request, "scenario", "scenario", request.image(), "odoodb",
                Map.of("ODOO_CLOUD_PLATFORM_UNSAFE", "1", "MARABUNTA_MODE", "demo", "MARABUNTA_ALLOW_SERIE", "True"),
                List.of("odoo", "--stop-after-init"), request.timeouts().scenario(), line -> { });
        env.remove(phase.container());
        report(request, "scenario", "marabunta install (MARABUNTA_MODE=demo)", phase);
        if (!phase.ok()) {
            throw new OperationFailedException("install scenario failed: odoo --stop-after-init (MARABUNTA_MODE=demo) in "
                    + request.image() + ": " + phase.failure() + "; its last lines:\n  " + String.join("\n  ", phase.tail(12))
                    + "\nsee " + request.reports().resolve("scenario.log") + "; nothing was published");
        }
        progress.line("scenario: passed (" + Math.round(phase.seconds()) + " s)");
        phases.put("scenario", "scenario");
    }

    private void upgrade(ImageTestRequest request, Environment env, Map<String, String> phases) {
        String previous = request.upgradeFrom();
        if (runtime.imageId(previous).isEmpty()) {
            progress.line("upgrade: pulling " + previous);
            runtime.pull(previous, logins.apply(previous), console::println, request.timeouts().upgrade());
        }
        String id = runtime.imageId(previous).orElseThrow(() -> new OperationFailedException("cannot find " + previous
                + " after pulling it"));
        String database = "odoo_upgrade";
        Path dump = request.dbCache().resolve(id.replace("sha256:", "") + "-demo.pgdump");
        if (Files.isRegularFile(dump)) {
            progress.line("upgrade: restoring the database of " + previous + " from " + dump);
            env.restore(database, dump, request.timeouts().upgrade());
        } else {
            progress.line("upgrade: no cached database for " + previous + " (" + id + "): installing it");
            Phase install = env.runPhase(request, "upgrade-install", "previous", previous, database,
                    Map.of("ODOO_CLOUD_PLATFORM_UNSAFE", "1", "MARABUNTA_MODE", "demo", "MARABUNTA_ALLOW_SERIE", "True"),
                    List.of("odoo", "--stop-after-init"), request.timeouts().upgrade(), line -> { });
            env.remove(install.container());
            if (!install.ok()) {
                report(request, "upgrade", "install of " + previous, install);
                throw new OperationFailedException("upgrade test failed: the previous release " + previous
                        + " does not install (" + install.failure() + "): there is no database to upgrade; its last lines:\n  "
                        + String.join("\n  ", install.tail(12)) + "\nnothing was published");
            }
            env.dump(database, dump, request.timeouts().upgrade());
            progress.line("upgrade: cached the database of " + previous + " as " + dump);
        }
        Phase phase = env.runPhase(request, "upgrade", "runmigration", request.image(), database,
                Map.of("ODOO_CLOUD_PLATFORM_UNSAFE", "1", "MARABUNTA_MODE", "demo", "MARABUNTA_ALLOW_SERIE", "True",
                        "LOAD_DB_CACHE", "false"),
                List.of("runmigration"), request.timeouts().upgrade(), line -> { });
        env.remove(phase.container());
        report(request, "upgrade", "runmigration from " + previous, phase);
        if (!phase.ok()) {
            throw new OperationFailedException("upgrade failed: runmigration of " + request.image() + " on the database of "
                    + previous + ": " + phase.failure() + "; its last lines:\n  " + String.join("\n  ", phase.tail(12))
                    + "\nsee " + request.reports().resolve("upgrade.log") + "; nothing was published");
        }
        progress.line("upgrade: passed from " + previous + " (" + Math.round(phase.seconds()) + " s)");
        phases.put("upgrade", "upgrade from " + previous);
    }

    private static void report(ImageTestRequest request, String suite, String name, Phase phase) {
        JUnitReport.write(request.reports().resolve("odoo-platform-" + suite + ".xml"), suite, List.of(
                new JUnitReport.Case(suite, name, phase.seconds(), phase.ok() ? null : phase.failure() + "\n" + phase.tailText(), null)));
    }

    private static boolean hasXml(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.anyMatch(f -> f.toString().endsWith(".xml"));
        }
    }

    static double seconds(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() / 1000.0;
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 && s > 0 ? s / 3600 + "h" : s % 60 == 0 && s > 0 ? s / 60 + "m" : s + "s";
    }

    /** The outcome of one container run. */
    record Phase(String container, int exitCode, boolean timedOut, Duration timeout, double seconds, List<String> lines) {
        boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        String failure() {
            return timedOut ? "timed out after " + human(timeout) : "exit code " + exitCode;
        }

        List<String> tail(int n) {
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        }

        String tailText() {
            return String.join("\n", tail(40));
        }
    }

    /** A phase's log file in the reports directory, fed line by line while the console shows the same lines. */
    private final class PhaseLog implements Consumer<String>, AutoCloseable {
        private final BufferedWriter writer;
        private final String prefix;

        PhaseLog(Path reports, String phase) {
            this.prefix = phase + "| ";
            try {
                Files.createDirectories(reports);
                this.writer = Files.newBufferedWriter(reports.resolve(phase + ".log"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new OperationFailedException("cannot write the log of " + phase + " in " + reports + ": " + e.getMessage());
            }
        }

        @Override
        public synchronized void accept(String line) {
            console.println(prefix + line);
            console.flush();
            try {
                writer.write(line);
                writer.newLine();
            } catch (IOException e) {
                // the console has the line; a full disk must not hide the test's outcome
            }
        }

        @Override
        public void close() {
            try {
                writer.close();
            } catch (IOException e) {
                // see accept
            }
        }
    }

    /**
     * The run's network, database server and containers. Creating and removing are serialised,
     * and after {@link #close()} nothing more is created: the SIGTERM hook and the run itself
     * cannot race each other into a leftover container.
     */
    private final class Environment implements AutoCloseable {
        private final String run;
        private final String network;
        private final String dbContainer;
        private final String dbVolume;
        private final Secret password;
        private final Map<String, String> labels;
        private final List<String> containers = new ArrayList<>();
        private final Thread hook;
        private boolean networkCreated;
        private boolean volumeCreated;
        /** Whether the run may have created anything (an agent's lint alone creates nothing: no cleanup line then). */
        private boolean created;
        private boolean closed;

        Environment(String run) {
            this.run = run;
            this.network = run + "-net";
            this.dbContainer = run + "-db";
            this.dbVolume = run + "-dbdata";
            this.labels = Map.of(RUN_LABEL, run);
            // 24 random characters, generated for this run only; registered with the masker
            this.password = Secret.of(HexFormat.of().formatHex(new SecureRandom().generateSeed(12)));
            this.hook = new Thread(() -> {
                console.println("image test " + run + ": stopped by a signal: removing its containers, network and volume");
                console.flush();
                close();
            }, "image-test-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** flake8 in {@code image}; its containers belong to the run (removed at the end, also on SIGTERM). */
        synchronized Flake8Linter linterInImage(String image) {
            ensureOpen();
            Flake8Linter linter = Flake8Linter.inImage(runtime, image, run + "-lint", labels);
            containers.addAll(linter.containers());
            created = true;
            return linter;
        }

        void startDatabase(ImageTestRequest request) {
            synchronized (this) {
                ensureOpen();
                created = true;
                runtime.createNetwork(network, labels);
                networkCreated = true;
                runtime.createVolume(dbVolume, labels);
                volumeCreated = true;
                containers.add(dbContainer);
                progress.line("database: starting " + request.dbImage() + " as " + dbContainer + " on network " + network
                        + " (timeout " + human(request.timeouts().database()) + ")");
                runtime.start(new ContainerSpec(dbContainer, request.dbImage(), network, List.of("db"),
                        Map.of("POSTGRES_USER", DB_USER), Map.of("POSTGRES_PASSWORD", password), labels,
                        Map.of(dbVolume, DB_DATA), List.of()));
            }
            waitForDatabase(request.timeouts().database());
        }

        private void waitForDatabase(Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            Instant start = Instant.now();
            while (true) {
                // TCP on 127.0.0.1: the official images' first start runs a socket-only server, then the real one
                if (runtime.exec(dbContainer, List.of("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432", "-U", DB_USER),
                        null, null, line -> { }, Duration.ofSeconds(20)).ok()) {
                    progress.line("database: accepting connections after " + Math.round(seconds(start)) + " s");
                    return;
                }
                if (!runtime.isRunning(dbContainer)) {
                    throw new OperationFailedException("the database container " + dbContainer + " stopped; its last lines:\n  "
                            + String.join("\n  ", runtime.logs(dbContainer).lines().toList()));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new OperationFailedException("the database did not accept connections within " + human(timeout)
                            + "; its last lines:\n  " + String.join("\n  ", runtime.logs(dbContainer).lines().toList()));
                }
                sleep(Duration.ofMillis(500));
            }
        }

        Phase runPhase(ImageTestRequest request, String phase, String suffix, String image, String database,
                       Map<String, String> env, List<String> command, Duration timeout, Consumer<String> observer) {
            String name = run + "-" + suffix;
            synchronized (this) {
                ensureOpen();
                created = true;
                containers.add(name);
            }
            Map<String, String> all = new LinkedHashMap<>(env);
            all.put("DB_HOST", "db");
            all.put("DB_PORT", "5432");
            all.put("DB_USER", DB_USER);
            all.put("DB_NAME", database);
            ContainerSpec spec = new ContainerSpec(name, image, network, List.of(), all, Map.of("DB_PASSWORD", password),
                    labels, Map.of(), command);
            progress.line(phase + ": " + String.join(" ", command) + " in " + image + " (timeout " + human(timeout) + ")");
            List<String> lines = new ArrayList<>();
            Instant start = Instant.now();
            ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "heartbeat");
                t.setDaemon(true);
                return t;
            });
            heartbeat.scheduleAtFixedRate(() -> progress.line(phase + ": running for " + Math.round(seconds(start)) + " s (timeout "
                    + human(timeout) + ")"), HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
            try (PhaseLog log = new PhaseLog(request.reports(), phase)) {
                var outcome = runtime.runToEnd(spec, line -> {
                    log.accept(line);
                    observer.accept(line);
                    synchronized (lines) {
                        if (lines.size() < 5000) {
                            lines.add(line);
                        }
                    }
                }, timeout);
                return new Phase(name, outcome.exitCode(), outcome.timedOut(), timeout, seconds(start), List.copyOf(lines));
            } finally {
                heartbeat.shutdownNow();
            }
        }

        void dump(String database, Path file, Duration timeout) {
            try {
                Files.createDirectories(file.getParent());
                Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
                var out = runtime.exec(dbContainer, List.of("pg_dump", "-U", DB_USER, "-Fc", "--no-owner", database), null, partial,
                        console::println, timeout);
                if (!out.ok()) {
                    Files.deleteIfExists(partial);
                    throw new OperationFailedException("pg_dump of " + database + " failed: " + out.tailText());
                }
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                prune(file.getParent());
            } catch (IOException e) {
                throw new OperationFailedException("cannot write the database cache " + file + ": " + e.getMessage());
            }
        }

        /** Keeps the newest {@link #CACHED_DUMPS} dumps, so the cache does not grow with every release. */
        private void prune(Path dir) throws IOException {
            List<Path> dumps;
            try (var files = Files.list(dir)) {
                dumps = files.filter(f -> f.getFileName().toString().endsWith(".pgdump"))
                        .sorted(java.util.Comparator.comparing((Path f) -> f.toFile().lastModified()).reversed()).toList();
            }
            for (Path old : dumps.subList(Math.min(CACHED_DUMPS, dumps.size()), dumps.size())) {
                Files.deleteIfExists(old);
                progress.line("upgrade: removed the old cached database " + old);
            }
        }

        void restore(String database, Path file, Duration timeout) {
            var created = runtime.exec(dbContainer, List.of("createdb", "-U", DB_USER, "-O", DB_USER, database), null, null,
                    console::println, Duration.ofMinutes(2));
            var out = created.ok() ? runtime.exec(dbContainer, List.of("pg_restore", "-U", DB_USER, "--no-owner", "--role", DB_USER,
                    "-d", database), file, null, console::println, timeout) : created;
            if (!out.ok()) {
                throw new OperationFailedException("cannot restore the cached database " + file + ": " + out.tailText()
                        + "\ndelete the file to rebuild it from the previous release");
            }
        }

        synchronized void remove(String container) {
            runtime.removeContainer(container);
            containers.remove(container);
        }

        private void ensureOpen() {
            if (closed) {
                throw new OperationFailedException("image test " + run + " was stopped");
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            List<String> left = new ArrayList<>(containers);
            runtime.labelled("container", RUN_LABEL, run).forEach(c -> {
                if (!left.contains(c)) {
                    left.add(c);
                }
            });
            left.forEach(runtime::removeContainer);
            if (volumeCreated || !runtime.labelled("volume", RUN_LABEL, run).isEmpty()) {
                runtime.removeVolume(dbVolume);
            }
            if (networkCreated || !runtime.labelled("network", RUN_LABEL, run).isEmpty()) {
                runtime.removeNetwork(network);
            }
            List<String> remaining = new ArrayList<>(runtime.labelled("container", RUN_LABEL, run));
            remaining.addAll(runtime.labelled("network", RUN_LABEL, run));
            remaining.addAll(runtime.labelled("volume", RUN_LABEL, run));
            if (remaining.isEmpty()) {
                if (created) {
                    progress.line("image test " + run + ": containers, network and volume removed");
                }
            } else {
                progress.line("warning: image test " + run + " could not remove " + remaining + "; remove them with "
                        + runtime.name() + " rm -f / network rm / volume rm");
            }
            if (Thread.currentThread() != hook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down: the hook runs close() again, which returns at once
                }
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while waiting for the database");
        }
    }
}
