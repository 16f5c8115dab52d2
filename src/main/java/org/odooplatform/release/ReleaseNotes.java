package org.odooplatform.release;

import java.nio.file.Path;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.project.History;
import org.odooplatform.project.OdooProject;
import org.odooplatform.project.OdooVersion;

/** {@code release notes}: a released version's HISTORY.rst section, the annotated tag's message. */
public final class ReleaseNotes {

    private ReleaseNotes() {
    }

    /**
     * The section text of {@code version} (null: the version of odoo/VERSION). A version with no
     * section is a {@link PreconditionException}: release bump has not run for it yet.
     */
    public static String of(Path projectDir, String version) {
        String wanted = version;
        if (wanted == null) {
            wanted = OdooProject.readVersion(projectDir).toString();
        } else if (OdooVersion.tryParse(wanted).isEmpty()) {
            throw new BadInputException("'" + wanted + "' is not a version: expected " + OdooVersion.EXPECTED);
        }
        Path file = projectDir.resolve(OdooProject.HISTORY_FILE).normalize();
        History history = History.load(file);
        String v = wanted;
        return history.notes(v).orElseThrow(() -> new PreconditionException(file + ": no section for " + v
                + ": expected a heading '" + v + " (YYYY-MM-DD)' underlined with '+'; run 'odoo-platform release"
                + " bump' first, or pick one of " + String.join(", ", history.releases().keySet())));
    }
}
