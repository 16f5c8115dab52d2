package org.odooplatform.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.BadInputException;
import org.odooplatform.flow.DeployMetadata;
import org.odooplatform.flow.RollbackFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Rolls an instance back: Rancher's rollback while a service is between versions (upgraded),"
                + " else redeploys the previous successful deploy recorded on the stack, once: right after a rollback,"
                + " a second one is refused unless --further.",
            "After a deploy that migrated the database (it took a backup first, recorded on the stack; also a deploy"
                + " killed during its upgrade), the image alone is not rolled back: --restore-database stops odoo,"
                + " restores that backup (checked against its SHA-256) into a new database swapped in by rename, the"
                + " migrated one kept under a dated name, then brings the previous version up on it. What was written"
                + " since that deploy is lost: see the plan with --dry-run. The database cluster from PGHOST, PGPORT,"
                + " PGUSER, PGPASSWORD and the instance's DB_NAME, DB_USER, DB_PASSWORD from --env-file, as for deploy.",
            "Exit codes: 0 rolled back, 1 failed (the message says the state; a failed restore leaves odoo stopped),"
                + " 2 bad input, 3 nothing to roll back, already rolled back, lock held, or a migrated database without"
                + " --restore-database or --database-restored."})
final class RollbackCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it): PGHOST... for --restore-database. */
    private final org.odooplatform.common.Environment env;

    RollbackCommand(org.odooplatform.common.Environment env) {
        this.env = env;
    }

    @Mixin
    ProjectOptions project;

    @Mixin
    StackSelection selection;

    @Mixin
    RancherOptions rancher;

    @Option(names = "--further", description = "The stack was just rolled back: go back one more successful deploy"
            + " (without it, a second rollback in a row is refused: it would return to the version rolled back from).")
    boolean further;

    @Option(names = "--database-restored", description = "The deploy rolled back from migrated the database (a backup"
            + " is recorded on it): you restored the database to that backup by hand, so the previous image may run on it.")
    boolean databaseRestored;

    @Option(names = "--restore-database", description = "The deploy rolled back from migrated the database: restore"
            + " the backup recorded on it as part of the rollback (odoo stopped first, the migrated database kept"
            + " under a dated name). Loses what was written since that deploy. Needs --env-file and PGHOST...")
    boolean restoreDatabase;

    @Option(names = "--env-file", paramLabel = "FILE", description = "With --restore-database: the instance settings"
            + " (DB_NAME, DB_USER, DB_PASSWORD), as given to deploy. Without --restore-database it is refused (exit 2):"
            + " the rollback would not touch the database.")
    java.nio.file.Path envFile;

    @Option(names = "--public-env-file", paramLabel = "FILE", description = "With --restore-database: the optional"
            + " non-secret settings, read before --env-file.")
    java.nio.file.Path publicEnvFile;

    @Mixin
    DatabaseAccessOptions databaseAccess;

    @Option(names = "--dry-run", description = "Print what would be rolled back; change nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.Positive.class,
            description = "How long to wait for the previous version to be healthy. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--triggered-by", paramLabel = "TEXT", description = "Who or what started the rollback, recorded on the stack.")
    String triggeredBy;

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for a deploy of the same stack to end before exiting 3. Default: ${DEFAULT-VALUE}.")
    Duration lockWait;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String stackName = selection.stackName(project);
        DeployMetadata.text("--triggered-by", triggeredBy).ifPresent(p -> {
            throw new BadInputException(java.util.List.of(p));
        });
        // database access only for a restore: a plain rollback needs no cluster login (a half-set PGHOST is then no error)
        var database = restoreDatabase ? databaseAccess.access(env.asMap(),
                org.odooplatform.database.DatabaseBackup.DEFAULT_KEEP, org.odooplatform.database.DatabaseBackup.DEFAULT_TIMEOUT)
                : java.util.Optional.<org.odooplatform.flow.DatabaseAccess>empty();
        RollbackFlow.run(new RollbackFlow.Request(stackName, dryRun, timeout, triggeredBy, lockWait, selection.instance(),
                project.config().client().orElse(null), further, databaseRestored, restoreDatabase, envFile, publicEnvFile),
                rancher.clients(Console.out(spec)).withDatabase(database));
        return ExitCode.OK;
    }
}
