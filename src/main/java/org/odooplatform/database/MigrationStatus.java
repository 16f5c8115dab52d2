package org.odooplatform.database;

import java.util.List;
import java.util.Optional;

/**
 * Whether the release's marabunta run will change the database, decided by {@link MigrationCheck}.
 *
 * @param pending      versions marabunta will run (not done in the database and not noop), in its order
 * @param noopPending  noop versions not yet recorded: marabunta only adds their row
 * @param blockedBy    why marabunta will refuse to start (an unfinished version, a database newer
 *                     than the code, several versions without MARABUNTA_ALLOW_SERIE), or empty
 */
public record MigrationStatus(Verdict verdict, MarabuntaTable.State database, String codeVersion,
                              List<String> pending, List<String> noopPending, Optional<String> blockedBy) {

    public enum Verdict {
        /** Every version of the file is done in the database (noop ones may still be recorded). */
        UP_TO_DATE,
        /** Marabunta will run {@code pending} on the database. */
        MIGRATES,
        /** The database has no marabunta table: marabunta will install from {@code setup}. */
        FIRST_INSTALL,
        /** There is no database yet: nothing to back up, Odoo creates it. */
        NO_DATABASE,
        /** Marabunta will refuse to start: see {@code blockedBy}. */
        BLOCKED
    }

    public MigrationStatus {
        pending = List.copyOf(pending);
        noopPending = List.copyOf(noopPending);
    }

    /** True when the release's first start changes the database, so the old code cannot run on it after. */
    public boolean willMigrate() {
        return verdict == Verdict.MIGRATES || verdict == Verdict.FIRST_INSTALL;
    }

    /** True when a backup before the upgrade is worth taking (there is a database that will change). */
    public boolean needsBackup() {
        return willMigrate() && database.exists();
    }

    /** One line, as printed by the deploy and by {@code db backup}. */
    public String summary() {
        String at = database.describe();
        return switch (verdict) {
            case UP_TO_DATE -> "will not migrate: " + at + ", every version of migration.yml up to " + codeVersion
                    + " is done" + (noopPending.isEmpty() ? "" : " (noop " + String.join(", ", noopPending)
                    + " will only be recorded)");
            case MIGRATES -> "will migrate: " + at + "; marabunta will run " + String.join(", ", pending);
            case FIRST_INSTALL -> "will migrate: " + at + "; marabunta will install from setup ("
                    + String.join(", ", pending) + ")";
            case NO_DATABASE -> "will create the database: " + at + "; nothing to back up";
            case BLOCKED -> "marabunta will refuse to start: " + blockedBy.orElse("?");
        };
    }
}
