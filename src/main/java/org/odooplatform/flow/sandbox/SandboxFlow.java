package org.odooplatform.flow.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;

/**
 * The README's first command: the whole master → tag → promote cycle of a project against an
 * embedded Rancher simulator, run through the same CLI commands a pipeline runs.
 */
public final class SandboxFlow {

    /**
     * @param project   the Odoo project to copy and run (never changed itself)
     * @param workdir   where the copy and the generated settings go (settings files are 0600)
     * @param rancherEnv RANCHER_URL / RANCHER_ACCESS_KEY / RANCHER_SECRET_KEY of the simulator
     */
    public record Options(Path project, Path workdir, Map<String, String> rancherEnv, Map<String, String> platformEnv) {
    }

    private final Options options;
    private final CommandRunner runner;
    private final PrintStream out;
    private final Map<String, String> env = new LinkedHashMap<>();
    private int step;

    private SandboxFlow(Options options, CommandRunner runner, PrintStream out) {
        this.options = options;
        this.runner = runner;
        this.out = out;
        env.putAll(options.rancherEnv());
        env.putAll(options.platformEnv());
    }

    /** Runs every step; the first failing command stops the run with its exit code. */
    public static int run(Options options, CommandRunner runner, PrintStream out) {
        return new SandboxFlow(options, runner, out).runAll();
    }

    private int runAll() {
        Path project = options.workdir().resolve("project");
        copy(options.project(), project);
        createDirectory(options.workdir().resolve("settings"));
        ProjectConfig config = ProjectConfig.load(project);
        String client = config.requireClient();
        String repository = config.image().orElse(client + "_odoo");
        String commit = contentHash(project);
        Map<Instance, Path> settings = new LinkedHashMap<>();

        section("Settings: generate each instance's settings (the Jenkins 'Secret file' credentials) and check them");
        for (Instance instance : Instance.values()) {
            Path file = options.workdir().resolve("settings").resolve(instance.id() + ".env");
            settings.put(instance, file);
            expect(0, "init-settings", "--client", client, "--instance", instance.id(),
                    "--domain", instance.id() + "." + client + ".odoo.example.com", "--out", file.toString());
            expect(0, "check", "--project", project.toString(), "--instance", instance.id(),
                    "--env-file", file.toString());
        }

        section("Master build " + commit.substring(0, 12) + ": recreate the test stack with the commit's image");
        String testImage = repository + ":" + commit.substring(0, 12);
        expect(0, "deploy", "--project", project.toString(), "--instance", "test",
                "--env-file", settings.get(Instance.TEST).toString(), "--image", testImage, "--recreate-db",
                "--commit", commit, "--triggered-by", "sandbox: master build");

        section("Release: bump a feature version (what 'invoke release.bump --feature' did)");
        expect(0, "release", "bump", "--feature", "--project", project.toString());
        String version = read(project.resolve("odoo/VERSION")).strip();
        expect(0, "release", "notes", version, "--project", project.toString());

        section("Tag " + version + ": the commit's image is promoted to " + version
                + " (a registry operation: the sandbox has no registry), then integration is upgraded");
        String releaseImage = repository + ":" + version;
        expect(0, "deploy", "--project", project.toString(), "--instance", "integration",
                "--env-file", settings.get(Instance.INTEGRATION).toString(), "--image", releaseImage,
                "--commit", commit, "--triggered-by", "sandbox: tag " + version);

        section("Promote " + version + " to prod: the plan first, then the approved deploy");
        int diff = runCommand(List.of("diff", "--project", project.toString(), "--instance", "prod",
                "--env-file", settings.get(Instance.PROD).toString(), "--image", releaseImage));
        if (diff != ExitCode.OK && diff != ExitCode.CHANGES) {
            return fail("diff", diff);
        }
        expect(0, "deploy", "--project", project.toString(), "--instance", "prod",
                "--env-file", settings.get(Instance.PROD).toString(), "--image", releaseImage,
                "--require-same-as", "integration", "--commit", commit,
                "--triggered-by", "sandbox: promote " + version, "--approved-by", "sandbox-operator",
                "--no-backup"); // the sandbox has no database cluster: prod needs the approver's --no-backup

        section("Status: what runs where");
        for (Instance instance : Instance.values()) {
            expect(0, "status", "--project", project.toString(), "--instance", instance.id());
        }
        out.println();
        out.println("Sandbox done: " + client + " " + version + " runs on integration and prod, commit "
                + commit.substring(0, 12) + " on test.");
        return ExitCode.OK;
    }

    private void section(String title) {
        step++;
        out.println();
        out.println("== " + step + ". " + title);
    }

    private void expect(int expected, String... args) {
        int code = runCommand(List.of(args));
        if (code != expected) {
            throw new OperationFailedException("sandbox stopped: 'odoo-platform " + args[0]
                    + (args.length > 1 && !args[1].startsWith("-") ? " " + args[1] : "")
                    + "' exited " + code + " (see its output above)");
        }
    }

    private int runCommand(List<String> args) {
        out.println("$ odoo-platform " + String.join(" ", quoted(args)));
        return runner.run(args, env).exitCode();
    }

    private int fail(String command, int code) {
        throw new OperationFailedException("sandbox stopped: 'odoo-platform " + command + "' exited " + code);
    }

    private static List<String> quoted(List<String> args) {
        List<String> quoted = new ArrayList<>();
        for (String arg : args) {
            quoted.add(arg.matches("[A-Za-z0-9_./:@=,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return quoted;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void copy(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                    dest.toFile().setWritable(true, true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the project " + source, e);
        }
    }

    /** Stands in for the git commit of a pipeline run: a SHA-1 over the project's files. */
    private static String contentHash(Path project) {
        try (Stream<Path> paths = Files.walk(project)) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (Path p : (Iterable<Path>) paths.filter(Files::isRegularFile).sorted()::iterator) {
                sha1.update(project.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                sha1.update(Files.readAllBytes(p));
            }
            return HexFormat.of().formatHex(sha1.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
