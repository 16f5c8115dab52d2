package org.odooplatform.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.ProcessRunner;

/**
 * buildah: daemonless, so it builds on agents without dockerd. {@code --isolation chroot} needs
 * no runc; an explicit storage root (vfs driver) lets it run where overlay mounts are not allowed.
 */
public final class BuildahBuilder implements ImageBuilder {

    private final List<String> global;
    private final BuilderCli runner;

    /** @param storageRoot where to keep images ({@code storage/} and {@code run/} below it, vfs), or null for buildah's default */
    public BuildahBuilder(Path storageRoot, BuilderCli runner) {
        this.runner = runner;
        List<String> g = new ArrayList<>(List.of("buildah"));
        if (storageRoot != null) {
            g.addAll(List.of("--root", storageRoot.resolve("storage").toString(), "--runroot", storageRoot.resolve("run").toString(),
                    "--storage-driver", "vfs"));
        }
        this.global = List.copyOf(g);
    }

    @Override
    public String name() {
        return "buildah";
    }

    @Override
    public boolean isAvailable() {
        try {
            return runner.quiet(cmd("images", "-q"), Map.of()).ok();
        } catch (OperationFailedException e) {
            return false;
        }
    }

    @Override
    public boolean hasImage(ImageReference image) {
        return runner.quiet(cmd("inspect", "--type", "image", "--format", "{{.FromImageID}}", image.toString()), Map.of()).ok();
    }

    @Override
    public List<String> describeBuild(BuildRequest request, boolean insecure) {
        return buildCommand(request, insecure, null);
    }

    @Override
    public String build(BuildRequest request, List<RegistryLogin> logins, boolean insecure) {
        try (TemporaryAuth auth = new TemporaryAuth()) {
            login(auth, logins);
            ProcessRunner.Result result = runner.run(buildCommand(request, insecure, auth.authFile()), Map.of(), null,
                    request.context(), true, BuilderCli.LONG);
            if (!result.ok()) {
                throw BuildFailure.of("buildah build", result);
            }
            ProcessRunner.Result id = runner.quiet(cmd("inspect", "--type", "image", "--format", "{{.FromImageID}}",
                    request.target().toString()), Map.of());
            return id.ok() ? id.lastLine().trim() : result.lastLine().trim();
        }
    }

    @Override
    public Optional<String> push(ImageReference image, List<RegistryLogin> logins, boolean insecure) {
        try (TemporaryAuth auth = new TemporaryAuth()) {
            login(auth, logins);
            Path digestFile = auth.dir().resolve("digest");
            List<String> push = cmd("push", "--authfile", auth.authFile().toString(), "--digestfile", digestFile.toString());
            if (insecure) {
                push.add("--tls-verify=false");
            }
            push.add(image.toString());
            push.add("docker://" + image);
            ProcessRunner.Result result = runner.run(push, Map.of(), null, null, true, BuilderCli.LONG);
            if (!result.ok()) {
                throw BuildFailure.of("buildah push", result);
            }
            return Files.exists(digestFile) ? Optional.of(Files.readString(digestFile).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private List<String> buildCommand(BuildRequest request, boolean insecure, Path authFile) {
        List<String> c = cmd("build", "--isolation", "chroot", "--format", "docker", "-f", request.dockerfile().toString(),
                "-t", request.target().toString());
        if (authFile != null) {
            c.addAll(List.of("--authfile", authFile.toString()));
        }
        if (insecure) {
            c.add("--tls-verify=false");
        }
        new TreeMap<>(request.buildArgs()).forEach((k, v) -> c.addAll(List.of("--build-arg", k + "=" + v)));
        new TreeMap<>(request.labels()).forEach((k, v) -> c.addAll(List.of("--label", k + "=" + v)));
        c.add(request.context().toString());
        return c;
    }

    private void login(TemporaryAuth auth, List<RegistryLogin> logins) {
        for (RegistryLogin login : logins) {
            List<String> c = cmd("login", "--authfile", auth.authFile().toString(), "--username", login.credential().username(),
                    "--password-stdin");
            if (login.insecure()) {
                c.add("--tls-verify=false");
            }
            c.add(login.host());
            ProcessRunner.Result result = runner.run(c, Map.of(), login.credential().password().reveal(), null, false, BuilderCli.SHORT);
            if (!result.ok()) {
                throw BuildFailure.login("buildah", login, result);
            }
        }
    }

    private List<String> cmd(String... args) {
        List<String> c = new ArrayList<>(global);
        c.addAll(List.of(args));
        return c;
    }
}
