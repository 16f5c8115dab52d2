package org.odooplatform.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.database.DatabaseBackup;
import org.odooplatform.flow.DatabaseBackupFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Backs up an instance's database with pg_dump -Fc, logged in as its DB_USER in read-only sessions,"
                + " to <backup-dir>/<stack>_<version>_<UTC time>.dump; prints size, duration and SHA-256, and prunes the"
                + " stack's oldest backups beyond --keep.",
                "The host is PGHOST/PGPORT (the cluster); DB_NAME, DB_USER and DB_PASSWORD come from the settings."})
final class DbBackupCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    DbBackupCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DbInstanceOptions target;

    @Mixin
    DbBackupOptions backup;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "" + DatabaseBackup.DEFAULT_KEEP, converter = BackupCountConverter.class,
            description = "Backups of the stack kept after this one (default: ${DEFAULT-VALUE}; 0 keeps all).")
    int keep;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "db backup by hand",
            description = "Why it is taken, recorded in its sidecar (default: '${DEFAULT-VALUE}').")
    String reason;

    @Option(names = "--dry-run", description = "Connect, check the client tools and the migration status; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Map<String, String> env = this.env.asMap();
        DatabaseBackupFlow.run(new DatabaseBackupFlow.Request(target.source(), backup.tools(env::get), keep,
                reason, dryRun, env::get), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
