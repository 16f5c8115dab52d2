package org.odooplatform.image;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;

/**
 * Publishing: the builder pushes the layers once; the extra tags are then added through the
 * registry API (a manifest PUT each), and every tag is read back and must name the same digest.
 */
public final class ImagePublisher {

    private final ImageBuilder builder;
    private final RegistryClient registry;
    private final PrintWriter log;

    public ImagePublisher(ImageBuilder builder, RegistryClient registry, PrintWriter log) {
        this.builder = builder;
        this.registry = registry;
        this.log = log;
    }

    /** Pushes {@code image}, adds {@code alsoTags}; returns {@code REPO@digest}. */
    public ImageReference publish(ImageReference image, List<String> alsoTags, List<RegistryLogin> logins, boolean insecure) {
        log.println("pushing " + image + " with " + builder.name());
        Optional<String> pushed = builder.push(image, logins, insecure);
        String digest = registry.headManifest(image.repository(), image.tag())
                .orElseThrow(() -> new OperationFailedException(builder.name() + " reported a successful push but "
                        + image + " is not in the registry: check that the registry is the one the builder pushed to"));
        if (pushed.isPresent() && !pushed.get().equals(digest)) {
            throw new OperationFailedException(builder.name() + " pushed " + pushed.get() + " but the registry has "
                    + digest + " under " + image + ": another push raced this one; publish again");
        }
        ImageReference pinned = image.withDigest(digest);
        ImagePromoter promoter = new ImagePromoter(registry, log);
        List<String> tags = new ArrayList<>(List.of(image.tag()));
        for (String tag : alsoTags) {
            promoter.promote(pinned, image.withTag(tag), false, false);
            tags.add(tag);
        }
        for (String tag : tags) {
            String now = registry.headManifest(image.repository(), tag)
                    .orElseThrow(() -> new PreconditionException(ImagePromoter.missing(image.withTag(tag))));
            if (!now.equals(digest)) {
                throw new OperationFailedException(image.withTag(tag) + " points to " + now + ", not to the pushed "
                        + digest + ": another publish moved it; publish again");
            }
        }
        log.println("verified: " + String.join(", ", tags) + " -> " + digest);
        return pinned;
    }
}
