package org.odooplatform.cli;

import java.io.PrintWriter;
import org.odooplatform.common.BadInputException;
import org.odooplatform.project.ProjectConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --repository}, {@code --registry}: the repository {@code image build} builds into. */
final class ImageRepositoryOptions {

    @Option(names = "--repository", paramLabel = "REPO", converter = ImageRepositoryConverter.class,
            description = "The image repository [REGISTRY/]PATH, without tag (that is --tag). Overrides 'image' of .odoo-platform.yml.")
    String repository;

    /** The old name, when --image meant a repository here: accepted for one release, with a warning. */
    @Option(names = "--image", hidden = true, paramLabel = "REPO", converter = ImageRepositoryConverter.class)
    String deprecatedImage;

    @Mixin
    RegistryOverride registryOverride = new RegistryOverride();

    /** The project's configuration with --repository (or the old --image) and --registry applied. */
    ProjectConfig config(ProjectOptions project, PrintWriter err) {
        String repo = repository;
        if (deprecatedImage != null) {
            if (repository != null) {
                throw new BadInputException("give the repository once: --repository " + repository
                        + " (--image " + deprecatedImage + " is its old name)");
            }
            err.println("warning: image build --image is deprecated: use --repository " + deprecatedImage
                    + " (--image means a full reference REPO:TAG in every other command)");
            repo = deprecatedImage;
        }
        return project.config().withOverrides(null, repo, registryOverride.registry);
    }
}
