package org.odooplatform.project;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;

/**
 * The release-relevant files of an Odoo project: {@code odoo/VERSION}, {@code HISTORY.rst} and
 * {@code odoo/migration.yml}, read and checked together so every problem of every file is
 * reported at once.
 */
public record OdooProject(Path root, OdooVersion version, TextFile versionFile, History history,
        MigrationFile migration, List<Problem> warnings) {

    public static final String VERSION_FILE = "odoo/VERSION";
    public static final String HISTORY_FILE = "HISTORY.rst";
    public static final String MIGRATION_FILE = "odoo/migration.yml";

    /** Reads the three files; any error in any of them is one {@link BadInputException} listing all. */
    public static OdooProject load(Path root) {
        List<Problem> problems = new ArrayList<>();
        TextFile versionFile = null;
        OdooVersion version = null;
        try {
            versionFile = TextFile.read(root.resolve(VERSION_FILE));
            version = readVersion(versionFile, problems);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        History history = null;
        try {
            history = History.load(root.resolve(HISTORY_FILE));
            problems.addAll(history.problems());
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        MigrationFile migration = MigrationFile.load(root.resolve(MIGRATION_FILE));
        problems.addAll(migration.problems());
        if (problems.stream().anyMatch(Problem::isError)) {
            throw new BadInputException(problems);
        }
        return new OdooProject(root, version, versionFile, history, migration,
                problems.stream().filter(p -> !p.isError()).toList());
    }

    /** Reads only {@code odoo/VERSION}. */
    public static OdooVersion readVersion(Path root) {
        List<Problem> problems = new ArrayList<>();
        OdooVersion version = readVersion(TextFile.read(root.resolve(VERSION_FILE)), problems);
        if (version == null) {
            throw new BadInputException(problems);
        }
        return version;
    }

    private static OdooVersion readVersion(TextFile file, List<Problem> problems) {
        String text = file.text().strip();
        if (text.isEmpty()) {
            problems.add(Problem.error(file.path(), 1, "the version file is empty: expected " + OdooVersion.EXPECTED));
            return null;
        }
        if (text.contains("\n")) {
            problems.add(Problem.error(file.path(), 2, "expected the version alone on one line"));
            return null;
        }
        var version = OdooVersion.tryParse(text);
        if (version.isEmpty()) {
            problems.add(Problem.error(file.path(), 1, "'" + text + "' is not a version: expected " + OdooVersion.EXPECTED));
            return null;
        }
        return version.get();
    }

    public static boolean looksLikeProject(Path root) {
        return Files.isDirectory(root.resolve("odoo"));
    }
}
