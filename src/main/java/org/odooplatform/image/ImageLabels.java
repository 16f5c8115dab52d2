package org.odooplatform.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ProcessRunner;

/**
 * The OCI labels of a project's image: which commit (revision), which release (version from
 * {@code odoo/VERSION}), when, from where (source, without any credential in the URL) and what
 * (title). So an image found on a host says where it came from.
 */
public final class ImageLabels {

    public static final String PREFIX = "org.opencontainers.image.";
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(30);

    private ImageLabels() {
    }

    public static Map<String, String> of(Path projectDir, String title, String commit, Clock clock) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(PREFIX + "title", title);
        labels.put(PREFIX + "version", version(projectDir));
        labels.put(PREFIX + "created", Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        Optional.ofNullable(commit).or(() -> git(projectDir, "rev-parse", "HEAD"))
                .ifPresent(rev -> labels.put(PREFIX + "revision", rev));
        git(projectDir, "config", "--get", "remote.origin.url").map(ImageLabels::withoutUserInfo)
                .ifPresent(url -> labels.put(PREFIX + "source", url));
        return labels;
    }

    static String version(Path projectDir) {
        Path file = projectDir.resolve("odoo/VERSION");
        try {
            if (!Files.exists(file)) {
                throw new IOException("not found");
            }
            String version = org.odooplatform.common.InputFiles.readText(file).trim();
            if (!version.matches("[0-9]+\\.[0-9]+\\.[0-9]+")) {
                throw new BadInputException(file, 1, "'" + version + "': expected a version X.Y.Z");
            }
            return version;
        } catch (IOException e) {
            throw new BadInputException(file, 0, "not found: the project needs odoo/VERSION (X.Y.Z) for the image's version label");
        }
    }

    /** A remote like https://user:token@host/repo must not put the token into an image label. */
    static String withoutUserInfo(String url) {
        return url.replaceFirst("^([a-z+]+://)[^/@]*@", "$1");
    }

    private static Optional<String> git(Path dir, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            ProcessRunner.Result r = ProcessRunner.run(ProcessRunner.Command.of(command, GIT_TIMEOUT).captureStdout(64 * 1024),
                    line -> { });
            String out = r.stdout().trim();
            return r.ok() && !out.isEmpty() ? Optional.of(out) : Optional.empty();
        } catch (ProcessRunner.CannotStart e) {
            return Optional.empty(); // no git: the labels it would give are left out
        }
    }
}
