package org.odooplatform.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.Problem;
import org.odooplatform.database.Backup;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.database.DatabaseClients;
import org.odooplatform.database.DatabaseRestore;
import org.odooplatform.flow.RancherOdooServiceControl;
import org.odooplatform.flow.TargetCheck;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.RancherEndpoint;
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

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern APPROVER = Pattern.compile("[A-Za-z0-9_.@ -]{1,64}");

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectOptions project;

    @Mixin
    InstanceOptions instance;

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
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> env = this.env.asMap();
        DbBackupCommand.Resolved r = DbBackupCommand.Resolved.of(project, instance, env::get);
        List<Problem> problems = new ArrayList<>();
        if (r.database().instance() == Instance.PROD && (approvedBy == null || approvedBy.isBlank())) {
            problems.add(Problem.error(null, "prod is the target: a restore replaces the production database; give"
                    + " --approved-by NAME (who approved it), as for a deploy to prod"));
        }
        if (approvedBy != null && !APPROVER.matcher(approvedBy).matches()) {
            problems.add(Problem.error(null, "--approved-by '" + approvedBy + "': expected a name of letters, digits, . _ @ - and spaces"));
        }
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            problems.add(Problem.error(null, "--sha256 '" + sha256 + "': expected 64 hexadecimal digits"));
        }
        if (!yes && !dryRun) {
            problems.add(Problem.error(null, "--yes is missing: db restore replaces database " + r.database().dbName()
                    + " (kept under a dated name); pass --yes to confirm"));
        }
        if (keepReplaced < 1 || keepReplaced > 10) {
            problems.add(Problem.error(null, "--keep-replaced " + keepReplaced + ": expected 1 to 10"));
        }
        BackupDirectory directory = backup.directory(env::get);
        Backup chosen = null;
        try {
            chosen = directory.find(file);
        } catch (BadInputException e) {
            problems.addAll(e.problems());
        }
        if (chosen != null && !chosen.stack().equals(r.database().stack())) {
            problems.add(Problem.error(null, "backup " + chosen.file().getFileName() + " is of stack " + chosen.stack()
                    + ", not " + r.database().stack() + ": a restore puts a stack's own backup back"
                    + (r.database().instance() == Instance.INTEGRATION
                    ? "; to copy prod to integration use db refresh (it neutralises the copy)" : "")));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        if (stopOdoo && stack != null) {
            // the odoo to stop must be this instance's: checked before anything is touched
            TargetCheck.requireName(project.config(), r.database().instance(), project.config().client().orElse(null), stack);
        }
        String stackName = stopOdoo ? (stack != null ? stack : r.database().stack()) : null;
        DatabaseClients clients = DatabaseClients.of(backup.pgBin(), env::get, out);
        if (stopOdoo && !dryRun) {
            RancherEndpoint endpoint = rancher.endpoint();
            clients = clients.withOdoo(RancherOdooServiceControl.on(endpoint));
        }
        String what = "db restore" + (approvedBy == null ? "" : " approved by " + approvedBy);
        out.println(what + " of " + chosen.file().getFileName() + " (" + chosen.databaseVersion() + ", taken "
                + chosen.createdAt() + ") into " + r.database().instance() + " database " + r.database().dbName()
                + " on " + r.admin().address());
        if (dryRun) {
            BackupDirectory.verify(chosen, Optional.ofNullable(sha256));
            out.println("  checksum ok: sha256 " + chosen.sha256() + ", " + Backup.size(chosen.sizeBytes()));
            out.println("  would create " + r.database().dbName() + "_restore, pg_restore into it as "
                    + r.database().dbUser() + (stackName == null ? "" : ", stop odoo of " + stackName)
                    + ", rename " + r.database().dbName() + " to " + r.database().dbName() + "_<UTC time> and the new one into place");
            out.println("dry run: nothing was changed.");
            return ExitCode.OK;
        }
        DatabaseRestore.run(new DatabaseRestore.Request(r.database(), chosen, Optional.ofNullable(sha256),
                terminateSessions || stopOdoo, stackName, keepReplaced, false, Optional.empty(), what, backup.timeout),
                r.admin(), clients);
        return ExitCode.OK;
    }
}
