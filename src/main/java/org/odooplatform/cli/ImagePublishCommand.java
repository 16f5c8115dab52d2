package org.odooplatform.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.image.ImageBuilder;
import org.odooplatform.image.ImagePublisher;
import org.odooplatform.image.ImageReference;
import org.odooplatform.image.RegistryClient;
import org.odooplatform.image.RegistryCredentials;
import org.odooplatform.image.RegistryLogins;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Pushes a built image, adds the extra tags through the registry API, and checks that every tag"
                + " points to the pushed digest.",
            "stdout gets REPO@sha256:... as its last line."})
final class ImagePublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BuilderOptions builderOptions;

    @Mixin
    RegistryOptions registryOptions;

    @Mixin
    RegistryTimeout registryTimeout;

    @Option(names = "--image", required = true, paramLabel = "REPO:TAG", converter = ImageReferenceConverter.class,
            description = "The built image to push.")
    ImageReference image;

    @Option(names = "--also-tag", split = ",", paramLabel = "TAG", description = "More tags for the same digest, e.g. latest,master (repeatable or comma-separated).")
    List<String> alsoTags = new ArrayList<>();

    @Option(names = "--dry-run", description = "Check the image and the credentials; push nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ImageReference ref = image;
        if (ref.tag() == null || ref.digest() != null) {
            throw new BadInputException("--image " + image + ": expected REPO:TAG, the tag given to 'image build'");
        }
        alsoTags.forEach(ref::withTag); // validates each tag before anything is pushed
        RegistryCredentials credentials = registryOptions.credentials();
        RegistryClient registry = registryOptions.client(ref, credentials, registryTimeout);
        RegistryLogins logins = RegistryLogins.forImages(credentials, ref, List.of(), registryOptions::insecureFor);
        ImageBuilder builder = builderOptions.builders(err).selectHolding(builderOptions.builder, ref);
        if (dryRun) {
            err.println("dry run: would push " + ref + " with " + builder.name()
                    + (alsoTags.isEmpty() ? "" : " and tag it " + String.join(", ", alsoTags)));
            return 0;
        }
        ImageReference pinned = new ImagePublisher(builder, registry, err).publish(ref, alsoTags, logins.logins(), logins.insecure());
        spec.commandLine().getOut().println(pinned);
        return 0;
    }
}
