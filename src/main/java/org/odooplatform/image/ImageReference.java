package org.odooplatform.image;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.RegistryHost;

/**
 * An image reference {@code [registry/]repository[:tag][@sha256:digest]}, normalised as Docker
 * does: no registry means Docker Hub ({@code docker.io}), and a one-part Docker Hub repository
 * lives under {@code library/}. Parsing follows the distribution reference grammar; a bad
 * reference is a {@link BadInputException} saying which part is wrong.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?");
    private static final Pattern RELEASE = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

    public ImageReference {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        if (!HOST.matcher(registry).matches()) {
            throw bad(registry + "/" + repository, "registry '" + registry + "' is not a host[:port]");
        }
        for (String part : repository.split("/", -1)) {
            if (!COMPONENT.matcher(part).matches()) {
                throw bad(repository, "repository part '" + part
                        + "' must be lower-case letters, digits and single separators (. _ __ -) between them");
            }
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw bad(tag, "tag '" + tag + "' must be 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'");
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            throw bad(digest, "digest '" + digest + "' must be sha256: followed by 64 lower-case hex digits");
        }
    }

    /** Parses {@code [registry/]repository[:tag][@digest]}; a reference without either keeps both null. */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BadInputException("image reference is empty: expected [registry/]repository[:tag][@sha256:digest]");
        }
        String rest = text.trim();
        if (rest.contains("://")) {
            throw bad(text, "an image reference has no scheme: drop '" + rest.substring(0, rest.indexOf("://") + 3) + "'");
        }
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw bad(text, "digest '" + digest + "' must be sha256: followed by 64 lower-case hex digits");
            }
        }
        String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (tag.isEmpty()) {
                throw bad(text, "the tag after ':' is empty");
            }
        }
        Optional<String> host = RegistryHost.of(rest);
        String registry = host.orElse(DOCKER_HUB);
        String repository = host.isPresent() ? rest.substring(registry.length() + 1) : rest;
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) {
            registry = DOCKER_HUB;
        }
        if (repository.isEmpty()) {
            throw bad(text, "the repository is missing");
        }
        if (!repository.equals(repository.toLowerCase(Locale.ROOT))) {
            throw bad(text, "repository '" + repository + "' must be lower-case");
        }
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
            repository = "library/" + repository;
        }
        try {
            return new ImageReference(registry, repository, tag, digest);
        } catch (BadInputException e) {
            throw bad(text, e.problems().get(0).message().replaceFirst("^image reference '[^']*': ", ""));
        }
    }

    /** Parses and requires a tag or a digest (a bare repository is ambiguous in commands that read one image). */
    public static ImageReference parseSpecific(String text) {
        ImageReference ref = parse(text);
        if (ref.tag == null && ref.digest == null) {
            throw bad(text, "expected a tag (REPO:TAG) or a digest (REPO@sha256:...)");
        }
        return ref;
    }

    public ImageReference withTag(String newTag) {
        return new ImageReference(registry, repository, Objects.requireNonNull(newTag, "tag"), null);
    }

    public ImageReference withDigest(String newDigest) {
        return new ImageReference(registry, repository, null, Objects.requireNonNull(newDigest, "digest"));
    }

    public ImageReference withRepository(String newRepository) {
        return new ImageReference(registry, newRepository, tag, digest);
    }

    public Optional<String> tagOpt() {
        return Optional.ofNullable(tag);
    }

    public Optional<String> digestOpt() {
        return Optional.ofNullable(digest);
    }

    /** What the registry API takes as {@code <reference>}: the digest when there is one, else the tag. */
    public String manifestReference() {
        return digest != null ? digest : tag != null ? tag : "latest";
    }

    /** {@code X.Y.Z} tags are releases: once pushed they never move to another digest. */
    public boolean isReleaseTag() {
        return tag != null && RELEASE.matcher(tag).matches();
    }

    /** Registry host and repository, as the builders and the user write it ({@code docker.io/} kept explicit). */
    public String name() {
        return registry + "/" + repository;
    }

    /** The host to talk to: Docker Hub's API is not at docker.io. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /**
     * The key of this registry in a docker {@code config.json}'s {@code auths}: Docker Hub's is the
     * legacy index URL {@code https://index.docker.io/v1/} (what {@code docker login} writes), any
     * other registry's is its host[:port].
     */
    public String dockerConfigKey() {
        return registry.equals(DOCKER_HUB) ? "https://index.docker.io/v1/" : registry;
    }

    @Override
    public String toString() {
        return name() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    private static BadInputException bad(String text, String why) {
        return new BadInputException("image reference '" + text + "': " + why);
    }
}
