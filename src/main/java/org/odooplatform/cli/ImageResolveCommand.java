package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.image.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Prints REPO@sha256:... of an image tag, read from the registry (exit 3 when the tag does not exist).")
final class ImageResolveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registryOptions;

    @Mixin
    RegistryTimeout registryTimeout;

    @Parameters(index = "0", paramLabel = "REPO:TAG", converter = ImageReferenceConverter.class, description = "The image to resolve.")
    ImageReference image;

    @Override
    public Integer call() {
        ImageReference ref = image;
        String digest = registryOptions.client(ref, registryOptions.credentials(), registryTimeout)
                .headManifest(ref.repository(), ref.manifestReference())
                .orElseThrow(() -> new PreconditionException(ref.digest() != null
                        ? "image " + ref + " does not exist in repository " + ref.name()
                        : "tag '" + ref.tag() + "' does not exist in repository " + ref.name() + " (" + ref + ")"));
        spec.commandLine().getOut().println(ref.withDigest(digest));
        return 0;
    }
}
