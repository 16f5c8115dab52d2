package org.odooplatform.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.flow.DatabaseRestoreFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Puts a backup of the instance's own stack back in place of its database: checks the SHA-256,"
                + " restores into a new database owned by DB_USER, then swaps it in by rename while clients are kept out;"
                + " the replaced database is kept under a dated name.",
                "A failure before the swap leaves the database as it was. prod needs --approved-by."})
final class DbRestoreCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    DbRestoreCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DbInstanceOptions target;

    @Mixin
    DbBackupOptions backup;

    @Mixin
    RancherOptions rancher;

    @Option(names = "--backup", required = true, paramLabel = "FILE",
            description = "The backup: a file name printed by db list-backups, or a path.")
    String file;

    @Option(names = "--sha256", paramLabel = "HEX", description = "The checksum recorded elsewhere (the stack's deploy"
            + " record); checked besides the backup's own sidecar.")
    String sha256;

    @Option(names = "--stop-odoo", description = "Deactivate the stack's odoo service through the Rancher API before the"
            + " swap (RANCHER_URL, RANCHER_ACCESS_KEY, RANCHER_SECRET_KEY); it stays stopped. Implies --terminate-sessions.")
    boolean stopOdoo;

    @Option(names = "--stack", paramLabel = "NAME", description = "Rancher stack of --stop-odoo (default: the instance's).")
    String stack;

    @Option(names = "--terminate-sessions", description = "Terminate the sessions on the database at the swap;"
            + " without it (or --stop-odoo) a database with active sessions is refused (exit 3).")
    boolean terminateSessions;

    @Option(names = "--keep-replaced", paramLabel = "N", defaultValue = "1",
            description = "Replaced copies kept under a dated name (default: ${DEFAULT-VALUE}, this run's).")
    int keepReplaced;

    @Option(names = "--approved-by", paramLabel = "NAME", description = "Required to restore prod: who approved it.")
    String approvedBy;

    @Option(names = "--yes", description = "Confirm that the database is replaced (required unless --dry-run).")
    boolean yes;

    @Option(names = "--dry-run", description = "Check the backup's checksum and say what would be done; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Map<String, String> env = this.env.asMap();
        DatabaseRestoreFlow.run(new DatabaseRestoreFlow.Request(target.source(), backup.tools(env::get), file,
                sha256, stopOdoo, stack, terminateSessions, keepReplaced, approvedBy, yes, dryRun, env::get,
                rancher::endpoint), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
