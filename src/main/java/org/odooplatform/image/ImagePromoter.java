package org.odooplatform.image;

import java.io.PrintWriter;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.PreconditionException;

/**
 * Promotion by digest: puts the very manifest bytes of an existing image under a new tag, through
 * the registry API only. A different target repository gets the blobs by cross-repository mount,
 * so no layer is pulled or pushed and the digest cannot change. Release tags (X.Y.Z) never move.
 */
public final class ImagePromoter {

    /** What a promotion did: the target and its digest, and whether the tag was (or would be) written. */
    public record Result(ImageReference target, String digest, boolean changed, int blobsMounted) {
        public ImageReference pinned() {
            return target.withDigest(digest);
        }
    }

    private final RegistryClient registry;
    private final PrintWriter log;

    public ImagePromoter(RegistryClient registry, PrintWriter log) {
        this.registry = registry;
        this.log = log;
    }

    public Result promote(ImageReference from, ImageReference to, boolean force, boolean dryRun) {
        long start = System.nanoTime();
        int requestsBefore = registry.requestCount();
        if (!from.registry().equals(to.registry())) {
            throw new BadInputException("cannot promote from registry " + from.registry() + " to " + to.registry()
                    + ": a promotion stays in one registry (copy across registries with skopeo copy)");
        }
        if (to.tag() == null || to.digest() != null) {
            throw new BadInputException("promotion target " + to + ": expected REPO:TAG (a tag to create)");
        }
        Manifest manifest = registry.getManifest(from.repository(), from.manifestReference())
                .orElseThrow(() -> new PreconditionException(missing(from)));
        if (from.digest() == null) {
            log.println("resolved " + from + " to " + manifest.digest());
        }
        Optional<String> existing = registry.headManifest(to.repository(), to.tag());
        if (existing.isPresent() && existing.get().equals(manifest.digest())) {
            log.println(to + " already points to " + manifest.digest() + ": nothing to do");
            return new Result(to, manifest.digest(), false, 0);
        }
        if (existing.isPresent() && to.isReleaseTag()) {
            if (!force) {
                throw new PreconditionException("release tag " + to + " already points to " + existing.get()
                        + ", not to " + manifest.digest() + ": release tags are immutable. Release a new version,"
                        + " or pass --force if you really mean to move it");
            }
            log.println("warning: moving release tag " + to + " from " + existing.get() + " to " + manifest.digest() + " (--force)");
        }
        boolean crossRepo = !from.repository().equals(to.repository());
        if (dryRun) {
            log.println("dry run: would " + (crossRepo ? "mount the blobs of " + manifest.digest() + " into " + to.name() + " and " : "")
                    + "tag " + manifest.digest() + " as " + to);
            return new Result(to, manifest.digest(), true, 0);
        }
        int mounted = 0;
        if (crossRepo) {
            mounted = copyReferences(from.repository(), to.repository(), manifest);
        }
        registry.putManifest(to.repository(), to.tag(), manifest);
        String now = registry.headManifest(to.repository(), to.tag())
                .orElseThrow(() -> new PreconditionException(missing(to) + " right after it was written; check the registry"));
        if (!now.equals(manifest.digest())) {
            throw new org.odooplatform.common.OperationFailedException(to + " points to " + now + " right after it was set to "
                    + manifest.digest() + ": someone else moved it concurrently; check and promote again");
        }
        log.println("tagged " + manifest.digest() + " as " + to + " (" + (crossRepo ? mounted + " blobs mounted from "
                + from.repository() + ", " : "") + "no layer transferred; " + (registry.requestCount() - requestsBefore)
                + " registry requests in " + (System.nanoTime() - start) / 1_000_000 + " ms)");
        return new Result(to, manifest.digest(), true, mounted);
    }

    /** Makes everything the manifest references exist in {@code to}: blobs by mount, platform manifests by digest. */
    private int copyReferences(String from, String to, Manifest manifest) {
        int mounted = 0;
        if (manifest.isIndex()) {
            for (String child : manifest.childDigests()) {
                if (registry.headManifest(to, child).isPresent()) {
                    continue;
                }
                Manifest platform = registry.getManifest(from, child).orElseThrow(() -> new PreconditionException(
                        "the index in " + from + " lists " + child + ", which the registry does not have: the image is incomplete"));
                mounted += copyReferences(from, to, platform);
                registry.putManifest(to, child, platform);
            }
            return mounted;
        }
        for (String blob : manifest.blobDigests()) {
            if (!registry.blobExists(to, blob)) {
                registry.mountBlob(to, blob, from);
                mounted++;
            }
        }
        return mounted;
    }

    static String missing(ImageReference ref) {
        return ref.digest() != null
                ? "image " + ref + " does not exist: no manifest " + ref.digest() + " in repository " + ref.name()
                : "tag '" + ref.tag() + "' does not exist in repository " + ref.name() + " (" + ref + "):"
                + " publish it first, or check the tag";
    }
}
