package org.odooplatform.database;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.Problem;
import org.odooplatform.project.Instance;

/**
 * {@code db refresh --instance integration --from prod}: integration becomes a neutralised copy of
 * prod. Prod is only read: pg_dump logs in as prod's role in read-only sessions, and nothing
 * else connects to it but a read-only session reading {@code marabunta_version}. The dump is a
 * regular prod backup (kept per the retention). It is restored as a new database owned by the
 * integration role ({@code --no-owner --no-acl}, logged in as that role), neutralised, then
 * swapped in by rename with odoo stopped; the previous integration database is kept under a
 * dated name. The filestore (attachments on S3) is not copied.
 */
public final class IntegrationRefresh {

    public static final String FILESTORE_NOTE = "the filestore (attachments on S3) is not copied: integration keeps its"
            + " own bucket, so attachments of prod's records are missing there";

    /**
     * @param stack the integration stack whose odoo is stopped before the swap, or null when it is
     *              known to be stopped (its sessions are then terminated like reconnecting clients)
     */
    public record Request(InstanceDatabase prod, InstanceDatabase integration, Neutraliser neutraliser, String stack,
                          int keepBackups, int keepReplaced, Duration timeout) {

        public Request {
            List<Problem> problems = new ArrayList<>();
            if (integration.instance() != Instance.INTEGRATION) {
                problems.add(Problem.error(null, "db refresh writes the integration database only, not "
                        + integration.instance() + (integration.instance() == Instance.PROD
                        ? ": prod is never the target of a refresh" : "")));
            }
            if (prod.instance() != Instance.PROD) {
                problems.add(Problem.error(null, "db refresh copies prod (--from prod), not " + prod.instance()));
            }
            if (prod.dbName().equals(integration.dbName()) || prod.dbUser().equals(integration.dbUser())) {
                problems.add(Problem.error(null, "the prod and integration settings name the same database or role ("
                        + prod.dbName() + "): expected each instance's own DB_NAME and DB_USER"));
            }
            if (!problems.isEmpty()) {
                throw new BadInputException(problems);
            }
        }
    }

    private IntegrationRefresh() {
    }

    public static RestoreResult run(Request request, AdminCredentials admin, DatabaseClients clients,
                                    BackupDirectory directory) {
        PrintWriter out = clients.out();
        InstanceDatabase prod = request.prod();
        InstanceDatabase integration = request.integration();
        out.println("db refresh of integration database " + integration.dbName() + " from prod database " + prod.dbName()
                + " on " + admin.address());
        out.println("  note: " + FILESTORE_NOTE);
        out.flush();
        ServerVersion server;
        PgTools tools;
        try (ClusterAdmin session = clients.cluster().connect(admin)) {
            server = session.version();
            tools = clients.tools().apply(server);
            if (session.database(prod.dbName()).isEmpty()) {
                throw new PreconditionException("prod database " + prod.dbName() + " does not exist on " + admin.address()
                        + ": check DB_NAME of the prod settings; nothing was changed");
            }
            if (!session.roleExists(integration.dbUser())) {
                throw new PreconditionException("role " + integration.dbUser() + " (integration DB_USER) does not exist:"
                        + " create it first (db reset creates it); nothing was changed");
            }
        }
        String version = MarabuntaTable.read(prod.login(admin)).latestDone().orElse("none");
        Backup dump = DatabaseBackup.run(new DatabaseBackup.Request(prod, prod.login(admin), version,
                "db refresh of integration " + integration.dbName(), request.keepBackups(), request.timeout()),
                server, tools, directory, out);
        DatabaseClients sameTools = new DatabaseClients(clients.cluster(), s -> tools, clients.odoo(), out);
        RestoreResult result = DatabaseRestore.run(new DatabaseRestore.Request(integration, dump, Optional.empty(), true,
                request.stack(), request.keepReplaced(), true, Optional.of(request.neutraliser()), "db refresh",
                request.timeout()), admin, sameTools);
        out.println("integration database " + integration.dbName() + " is a neutralised copy of prod at version " + version
                + ", owned by " + integration.dbUser() + (result.odooStopped() ? "; odoo of " + request.stack()
                + " is stopped until the next deploy starts it" : "")
                + result.keptAs().map(k -> "; the previous integration database is kept as " + k).orElse("")
                + "; " + FILESTORE_NOTE);
        out.flush();
        return result;
    }
}
