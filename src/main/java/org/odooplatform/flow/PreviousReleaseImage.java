package org.odooplatform.flow;

import java.nio.file.Path;
import java.util.Optional;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.image.ImageReference;
import org.odooplatform.image.RegistryClient;
import org.odooplatform.project.History;
import org.odooplatform.project.OdooProject;
import org.odooplatform.project.OdooVersion;
import org.odooplatform.release.PreviousRelease;

/**
 * {@code image test --upgrade-from previous-release}: the version being built is the project's
 * {@code odoo/VERSION}, the one it upgrades from the highest release of {@code HISTORY.rst} below
 * it ({@link PreviousRelease}), and its image that version's tag in the tested image's own
 * repository, pinned by digest (what the registry holds now, not what a tag may later become).
 */
public final class PreviousReleaseImage {

    /** The value of {@code --upgrade-from} that asks for this. */
    public static final String KEYWORD = "previous-release";

    private final OdooVersion current;
    private final Optional<History.Release> previous;

    private PreviousReleaseImage(OdooVersion current, Optional<History.Release> previous) {
        this.current = current;
        this.previous = previous;
    }

    /** Reads the project's version and history; malformed or missing files are bad input (file:line), read before anything runs. */
    public static PreviousReleaseImage find(Path project) {
        OdooVersion current = OdooProject.readVersion(project);
        History history = History.load(project.resolve(OdooProject.HISTORY_FILE));
        return new PreviousReleaseImage(current, PreviousRelease.before(history, current));
    }

    /** Empty for the first release. */
    public Optional<History.Release> previous() {
        return previous;
    }

    /** One line for the log: what the upgrade starts from, or why there is none. */
    public String describe(String resolved) {
        return previous.map(r -> current + " upgrades from the previous release " + r.version() + " (" + OdooProject.HISTORY_FILE
                        + ":" + r.heading().line() + "): " + resolved)
                .orElse(current + " is the first release (" + OdooProject.HISTORY_FILE + " has none before it): no upgrade to test");
    }

    /**
     * {@code REPO@sha256:...} of the previous release in {@code tested}'s repository; a missing tag is
     * a precondition (exit 3): there is nothing to upgrade from, and a release must not skip the test silently.
     */
    public String resolve(ImageReference tested, RegistryClient registry) {
        History.Release release = previous.orElseThrow();
        ImageReference ref = tested.withTag(release.version().toString());
        String digest = registry.headManifest(ref.repository(), ref.manifestReference()).orElseThrow(() -> new PreconditionException(
                "the previous release " + release.version() + " (" + OdooProject.HISTORY_FILE + ":" + release.heading().line()
                        + ") has no image: tag '" + release.version() + "' does not exist in repository " + ref.name()
                        + "; push it (image promote), give the image to upgrade from (--upgrade-from REF), or leave the upgrade"
                        + " test out (no --upgrade-from; imageTests: [upgradeFrom: false] in odooPipeline)"));
        return ref.withDigest(digest).toString();
    }
}
