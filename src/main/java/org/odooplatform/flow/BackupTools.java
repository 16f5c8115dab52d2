package org.odooplatform.flow;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.database.DatabaseClients;

/** Where backups live, which client tools make them and how long one may run: shared by backup, restore and refresh. */
public record BackupTools(BackupDirectory directory, Optional<Path> pgBin, Duration timeout) {

    public DatabaseClients clients(Function<String, String> env, PrintWriter out) {
        return DatabaseClients.of(pgBin, env, out);
    }
}
