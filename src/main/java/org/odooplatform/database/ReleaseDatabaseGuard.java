package org.odooplatform.database;

import java.util.Optional;
import org.odooplatform.config.Settings;
import org.odooplatform.project.MigrationFile;

/**
 * What the deploy engine calls around an upgrade of integration or prod, so a release never
 * strands a database: find out whether the release migrates, back up first when it does, and
 * restore that backup on rollback (the caller stops odoo first and starts the old image after).
 */
public interface ReleaseDatabaseGuard {

    /** Compares {@code migration} with the database's {@code marabunta_version} (read-only). */
    MigrationStatus check(InstanceDatabase database, MigrationFile migration, Settings settings);

    /**
     * Takes a backup when {@code status} says the release migrates an existing database; empty
     * otherwise. Throws {@link org.odooplatform.common.PreconditionException} when marabunta would
     * refuse to start (the deploy would only crash-loop).
     */
    Optional<Backup> beforeUpgrade(InstanceDatabase database, MigrationStatus status, String releaseVersion);

    /**
     * Puts {@code backup} back in place of the database (odoo must be stopped by the caller);
     * the migrated database is kept until {@link #confirm}.
     */
    default RestoreResult restore(InstanceDatabase database, Backup backup) {
        return restore(database, backup, java.util.Optional.empty());
    }

    /** The same, the archive also checked against {@code expectedSha256} (the stack's deploy record). */
    RestoreResult restore(InstanceDatabase database, Backup backup, Optional<String> expectedSha256);

    /**
     * What {@link #restore} checks before its first change, changing nothing (exit 2 or 3 as it would);
     * returns one line on what was found.
     */
    String checkRestore(InstanceDatabase database, Backup backup, Optional<String> expectedSha256);

    /** Drops the migrated database kept by {@link #restore}, once the rollback is healthy. */
    void confirm(RestoreResult result);
}
