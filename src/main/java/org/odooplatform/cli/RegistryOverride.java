package org.odooplatform.cli;

import picocli.CommandLine.Option;

/** {@code --registry}: the registry host prefixed to a repository that names none (deploy, diff, image build). */
final class RegistryOverride {

    @Option(names = "--registry", paramLabel = "HOST[:PORT]",
            description = "Registry prefixed to the image repository. Overrides 'registry' of .odoo-platform.yml.")
    String registry;
}
