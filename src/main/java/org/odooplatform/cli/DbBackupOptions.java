package org.odooplatform.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.database.DatabaseBackup;
import picocli.CommandLine.Option;

/** {@code --backup-dir}, {@code --pg-bin}, {@code --timeout}: where backups live and which client tools make them. */
public final class DbBackupOptions {

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "Where backups are kept. Default:"
            + " $ODOO_PLATFORM_BACKUP_DIR, else ~/.odoo-platform/backups on this agent.")
    Path backupDir;

    @Option(names = "--pg-bin", paramLabel = "DIR", description = "Directory of pg_dump and pg_restore. Default:"
            + " /usr/lib/postgresql/<server major>/bin, then PATH; their major version must be the server's.")
    Path pgBin;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "4h",
            description = "Longest a pg_dump or pg_restore may run (default: ${DEFAULT-VALUE}).")
    Duration timeout = DatabaseBackup.DEFAULT_TIMEOUT;

    BackupDirectory directory(Function<String, String> env) {
        return BackupDirectory.resolve(backupDir, env);
    }

    Optional<Path> pgBin() {
        return Optional.ofNullable(pgBin);
    }
}
