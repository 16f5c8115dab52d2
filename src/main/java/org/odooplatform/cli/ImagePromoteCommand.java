package org.odooplatform.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.odooplatform.common.RegistryHost;
import org.odooplatform.image.ImagePromoter;
import org.odooplatform.image.ImageReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Tags an existing image by digest through the registry API: no layer is pulled or pushed,"
                + " the digest stays the same. A release tag X.Y.Z that exists is never moved to another digest"
                + " (exit 3) unless --force; promoting to the digest it already has does nothing.",
            "stdout gets REPO@sha256:... as its last line."})
final class ImagePromoteCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registryOptions;

    @Mixin
    RegistryTimeout registryTimeout;

    @Option(names = "--from", required = true, paramLabel = "REPO@sha256:...|REPO:TAG", description = "The image to promote.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "REPO:TAG|TAG",
            description = "The tag to create, e.g. registry/acme/odoo:10.1.2; a bare TAG stays in the --from repository.")
    String to;

    @Option(names = "--to-repo", paramLabel = "REPO", description = "Put the tag in this repository of the same registry (blobs are mounted, not copied).")
    String toRepo;

    @Option(names = "--force", description = "Move a release tag that already points to another digest.")
    boolean force;

    @Option(names = "--dry-run", description = "Read the registry and say what would be tagged; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ImageReference source = ImageReference.parseSpecific(from);
        ImageReference target = to.contains("/") || to.contains(":") ? ImageReference.parse(to) : source.withTag(to);
        if (target.tag() == null || target.digest() != null) {
            throw new org.odooplatform.common.BadInputException("--to " + to + ": expected REPO:TAG or TAG");
        }
        if (toRepo != null) {
            ImageReference repo = ImageReference.parse(RegistryHost.of(toRepo).isPresent()
                    ? toRepo : target.registry() + "/" + toRepo);
            if (!repo.registry().equals(target.registry()) || repo.tag() != null || repo.digest() != null) {
                throw new org.odooplatform.common.BadInputException("--to-repo " + toRepo + ": expected a repository of registry "
                        + target.registry() + " without tag or digest");
            }
            target = target.withRepository(repo.repository());
        }
        var credentials = registryOptions.credentials();
        ImagePromoter.Result result = new ImagePromoter(registryOptions.client(source, credentials, registryTimeout), err)
                .promote(source, target, force, dryRun);
        spec.commandLine().getOut().println(result.pinned());
        return 0;
    }
}
