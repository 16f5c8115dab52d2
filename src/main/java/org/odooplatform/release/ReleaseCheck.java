package org.odooplatform.release;

import java.nio.file.Path;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.project.OdooProject;

/** {@code release check}: migration.yml has an entry for the version in odoo/VERSION. */
public final class ReleaseCheck {

    private ReleaseCheck() {
    }

    /**
     * The entry for odoo/VERSION. Malformed files are a {@code BadInputException} (exit 2); a
     * missing entry is a {@link PreconditionException} (exit 3): marabunta would not upgrade.
     */
    public static MigrationFile.Entry run(Path projectDir) {
        OdooProject project = OdooProject.load(projectDir.normalize());
        String version = project.version().toString();
        return project.migration().entries().stream().filter(e -> e.version().equals(version)).findFirst()
                .orElseThrow(() -> new PreconditionException(project.migration().path() + ": no entry for " + version
                        + " (odoo/VERSION): marabunta would not run this release's upgrade; append '- version: "
                        + version + "' to 'versions' (release bump does it)"));
    }
}
