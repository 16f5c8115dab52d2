package org.odooplatform.image;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.ProcessRunner;

/**
 * The container engine of the agent, through its CLI: docker (the daemon of {@code DOCKER_HOST})
 * or podman (daemonless; with a buildah root it uses buildah's storage, so it runs what buildah
 * built). Both take the same arguments for everything used here. Every call has a time bound.
 */
public final class ContainerRuntime {

    public enum Choice { AUTO, DOCKER, PODMAN }

    private static final Duration SHORT = Duration.ofMinutes(2);
    private static final Duration PROBE = Duration.ofSeconds(20);
    /** Lines kept for a failure's message: a container's last words. */
    static final int TAIL_LINES = 40;

    private final String executable;
    private final List<String> globalOptions;

    private ContainerRuntime(String executable, List<String> globalOptions) {
        this.executable = executable;
        this.globalOptions = List.copyOf(globalOptions);
    }

    /** The engine asked for, or with {@code auto} docker when its daemon answers, else podman. */
    public static ContainerRuntime select(Choice choice, Path buildahRoot) {
        ContainerRuntime docker = new ContainerRuntime("docker", List.of());
        List<String> podmanOptions = buildahRoot == null ? List.of() : List.of("--root", buildahRoot.resolve("storage").toString(),
                "--runroot", buildahRoot.resolve("run").toString(), "--storage-driver", "vfs");
        ContainerRuntime podman = new ContainerRuntime("podman", podmanOptions);
        switch (choice) {
            case DOCKER -> {
                docker.requireWorking();
                return docker;
            }
            case PODMAN -> {
                podman.requireWorking();
                return podman;
            }
            default -> {
                Optional<String> dockerFailure = docker.failure();
                if (dockerFailure.isEmpty()) {
                    return docker;
                }
                Optional<String> podmanFailure = podman.failure();
                if (podmanFailure.isEmpty()) {
                    return podman;
                }
                throw new PreconditionException("no container engine on this agent: docker does not answer (" + dockerFailure.get()
                        + "; is the daemon of DOCKER_HOST running and the docker CLI installed?) and podman does not work ("
                        + podmanFailure.get() + "); install one of them to test the image, or turn the image test off");
            }
        }
    }

    public String name() {
        return executable;
    }

    /** Why the engine does not answer (its own words, last lines), or empty when it does. */
    private Optional<String> failure() {
        ProcessRunner.Result out;
        try {
            out = call(List.of("version", "--format", "{{.Server.Version}}"), PROBE);
            if (!out.ok() && executable.equals("podman")) {
                out = call(List.of("version"), PROBE);   // podman without a service has no Server part
            }
        } catch (PreconditionException e) {
            return Optional.of(e.getMessage());
        }
        if (out.ok()) {
            return Optional.empty();
        }
        List<String> tail = out.tail().subList(Math.max(0, out.tail().size() - 3), out.tail().size());
        return Optional.of(executable + " version " + (out.timedOut() ? "did not answer within " + PROBE.toSeconds() + " s"
                : "failed with exit code " + out.exitCode()) + (tail.isEmpty() ? "" : ": " + String.join(" / ", tail).strip()));
    }

    private void requireWorking() {
        failure().ifPresent(why -> {
            throw new PreconditionException(executable + " does not work here (" + why + "): " + (executable.equals("docker")
                    ? "check that the docker CLI is installed and DOCKER_HOST points to a running daemon"
                    : "check that podman is installed (and --buildah-root, if given, is right)") + "; or use --runtime auto");
        });
    }

    /** The image's ID (the digest of its configuration) if it is in the engine's local storage. */
    public Optional<String> imageId(String image) {
        ProcessRunner.Result out = call(List.of("image", "inspect", "--format", "{{.Id}}", image), SHORT);
        return out.ok() && !out.tail().isEmpty() ? Optional.of(out.tail().get(out.tail().size() - 1).trim()) : Optional.empty();
    }

    public void pull(String image, Consumer<String> lines, Duration timeout) {
        pull(image, Optional.empty(), lines, timeout);
    }

    /**
     * Pulls with this run's own login, if given: a private config file (docker's {@code DOCKER_CONFIG},
     * podman's {@code --authfile}) written for the pull and deleted after it, so the password is in no
     * argument and the agent's own docker login is neither needed nor changed.
     */
    public void pull(String image, Optional<RegistryLogin> login, Consumer<String> lines, Duration timeout) {
        try (TemporaryAuth auth = new TemporaryAuth()) {
            Map<String, String> env = new HashMap<>();
            List<String> args = new ArrayList<>(List.of("pull"));
            if (login.isPresent()) {
                writeAuth(auth, login.get());
                if (executable.equals("docker")) {
                    env.put("DOCKER_CONFIG", auth.dir().toString());
                } else {
                    args.addAll(List.of("--authfile", auth.authFile().toString()));
                    if (login.get().insecure()) {
                        args.add("--tls-verify=false");
                    }
                }
            }
            args.add(image);
            check(run(args, env, null, null, lines, timeout), "pull " + image);
        }
    }

    private static void writeAuth(TemporaryAuth auth, RegistryLogin login) {
        String key = login.host().equals("registry-1.docker.io") ? "https://index.docker.io/v1/" : login.host();
        String basic = java.util.Base64.getEncoder().encodeToString((login.credential().username() + ":"
                + login.credential().password().reveal()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String json = "{\"auths\":{\"" + key + "\":{\"auth\":\"" + basic + "\"}}}\n";
        try {
            // docker reads DOCKER_CONFIG/config.json, podman the --authfile; both private to this pull
            java.nio.file.Files.writeString(auth.authFile(), json);
            java.nio.file.Files.writeString(auth.dir().resolve("config.json"), json, java.nio.file.StandardOpenOption.CREATE_NEW);
            java.nio.file.Files.setPosixFilePermissions(auth.dir().resolve("config.json"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (java.io.IOException e) {
            throw new OperationFailedException("cannot write the registry login for the pull: " + e.getMessage());
        }
    }

    /** An internal network: the containers reach each other by alias, nothing else reaches them. */
    public void createNetwork(String name, Map<String, String> labels) {
        List<String> args = new ArrayList<>(List.of("network", "create", "--internal"));
        labels(args, labels);
        args.add(name);
        check(call(args, SHORT), "network create " + name);
    }

    public void createVolume(String name, Map<String, String> labels) {
        List<String> args = new ArrayList<>(List.of("volume", "create"));
        labels(args, labels);
        args.add(name);
        check(call(args, SHORT), "volume create " + name);
    }

    /** Starts a container in the background (a server). */
    public void start(ContainerSpec spec) {
        List<String> args = new ArrayList<>(List.of("run", "-d"));
        args.addAll(options(spec));
        check(run(args, secretEnv(spec), null, null, line -> { }, SHORT), "run " + spec.name());
    }

    /**
     * Creates the container, starts it attached and streams its output to {@code lines} until it
     * exits (its exit code) or the timeout (the container is killed).
     */
    public ProcessRunner.Result runToEnd(ContainerSpec spec, Consumer<String> lines, Duration timeout) {
        create(spec);
        return startAttached(spec.name(), lines, timeout);
    }

    /** Creates the container without starting it. */
    public void create(ContainerSpec spec) {
        List<String> create = new ArrayList<>(List.of("create"));
        create.addAll(options(spec));
        check(run(create, secretEnv(spec), null, null, line -> { }, SHORT), "create " + spec.name());
    }

    /** Starts a created container attached: its output to {@code lines} until it exits, or the timeout kills it. */
    public ProcessRunner.Result startAttached(String container, Consumer<String> lines, Duration timeout) {
        ProcessRunner.Result out = run(List.of("start", "--attach", container), Map.of(), null, null, lines, timeout);
        if (out.timedOut()) {
            call(List.of("kill", container), SHORT);
        }
        return out;
    }

    /** Copies the content of a local directory to {@code path} of a container (created if missing). */
    public void copyInto(String container, Path dir, String path) {
        check(call(List.of("cp", dir.toString() + "/.", container + ":" + path), SHORT), "cp to " + container + ":" + path);
    }

    /** Runs a command in a running container; stdin from a file, stdout to a file, when given. */
    public ProcessRunner.Result exec(String container, List<String> command, Path stdin, Path stdout,
                                       Consumer<String> lines, Duration timeout) {
        List<String> args = new ArrayList<>(List.of("exec"));
        if (stdin != null) {
            args.add("-i");
        }
        args.add(container);
        args.addAll(command);
        return run(args, Map.of(), stdin, stdout, lines, timeout);
    }

    public boolean isRunning(String container) {
        ProcessRunner.Result out = call(List.of("inspect", "--format", "{{.State.Running}}", container), SHORT);
        return out.ok() && out.tailText().trim().equals("true");
    }

    public String logs(String container) {
        return call(List.of("logs", "--tail", "40", container), SHORT).tailText();
    }

    /** Copies a directory of a (stopped) container; false when it does not exist there. */
    public boolean copyFrom(String container, String path, Path target) {
        return call(List.of("cp", container + ":" + path + "/.", target.toString()), SHORT).ok();
    }

    public boolean removeContainer(String name) {
        return call(List.of("rm", "--force", "--volumes", name), SHORT).ok();
    }

    public boolean removeNetwork(String name) {
        return call(List.of("network", "rm", name), SHORT).ok();
    }

    public boolean removeVolume(String name) {
        return call(List.of("volume", "rm", "--force", name), SHORT).ok();
    }

    /** Names of the containers, networks or volumes ({@code kind}) carrying {@code label=value}. */
    public List<String> labelled(String kind, String label, String value) {
        List<String> args = switch (kind) {
            case "container" -> List.of("ps", "--all", "--filter", "label=" + label + "=" + value, "--format", "{{.Names}}");
            case "network" -> List.of("network", "ls", "--filter", "label=" + label + "=" + value, "--format", "{{.Name}}");
            case "volume" -> List.of("volume", "ls", "--filter", "label=" + label + "=" + value, "--format", "{{.Name}}");
            default -> throw new IllegalArgumentException(kind);
        };
        ProcessRunner.Result out = call(args, SHORT);
        return out.ok() ? out.tail().stream().map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of();
    }

    private List<String> options(ContainerSpec spec) {
        List<String> args = new ArrayList<>(List.of("--name", spec.name()));
        if (spec.network() != null) {
            args.addAll(List.of("--network", spec.network()));
        }
        spec.aliases().forEach(a -> args.addAll(List.of("--network-alias", a)));
        labels(args, spec.labels());
        new TreeMap<>(spec.env()).forEach((k, v) -> args.addAll(List.of("--env", k + "=" + v)));
        // the name only: the CLI takes the value from its own environment, so no argv shows it
        new TreeMap<>(spec.secretEnv()).keySet().forEach(k -> args.addAll(List.of("--env", k)));
        new TreeMap<>(spec.volumes()).forEach((v, path) -> args.addAll(List.of("--volume", v + ":" + path)));
        if (spec.entrypoint() != null) {
            args.addAll(List.of("--entrypoint", spec.entrypoint()));
        }
        if (spec.workdir() != null) {
            args.addAll(List.of("--workdir", spec.workdir()));
        }
        args.add(spec.image());
        args.addAll(spec.command());
        return args;
    }

    private static Map<String, String> secretEnv(ContainerSpec spec) {
        Map<String, String> env = new HashMap<>();
        spec.secretEnv().forEach((k, v) -> env.put(k, v.reveal()));
        return env;
    }

    private static void labels(List<String> args, Map<String, String> labels) {
        new TreeMap<>(labels).forEach((k, v) -> args.addAll(List.of("--label", k + "=" + v)));
    }

    private ProcessRunner.Result call(List<String> args, Duration timeout) {
        return run(args, Map.of(), null, null, line -> { }, timeout);
    }

    private ProcessRunner.Result run(List<String> args, Map<String, String> env, Path stdin, Path stdout,
                                       Consumer<String> lines, Duration timeout) {
        List<String> command = new ArrayList<>(List.of(executable));
        command.addAll(globalOptions);
        command.addAll(args);
        ProcessRunner.Command c = ProcessRunner.Command.of(command, timeout).env(env).tailLines(TAIL_LINES);
        if (stdin != null) {
            c = c.stdinFrom(stdin);
        }
        if (stdout != null) {
            c = c.stdoutTo(stdout);
        }
        return ProcessRunner.run(c, lines);
    }

    private void check(ProcessRunner.Result out, String what) {
        if (!out.ok()) {
            // the engine's own last lines: e.g. podman's OCI runtime error when it cannot start containers on this host
            throw new OperationFailedException(executable + " " + what + (out.timedOut() ? " timed out" : " failed with exit code "
                    + out.exitCode()) + ":\n  " + String.join("\n  ", out.tail()));
        }
    }

    @Override
    public String toString() {
        return executable.toLowerCase(Locale.ROOT);
    }
}
