package org.odooplatform.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --image REF}, {@code --registry}: the image deploy and diff run. {@code --image} means a full
 * reference wherever it appears; {@code image build} takes a repository as {@code --repository}
 * ({@link ImageRepositoryOptions}).
 */
final class ImageOptions {

    @Option(names = "--image", paramLabel = "REPO:TAG|REPO@DIGEST",
            description = "The Odoo image: the full reference REPO:TAG or REPO@sha256:DIGEST, of the project's"
                    + " repository ('image' of .odoo-platform.yml).")
    String image;

    @Mixin
    RegistryOverride registryOverride = new RegistryOverride();

    String registry() {
        return registryOverride.registry;
    }
}
