package org.odooplatform.cli;

import org.odooplatform.project.ProjectConfig;
import picocli.CommandLine.Option;

/** {@code --image}, {@code --registry}: only for the commands that use an image (deploy, diff, image build). */
final class ImageOptions {

    @Option(names = "--image", paramLabel = "REPO[:TAG|@DIGEST]",
            description = "The Odoo image. deploy/diff: the full reference REPO:TAG or REPO@sha256:DIGEST, of the"
                    + " project's repository ('image' of .odoo-platform.yml). image build: the repository, overriding"
                    + " 'image' of .odoo-platform.yml.")
    String image;

    @Option(names = "--registry", paramLabel = "HOST[:PORT]",
            description = "Registry prefixed to the image repository. Overrides 'registry' of .odoo-platform.yml.")
    String registry;

    /** The project's configuration with --image and --registry applied. */
    ProjectConfig config(ProjectOptions project) {
        return project.config().withOverrides(null, image, registry);
    }
}
