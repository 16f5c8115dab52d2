package org.odooplatform.release;

import java.util.Comparator;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.project.History;
import org.odooplatform.project.OdooVersion;

/**
 * The release a new one upgrades from: the highest version of {@code HISTORY.rst}'s released
 * sections below the one being built, in marabunta's order ({@link OdooVersion}). HISTORY.rst and
 * not git tags: a tag build's clone often has no other tags, and the file is what {@code release
 * bump} writes for every release.
 */
public final class PreviousRelease {

    private PreviousRelease() {
    }

    /** Empty for the first release; a malformed HISTORY.rst is bad input (file:line). */
    public static Optional<History.Release> before(History history, OdooVersion current) {
        if (!history.problems().isEmpty()) {
            throw new BadInputException(history.problems());
        }
        return history.releases().values().stream()
                .filter(r -> r.version().compareTo(current) < 0)
                .max(Comparator.comparing(History.Release::version));
    }
}
