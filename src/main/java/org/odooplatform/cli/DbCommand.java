package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Database operations: reset, backup, restore, list-backups, refresh.",
        subcommands = {DbResetCommand.class, DbBackupCommand.class, DbRestoreCommand.class,
                DbListBackupsCommand.class, DbRefreshCommand.class})
final class DbCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT;
    }
}
