package org.odooplatform.flow;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.database.AdminCredentials;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.database.ClusterReleaseDatabaseGuard;
import org.odooplatform.database.DatabaseBackup;
import org.odooplatform.database.DatabaseClients;
import org.odooplatform.database.ReleaseDatabaseGuard;

/**
 * How a deploy reaches the databases of the shared cluster: the cluster host and admin from
 * {@code PGHOST}, {@code PGPORT}, {@code PGUSER}, {@code PGPASSWORD} (as {@code db reset}), the
 * instance's own login from its settings, backups in {@code directory}, client tools from
 * {@code pgBin} (or the usual places).
 */
public record DatabaseAccess(AdminCredentials admin, BackupDirectory directory, Optional<Path> pgBin, int keep,
        Duration timeout, Function<String, String> env) {

    /** Empty when {@code PGHOST} is not set (no database access configured); bad input when it is set but incomplete. */
    public static Optional<DatabaseAccess> fromEnvironment(Function<String, String> env, Path backupDir, Path pgBin,
            int keep, Duration timeout) {
        String host = env.apply("PGHOST");
        if (host == null || host.isBlank()) {
            return Optional.empty();
        }
        List<Problem> problems = new ArrayList<>();
        AdminCredentials admin = AdminCredentials.fromEnvironment(env, problems);
        if (admin == null) {
            throw new BadInputException(problems);
        }
        return Optional.of(new DatabaseAccess(admin, BackupDirectory.resolve(backupDir, env), Optional.ofNullable(pgBin),
                keep, timeout, env));
    }

    public static DatabaseAccess of(AdminCredentials admin, BackupDirectory directory) {
        return new DatabaseAccess(admin, directory, Optional.empty(), DatabaseBackup.DEFAULT_KEEP,
                DatabaseBackup.DEFAULT_TIMEOUT, System::getenv);
    }

    /**
     * {@code status}: the marabunta version of the database the stack's odoo uses (DB_NAME of its
     * environment or of its deploy record); empty for the test instance (its own db container).
     */
    public Optional<String> statusLine(StatusReport report) {
        Optional<org.odooplatform.rancher.DeployRecord> record = report.history().stream().findFirst();
        String instance = record.map(org.odooplatform.rancher.DeployRecord::instance).orElse(null);
        boolean test = "test".equals(instance) || report.services().stream().anyMatch(s -> "test".equals(
                s.get("launchConfig").path("environment").path("RUNNING_ENV").asText()));
        if (test) {
            return Optional.empty();
        }
        return ReleaseDatabaseSteps.statusLine(Optional.of(this),
                ReleaseDatabaseSteps.databaseOf(report.services(), record));
    }

    DatabaseClients clients(PrintWriter out) {
        return DatabaseClients.of(pgBin, env, out);
    }

    ReleaseDatabaseGuard guard(PrintWriter out) {
        return new ClusterReleaseDatabaseGuard(admin, clients(out), directory, keep, timeout);
    }
}
