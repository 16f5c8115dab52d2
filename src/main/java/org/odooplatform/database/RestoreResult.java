package org.odooplatform.database;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a restore did: {@code database} now holds the backup; the database it replaced is kept as
 * {@code keptAs} (until {@link DatabaseRestore#dropKept} once the result is confirmed); older kept
 * copies dropped are in {@code dropped}.
 */
public record RestoreResult(String database, Backup backup, Optional<String> keptAs, List<String> dropped,
                            boolean odooStopped, Duration total) {

    public RestoreResult {
        dropped = List.copyOf(dropped);
    }
}
