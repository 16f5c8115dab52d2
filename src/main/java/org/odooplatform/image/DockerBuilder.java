package org.odooplatform.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.ProcessRunner;

/**
 * docker CLI against the daemon of {@code DOCKER_HOST}. Each run gets its own {@code DOCKER_CONFIG}
 * so the login neither reads nor writes the agent's ~/.docker. The legacy builder is forced
 * ({@code DOCKER_BUILDKIT=0}) because BuildKit needs the buildx plugin, which agents may lack.
 */
public final class DockerBuilder implements ImageBuilder {

    private static final Pattern PUSHED_DIGEST = Pattern.compile("digest: (sha256:[a-f0-9]{64})");

    private final BuilderCli runner;

    public DockerBuilder(BuilderCli runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public boolean isAvailable() {
        try {
            return runner.quiet(List.of("docker", "version", "--format", "{{.Server.Version}}"), Map.of()).ok();
        } catch (OperationFailedException e) {
            return false;
        }
    }

    @Override
    public boolean hasImage(ImageReference image) {
        return runner.quiet(List.of("docker", "image", "inspect", "--format", "{{.Id}}", image.toString()), Map.of()).ok();
    }

    @Override
    public List<String> describeBuild(BuildRequest request, boolean insecure) {
        List<String> c = new ArrayList<>(List.of("docker", "build", "-f", request.dockerfile().toString(), "-t",
                request.target().toString()));
        new TreeMap<>(request.buildArgs()).forEach((k, v) -> c.addAll(List.of("--build-arg", k + "=" + v)));
        new TreeMap<>(request.labels()).forEach((k, v) -> c.addAll(List.of("--label", k + "=" + v)));
        c.add(request.context().toString());
        return c;
    }

    @Override
    public String build(BuildRequest request, List<RegistryLogin> logins, boolean insecure) {
        try (TemporaryAuth auth = new TemporaryAuth()) {
            Map<String, String> env = env(auth);
            login(env, logins);
            ProcessRunner.Result result = runner.run(describeBuild(request, insecure), env, null, request.context(), true, BuilderCli.LONG);
            if (!result.ok()) {
                throw BuildFailure.of("docker build", result);
            }
            ProcessRunner.Result id = runner.quiet(List.of("docker", "image", "inspect", "--format", "{{.Id}}",
                    request.target().toString()), env);
            return id.ok() ? id.lastLine().trim() : "";
        }
    }

    @Override
    public Optional<String> push(ImageReference image, List<RegistryLogin> logins, boolean insecure) {
        try (TemporaryAuth auth = new TemporaryAuth()) {
            Map<String, String> env = env(auth);
            login(env, logins);
            ProcessRunner.Result result = runner.run(List.of("docker", "push", image.toString()), env, null, null, true, BuilderCli.LONG);
            if (!result.ok()) {
                throw BuildFailure.of("docker push", result);
            }
            for (String line : result.tail()) {
                Matcher m = PUSHED_DIGEST.matcher(line);
                if (m.find()) {
                    return Optional.of(m.group(1));
                }
            }
            return Optional.empty();
        }
    }

    private void login(Map<String, String> env, List<RegistryLogin> logins) {
        for (RegistryLogin login : logins) {
            ProcessRunner.Result result = runner.run(List.of("docker", "login", "--username", login.credential().username(),
                    "--password-stdin", login.host()), env, login.credential().password().reveal(), null, false, BuilderCli.SHORT);
            if (!result.ok()) {
                throw BuildFailure.login("docker", login, result);
            }
        }
    }

    private static Map<String, String> env(TemporaryAuth auth) {
        return Map.of("DOCKER_CONFIG", auth.dir().toString(), "DOCKER_BUILDKIT", "0");
    }
}
