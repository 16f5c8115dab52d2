package org.odooplatform.image;

import java.util.List;
import java.util.Optional;

/**
 * A container image builder CLI (buildah or docker). Each call that needs a registry logs in for
 * that call only, with {@code --password-stdin}, into a temporary auth file that is deleted
 * afterwards: no secret on a command line, none left on disk.
 */
public interface ImageBuilder {

    String name();

    /** True when the CLI is installed and can reach its storage or daemon. */
    boolean isAvailable();

    /** True when the image is in the builder's local storage. */
    boolean hasImage(ImageReference image);

    /** Builds and returns the local image ID; a failure is an {@code OperationFailedException} with the last lines. */
    String build(BuildRequest request, List<RegistryLogin> logins, boolean insecure);

    /** Pushes to the registry; returns the digest if the builder reports one. */
    Optional<String> push(ImageReference image, List<RegistryLogin> logins, boolean insecure);

    /** The build command line without any secret (for --dry-run). */
    List<String> describeBuild(BuildRequest request, boolean insecure);
}
