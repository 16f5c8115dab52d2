package org.odooplatform.flow;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.database.Backup;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.database.DatabaseClients;
import org.odooplatform.database.DatabaseRestore;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.RancherEndpoint;

/**
 * {@code db restore}: the input checks (approver, checksum, confirmation, the backup chosen and that it is the
 * instance's own stack's), the stack of {@code --stop-odoo}, the dry run, then {@link DatabaseRestore}.
 * Every check runs before the Rancher endpoint is read and before the first change.
 */
public final class DatabaseRestoreFlow {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern APPROVER = Pattern.compile("[A-Za-z0-9_.@ -]{1,64}");

    /** What {@code db restore} was asked; {@code sha256}, {@code stack} and {@code approvedBy} may be null. */
    public record Request(DatabaseTarget.Source source, BackupTools tools, String file, String sha256, boolean stopOdoo,
            String stack, boolean terminateSessions, int keepReplaced, String approvedBy, boolean yes, boolean dryRun,
            Function<String, String> env, Supplier<RancherEndpoint> rancher) {
    }

    private DatabaseRestoreFlow() {
    }

    public static void run(Request request, PrintWriter out) {
        DatabaseTarget r = DatabaseTarget.resolve(request.source(), request.env());
        String approvedBy = request.approvedBy();
        String sha256 = request.sha256();
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
        if (!request.yes() && !request.dryRun()) {
            problems.add(Problem.error(null, "--yes is missing: db restore replaces database " + r.database().dbName()
                    + " (kept under a dated name); pass --yes to confirm"));
        }
        if (request.keepReplaced() < 1 || request.keepReplaced() > 10) {
            problems.add(Problem.error(null, "--keep-replaced " + request.keepReplaced() + ": expected 1 to 10"));
        }
        Backup chosen = null;
        try {
            chosen = request.tools().directory().find(request.file());
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
        boolean stopOdoo = request.stopOdoo();
        if (stopOdoo && request.stack() != null) {
            // the odoo to stop must be this instance's: checked before anything is touched
            TargetCheck.requireName(request.source().config(), r.database().instance(),
                    request.source().config().client().orElse(null), request.stack());
        }
        String stackName = stopOdoo ? (request.stack() != null ? request.stack() : r.database().stack()) : null;
        DatabaseClients clients = request.tools().clients(request.env(), out);
        if (stopOdoo && !request.dryRun()) {
            clients = clients.withOdoo(RancherOdooServiceControl.on(request.rancher().get()));
        }
        String what = "db restore" + (approvedBy == null ? "" : " approved by " + approvedBy);
        out.println(what + " of " + chosen.file().getFileName() + " (" + chosen.databaseVersion() + ", taken "
                + chosen.createdAt() + ") into " + r.database().instance() + " database " + r.database().dbName()
                + " on " + r.admin().address());
        if (request.dryRun()) {
            BackupDirectory.verify(chosen, Optional.ofNullable(sha256));
            out.println("  checksum ok: sha256 " + chosen.sha256() + ", " + Backup.size(chosen.sizeBytes()));
            out.println("  would create " + r.database().dbName() + "_restore, pg_restore into it as "
                    + r.database().dbUser() + (stackName == null ? "" : ", stop odoo of " + stackName)
                    + ", rename " + r.database().dbName() + " to " + r.database().dbName() + "_<UTC time> and the new one into place");
            out.println("dry run: nothing was changed.");
            return;
        }
        DatabaseRestore.run(new DatabaseRestore.Request(r.database(), chosen, Optional.ofNullable(sha256),
                request.terminateSessions() || stopOdoo, stackName, request.keepReplaced(), false, Optional.empty(), what,
                request.tools().timeout()), r.admin(), clients);
    }
}
