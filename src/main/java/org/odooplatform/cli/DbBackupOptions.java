package org.odooplatform.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.flow.BackupTools;
import org.odooplatform.database.DatabaseBackup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --backup-dir}, {@code --pg-bin}, {@code --timeout}: where backups live and which client tools make them. */
public final class DbBackupOptions {

    @Mixin
    DatabaseAccessOptions access;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "4h",
            description = "Longest a pg_dump or pg_restore may run (default: ${DEFAULT-VALUE}).")
    Duration timeout = DatabaseBackup.DEFAULT_TIMEOUT;

    BackupDirectory directory(Function<String, String> env) {
        return access.directory(env);
    }

    /** The backup directory, client tools and time-out the flows take. */
    BackupTools tools(Function<String, String> env) {
        return new BackupTools(directory(env), pgBin(), timeout);
    }

    Optional<Path> pgBin() {
        return access.pgBin();
    }
}
