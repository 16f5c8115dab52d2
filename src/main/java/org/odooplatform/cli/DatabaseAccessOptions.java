package org.odooplatform.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.flow.DatabaseAccess;
import picocli.CommandLine.Option;

/**
 * {@code --backup-dir}, {@code --pg-bin}: where backups live and which client tools read and write
 * them; with the cluster's {@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD}, the
 * database access of {@code deploy}, {@code rollback --restore-database} and the {@code db} commands.
 */
public final class DatabaseAccessOptions {

    @Option(names = "--backup-dir", paramLabel = "DIR", description = "Where backups are kept (deploy writes the backup"
            + " before a migrating upgrade there; rollback --restore-database looks there when the recorded path is"
            + " absent). Default: $ODOO_PLATFORM_BACKUP_DIR, else ~/.odoo-platform/backups on this agent.")
    Path backupDir;

    @Option(names = "--pg-bin", paramLabel = "DIR", description = "Directory of pg_dump and pg_restore (their major"
            + " version must be the server's). Default: /usr/lib/postgresql/<server major>/bin, then PATH.")
    Path pgBin;

    BackupDirectory directory(Function<String, String> env) {
        return BackupDirectory.resolve(backupDir, env);
    }

    Optional<Path> pgBin() {
        return Optional.ofNullable(pgBin);
    }

    /** The cluster access from the environment (empty when PGHOST is not set; bad input when it is set but incomplete). */
    Optional<DatabaseAccess> access(Map<String, String> env, int keep, Duration timeout) {
        return DatabaseAccess.fromEnvironment(env::get, backupDir, pgBin, keep, timeout);
    }
}
