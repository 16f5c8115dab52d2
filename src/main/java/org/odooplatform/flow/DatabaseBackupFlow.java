package org.odooplatform.flow;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.function.Function;
import org.odooplatform.database.Backup;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.database.ClusterAdmin;
import org.odooplatform.database.DatabaseBackup;
import org.odooplatform.database.DatabaseClients;
import org.odooplatform.database.MarabuntaTable;
import org.odooplatform.database.PgTools;
import org.odooplatform.database.ServerVersion;

/**
 * {@code db backup}: the instance database and admin variables checked, the server's version and the matching
 * client tools found, the migration status printed, then the dry run or {@link DatabaseBackup}.
 */
public final class DatabaseBackupFlow {

    /** What {@code db backup} was asked. */
    public record Request(DatabaseTarget.Source source, BackupTools tools, int keep, String reason, boolean dryRun,
            Function<String, String> env) {
    }

    private DatabaseBackupFlow() {
    }

    public static void run(Request request, PrintWriter out) {
        DatabaseTarget r = DatabaseTarget.resolve(request.source(), request.env());
        BackupDirectory directory = request.tools().directory();
        DatabaseClients clients = request.tools().clients(request.env(), out);
        out.println((request.dryRun() ? "db backup (dry run) of " : "db backup of ") + r.database().instance() + " database "
                + r.database().dbName() + " on " + r.admin().address() + " as " + r.database().dbUser());
        ServerVersion server;
        try (ClusterAdmin admin = clients.cluster().connect(r.admin())) {
            server = admin.version();
        }
        PgTools tools = clients.tools().apply(server);
        MarabuntaTable.State state = MarabuntaTable.read(r.database().login(r.admin()));
        out.println("  " + state.describe());
        r.migrationStatus(state).ifPresent(s -> out.println("  the project's migration.yml " + s.summary()));
        String version = state.latestDone().orElse("none");
        if (request.dryRun()) {
            out.println("  would write " + directory.newFile(r.database().stack(), version, Instant.now()) + " with "
                    + tools.dump().path() + " " + tools.dump().version() + " (" + Backup.size(Math.max(0, directory.usableSpace()))
                    + " free there) and keep the newest " + request.keep() + " backups of " + r.database().stack());
            out.println("dry run: nothing was changed.");
            return;
        }
        Backup b = DatabaseBackup.run(new DatabaseBackup.Request(r.database(), r.database().login(r.admin()), version,
                request.reason(), request.keep(), request.tools().timeout()), server, tools, directory, out);
        out.println("backup " + b.describe() + " of " + b.database() + " at version " + b.databaseVersion() + " is in "
                + directory.path());
    }
}
