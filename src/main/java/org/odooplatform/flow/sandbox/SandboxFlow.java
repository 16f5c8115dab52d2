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
    public record Options(Path project, Path workdir, Map<String, String> rancherEnv, Map<String, String> platformEnv,
            Images images, String imagesMissing) {

        /** Without the image part; {@code imagesMissing} says in one line what to install to see it. */
        public Options(Path project, Path workdir, Map<String, String> rancherEnv, Map<String, String> platformEnv) {
            this(project, workdir, rancherEnv, platformEnv, null,
                    "no registry or builder here: install docker-registry and buildah (or docker) to see that part");
        }
    }

    /**
     * The image part: the sandbox's own registry and how to build there.
     *
     * @param registry   HOST:PORT of a registry without authentication (the sandbox's {@link PrivateRegistry})
     * @param baseImage  the Dockerfile's BASE_IMAGE; null: the sandbox builds a busybox stand-in for
     *                   camptocamp/odoo-project (no Docker Hub needed) and publishes it to {@code registry}
     * @param registryConfig a docker config.json with the credentials of {@code baseImage}'s registry, or null
     * @param builder    image build's and publish's --builder: buildah, docker or auto
     * @param env        the builder's environment (ODOO_PLATFORM_BUILDAH_ROOT, DOCKER_HOST, ...)
     */
    public record Images(String registry, String baseImage, Path registryConfig, String builder, Map<String, String> env) {
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
        if (options.images() != null) {
            env.putAll(options.images().env());
        }
    }

    /** Runs every step; the first failing command stops the run with its exit code. */
    public static int run(Options options, CommandRunner runner, PrintStream out) {
        return new SandboxFlow(options, runner, out).runAll();
    }

    private int runAll() {
        Path project = options.workdir().resolve("project");
        copy(options.project(), project);
        createDirectory(options.workdir().resolve("settings"));
        Images images = options.images();
        String commit = contentHash(project);
        if (images != null) {
            // the copy's images live in the sandbox's registry (the project file's 'registry:' prefix)
            append(project.resolve(ProjectConfig.FILE_NAME), "\nregistry: " + images.registry() + "\n");
        }
        ProjectConfig config = ProjectConfig.load(project);
        String client = config.requireClient();
        String repository = config.image().orElse(client + "_odoo");
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
        if (images != null) {
            String base = images.baseImage() != null ? images.baseImage() : buildBase(images, commit);
            List<String> build = new ArrayList<>(List.of("image", "build", "--project", project.toString(),
                    "--tag", commit.substring(0, 12), "--commit", commit, "--build-arg", "BASE_IMAGE=" + base,
                    "--builder", images.builder()));
            if (images.registryConfig() != null) {
                build.addAll(List.of("--registry-config", images.registryConfig().toString()));
            }
            expect(0, build.toArray(String[]::new));
            expect(0, "image", "publish", "--image", testImage, "--also-tag", "latest", "--builder", images.builder());
        } else {
            out.println("(image build and publish skipped: " + options.imagesMissing() + ")");
        }
        expect(0, "deploy", "--project", project.toString(), "--instance", "test",
                "--env-file", settings.get(Instance.TEST).toString(), "--image", testImage, "--recreate-db",
                "--commit", commit, "--triggered-by", "sandbox: master build");

        section("Release: bump a feature version (what 'invoke release.bump --feature' did)");
        expect(0, "release", "bump", "--feature", "--project", project.toString());
        String version = read(project.resolve("odoo/VERSION")).strip();
        expect(0, "release", "notes", version, "--project", project.toString());

        String releaseImage = repository + ":" + version;
        if (images != null) {
            section("Tag " + version + ": no rebuild, the commit's image is promoted by digest to " + version
                    + ", then integration is upgraded to that digest");
            expect(0, "image", "promote", "--from", testImage, "--to", version);
            CommandRunner.Result resolved = runCommand(List.of("image", "resolve", releaseImage), true);
            if (resolved.exitCode() != 0) {
                return fail("image resolve", resolved.exitCode());
            }
            releaseImage = resolved.stdout().strip();
        } else {
            section("Tag " + version + ": the commit's image would be promoted by digest to " + version
                    + ", then integration is upgraded");
            out.println("(image promote skipped: " + options.imagesMissing() + ")");
        }
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

        section("Fleet status: every project's stacks of the environment at a glance");
        expect(0, "status", "--all");
        out.println();
        out.println("Sandbox done: " + client + " " + version + " runs on integration and prod"
                + (images != null ? " as " + releaseImage.substring(releaseImage.indexOf('@') + 1) : "")
                + ", commit " + commit.substring(0, 12) + " on test.");
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
        return runCommand(args, false).exitCode();
    }

    private CommandRunner.Result runCommand(List<String> args, boolean capture) {
        out.println("$ odoo-platform " + String.join(" ", quoted(args)));
        return runner.run(args, env);
    }

    /**
     * A stand-in for camptocamp/odoo-project, built and published like a project image: busybox for the
     * shell and the tools the sample's Dockerfile runs, and a {@code pip} that only says what it would
     * install (the sandbox has no Python index). Returns its reference in the sandbox's registry.
     */
    private String buildBase(Images images, String commit) {
        Path base = options.workdir().resolve("base-image");
        Path rootfs = base.resolve("odoo/rootfs");
        createDirectory(rootfs.resolve("bin"));
        createDirectory(rootfs.resolve("usr/local/bin"));
        createDirectory(rootfs.resolve("opt/odoo"));
        createDirectory(base.resolve("rancher"));
        try {
            Files.copy(Path.of(BUSYBOX), rootfs.resolve("bin/busybox"));
            Path pip = rootfs.resolve("usr/local/bin/pip");
            Files.writeString(pip, "#!/bin/sh\necho \"pip (sandbox stand-in, no package index): $*\"\n", StandardCharsets.UTF_8);
            pip.toFile().setExecutable(true, false);
            Files.writeString(base.resolve("odoo/Dockerfile"), String.join("\n",
                    "# the sandbox's stand-in for camptocamp/odoo-project: busybox and a pip that installs nothing",
                    "FROM scratch",
                    "COPY rootfs/ /",
                    "ENV PATH=/usr/local/bin:/bin",
                    "RUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]",
                    ""), StandardCharsets.UTF_8);
            Files.writeString(base.resolve("odoo/VERSION"), "1.0.0\n", StandardCharsets.UTF_8);
            Files.writeString(base.resolve(ProjectConfig.FILE_NAME),
                    "client: sandbox\nimage: sandbox/odoo-project\nregistry: " + images.registry() + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the base image's build context in " + base, e);
        }
        String ref = images.registry() + "/sandbox/odoo-project:base";
        expect(0, "image", "build", "--project", base.toString(), "--tag", "base", "--commit", commit,
                "--builder", images.builder());
        expect(0, "image", "publish", "--image", ref, "--builder", images.builder());
        return ref;
    }

    /** The static busybox the base image stand-in is made of (Debian: busybox-static). */
    public static final String BUSYBOX = "/bin/busybox";

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
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
