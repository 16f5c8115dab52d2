package org.odooplatform.release;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.odooplatform.common.Problem;
import org.odooplatform.project.OdooVersion;

/**
 * What {@code release bump} did (or, in a dry run, would do).
 *
 * @param migrationEntry the line appended to migration.yml, empty when it already had the version
 * @param composeChanges the image lines rewritten in the integration compose file
 * @param composeNote    why no compose line changed, when none did
 * @param historyHeader  the released section header inserted in HISTORY.rst
 * @param changes        every file whose content changes, in the order they are written
 * @param warnings       findings that do not stop the release (e.g. migration.yml out of order)
 */
public record BumpResult(
        OdooVersion oldVersion,
        OdooVersion newVersion,
        Optional<String> migrationEntry,
        List<ComposeChange> composeChanges,
        Optional<String> composeNote,
        String historyHeader,
        int historyLine,
        List<FileChange> changes,
        List<Problem> warnings,
        boolean dryRun) {

    /** One rewritten image line (1-based line number, text without line ending). */
    public record ComposeChange(String file, int line, String before, String after) {
    }

    public boolean migrationEntryAdded() {
        return migrationEntry.isPresent();
    }

    /** The unified diff of every change. */
    public String diff() {
        return changes.stream().map(FileChange::unifiedDiff).collect(Collectors.joining());
    }
}
