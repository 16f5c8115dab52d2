package org.odooplatform.database;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.PreconditionException;

/**
 * Restores a backup over an instance's database without ever leaving it half-restored:
 * <ol>
 * <li>the archive's SHA-256 is checked against its record, before anything else;</li>
 * <li>a new database {@code <name>_restore} is created like the current one (owner, encoding,
 *     locale, connection limit, explicit privileges) and pg_restore fills it, logged in as the
 *     instance's role, so that role owns every object;</li>
 * <li>an optional {@link CopyTransform} runs on it (neutralisation of a prod copy);</li>
 * <li>odoo is stopped (when asked), then the current database is blocked (ALLOW_CONNECTIONS
 *     false, CONNECTION LIMIT 0), its sessions terminated and it is renamed to a dated name
 *     (retried while clients reconnect, as db reset does), and the new one renamed into place.</li>
 * </ol>
 * Any failure before the last rename drops the new database and gives the current one back as it
 * was (name, connections); the replaced database is kept under its dated name until confirmed.
 */
public final class DatabaseRestore {

    /** Comment on the database being filled; a later run may drop a leftover carrying it. */
    static final String MARKER = "odoo-platform restore in progress for ";
    /** Comment on a replaced database kept under a dated name. */
    static final String KEPT = "odoo-platform kept copy of ";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);

    /**
     * @param terminateSessions terminate sessions on the database (else they are refused, exit 3)
     * @param stack             the Rancher stack whose odoo is stopped before the swap, or null to leave it
     * @param keepReplaced      how many replaced copies of the database are kept (at least 1: this run's)
     * @param noAcl             skip the archive's GRANTs (a copy of another instance's database)
     */
    public record Request(InstanceDatabase target, Backup backup, Optional<String> expectedSha256,
                          boolean terminateSessions, String stack, int keepReplaced, boolean noAcl,
                          Optional<CopyTransform> transform, String what, Duration timeout) {
    }

    private final Request request;
    private final DatabaseClients clients;
    private final AdminCredentials adminCredentials;
    private final PrintWriter out;
    private final String name;
    private final long start = System.nanoTime();

    private DatabaseRestore(Request request, AdminCredentials admin, DatabaseClients clients) {
        this.request = request;
        this.clients = clients;
        this.adminCredentials = admin;
        this.out = clients.out();
        this.name = request.target().dbName();
    }

    public static RestoreResult run(Request request, AdminCredentials admin, DatabaseClients clients) {
        return new DatabaseRestore(request, admin, clients).run();
    }

    private RestoreResult run() {
        Backup backup = request.backup();
        long t = System.nanoTime();
        BackupDirectory.verify(backup, request.expectedSha256());
        done(t, "checked " + backup.file().getFileName() + ": " + Backup.size(backup.sizeBytes()) + ", sha256 "
                + backup.sha256() + " as recorded");
        t = System.nanoTime();
        try (ClusterAdmin admin = clients.cluster().connect(adminCredentials)) {
            ServerVersion server = admin.version();
            PgTools tools = clients.tools().apply(server);
            Optional<DatabaseInfo> current = preflight(admin, server);
            String temp = tempName();
            done(t, "connect to " + adminCredentials.address() + " and inspect: " + server + ", " + tools.restore().path() + " "
                    + tools.restore().version() + "; " + current.map(d -> name + " exists (owner " + d.owner() + ", "
                    + admin.sessionCount(name) + " sessions)").orElse(name + " does not exist"));
            boolean stopped = false;
            try {
                t = System.nanoTime();
                for (String sql : createStatements(current, temp)) {
                    admin.execute(sql);
                }
                done(t, "create new database " + temp + " owned by " + request.target().dbUser());
                pgRestore(tools, temp);
                if (request.transform().isPresent()) {
                    request.transform().get().apply(request.target().login(adminCredentials).withDatabase(temp), out);
                }
                if (request.stack() != null) {
                    t = System.nanoTime();
                    String what = clients.odoo().stopOdoo(request.stack());
                    stopped = true;
                    done(t, "stop odoo through Rancher: " + what);
                }
            } catch (PlatformException | IllegalArgumentException e) {
                dropQuietly(admin, temp);
                throw new OperationFailedException(request.what() + " stopped: " + e.getMessage() + ". " + name
                        + (current.isPresent() ? " is unchanged" : " still does not exist") + " and the new database "
                        + temp + " was dropped" + (stopped ? "; odoo of " + request.stack() + " was stopped and stays stopped" : ""), e);
            }
            Optional<String> kept = swap(admin, current, temp, stopped);
            List<String> dropped = pruneKept(admin);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            out.printf(Locale.ROOT, "%s done in %.1f s: %s holds %s (version %s, taken %s)%s%n", request.what(),
                    total.toMillis() / 1000.0, name, backup.file().getFileName(), backup.databaseVersion(),
                    backup.createdAt(), kept.map(k -> "; the replaced database is kept as " + k
                            + " until the result is confirmed").orElse(""));
            out.flush();
            return new RestoreResult(name, backup, kept, dropped, stopped, total);
        }
    }

    /**
     * Everything {@link #run} checks before its first change, without changing anything: the
     * archive's checksum, the server, the client tools of its version, the admin's privileges, the
     * role, the owner, and that the name of the new database is free (or a leftover of a restore).
     * Returns one line on what was found; throws as {@link #run} would (exit 2 or 3).
     */
    public static String check(Request request, AdminCredentials admin, DatabaseClients clients) {
        DatabaseRestore restore = new DatabaseRestore(request, admin, clients);
        BackupDirectory.verify(request.backup(), request.expectedSha256());
        try (ClusterAdmin session = clients.cluster().connect(admin)) {
            ServerVersion server = session.version();
            PgTools tools = clients.tools().apply(server);
            Optional<DatabaseInfo> current = restore.inspect(session);
            return "sha256 " + request.backup().sha256() + " as recorded (" + Backup.size(request.backup().sizeBytes())
                    + "); " + server + ", " + tools.restore().path() + " " + tools.restore().version() + "; "
                    + current.map(d -> restore.name + " owned by " + d.owner()).orElse(restore.name + " does not exist");
        }
    }

    private Optional<DatabaseInfo> preflight(ClusterAdmin admin, ServerVersion server) {
        Optional<DatabaseInfo> current = inspect(admin);
        if (admin.database(tempName()).isPresent()) {
            admin.execute("DROP DATABASE " + Sql.identifier(tempName()) + (server.supportsForceDrop() ? " WITH (FORCE)" : ""));
            out.println("  dropped " + tempName() + ", left by an interrupted restore");
        }
        if (current.isPresent() && !request.terminateSessions()) {
            int sessions = admin.sessionCount(name);
            if (sessions > 0) {
                throw new PreconditionException("database " + name + " has " + sessions + " active session"
                        + (sessions == 1 ? "" : "s") + " (Odoo, a shell, metrics?): a restore under a running Odoo would"
                        + " leave it on data it did not expect; stop odoo first (--stop-odoo) or pass --terminate-sessions;"
                        + " nothing was changed");
            }
        }
        return current;
    }

    /** The read-only part of the preflight. */
    private Optional<DatabaseInfo> inspect(ClusterAdmin admin) {
        AdminPrivileges privileges = admin.privileges();
        String user = adminCredentials.user();
        if (!privileges.superuser() && (!privileges.createDb() || !privileges.signalBackend())) {
            throw new PreconditionException("PGUSER '" + user + "' needs CREATEDB and pg_signal_backend (or superuser)"
                    + " to create the new database and keep clients out during the swap; nothing was changed");
        }
        String role = request.target().dbUser();
        if (!admin.roleExists(role)) {
            throw new PreconditionException("role " + role + " (DB_USER) does not exist on " + adminCredentials.address()
                    + ": the restore logs in as it; create it first (db reset creates it); nothing was changed");
        }
        Optional<DatabaseInfo> current = admin.database(name);
        if (current.isPresent() && !current.get().owner().equals(role)) {
            throw new PreconditionException("database " + name + " is owned by " + current.get().owner() + ", not by DB_USER "
                    + role + ": these settings may not be this database's; nothing was changed");
        }
        Optional<DatabaseInfo> leftover = admin.database(tempName());
        if (leftover.isPresent() && !(MARKER + name).equals(leftover.get().comment())) {
            throw new PreconditionException("database " + tempName() + " exists and was not left by a restore: the"
                    + " restore needs that name; drop or rename it; nothing was changed");
        }
        return current;
    }

    private List<String> createStatements(Optional<DatabaseInfo> current, String temp) {
        List<String> list = new ArrayList<>();
        String t = Sql.identifier(temp);
        int limit = current.map(DatabaseInfo::connectionLimit).filter(l -> l > 0).orElse(-1);
        list.add("CREATE DATABASE " + t + " OWNER " + Sql.identifier(request.target().dbUser()) + " TEMPLATE template0"
                + " ENCODING " + Sql.literal(current.map(DatabaseInfo::encoding).orElse("UTF8"))
                + current.map(d -> " LC_COLLATE " + Sql.literal(d.collate()) + " LC_CTYPE " + Sql.literal(d.ctype())).orElse("")
                + " CONNECTION LIMIT " + limit);
        list.add("COMMENT ON DATABASE " + t + " IS " + Sql.literal(MARKER + name));
        if (current.isPresent() && !current.get().defaultAcl()) {
            list.add("REVOKE ALL ON DATABASE " + t + " FROM PUBLIC");
            for (DatabaseInfo.Grant grant : current.get().grants()) {
                list.add("GRANT " + grant.privilege() + " ON DATABASE " + t + " TO "
                        + (grant.grantee() == null ? "PUBLIC" : Sql.anyIdentifier(grant.grantee()))
                        + (grant.grantable() ? " WITH GRANT OPTION" : ""));
            }
        }
        return list;
    }

    private void pgRestore(PgTools tools, String temp) {
        DatabaseLogin login = request.target().login(adminCredentials).withDatabase(temp);
        List<String> args = new ArrayList<>(List.of("--verbose", "--exit-on-error", "--no-owner", "--no-password",
                "--host=" + login.host(), "--port=" + login.port(), "--username=" + login.user(), "--dbname=" + temp));
        if (request.noAcl()) {
            args.add("--no-acl");
        }
        args.add(request.backup().file().toString());
        AtomicInteger tables = new AtomicInteger();
        AtomicInteger objects = new AtomicInteger();
        ProgressLine progress = new ProgressLine(out, "restore", 2.0);
        Runnable status = () -> progress.maybe(() -> objects.get() + " objects, data of " + tables.get() + " tables");
        long t = System.nanoTime();
        PgTools.Result result = tools.run(tools.restore(), args, login, Map.of(), request.timeout(), line -> {
            if (line.startsWith("pg_restore: processing data for table")) {
                tables.incrementAndGet();
            } else if (line.startsWith("pg_restore: creating")) {
                objects.incrementAndGet();
            }
            status.run();
        }, status);
        if (!result.ok()) {
            throw new OperationFailedException("pg_restore " + (result.timedOut() ? "did not finish within "
                    + request.timeout().toMinutes() + " min" : "failed (exit " + result.exitCode() + ") after "
                    + objects.get() + " objects and " + tables.get() + " tables: " + result.lastLines()));
        }
        done(t, "pg_restore " + request.backup().file().getFileName() + " into " + temp + " as " + login.user() + ": "
                + objects.get() + " objects, data of " + tables.get() + " tables");
    }

    /** Renames the current database away and the new one into place; returns the kept name. */
    private Optional<String> swap(ClusterAdmin admin, Optional<DatabaseInfo> current, String temp, boolean stopped) {
        String kept = null;
        long t = System.nanoTime();
        try {
            if (current.isPresent()) {
                kept = keptName();
                admin.execute("ALTER DATABASE " + Sql.identifier(name) + " WITH ALLOW_CONNECTIONS false CONNECTION LIMIT 0");
                int attempts = renameAway(admin, kept);
                done(t, "block connections to " + name + ", terminate its sessions and rename it to " + kept
                        + " (attempt " + attempts + ")");
            }
            t = System.nanoTime();
            admin.execute("ALTER DATABASE " + Sql.identifier(temp) + " RENAME TO " + Sql.identifier(name));
            admin.execute("COMMENT ON DATABASE " + Sql.identifier(name) + " IS NULL");
            done(t, "rename " + temp + " to " + name);
        } catch (PlatformException | IllegalArgumentException e) {
            String back = undoSwap(admin, current, temp, kept);
            throw new OperationFailedException(request.what() + " stopped during the swap: " + e.getMessage() + ". " + back
                    + (stopped ? "; odoo of " + request.stack() + " was stopped and stays stopped" : ""), e);
        }
        if (kept == null) {
            return Optional.empty();
        }
        DatabaseInfo old = current.get();
        String give = "ALTER DATABASE " + Sql.identifier(kept) + " WITH ALLOW_CONNECTIONS " + old.allowConnections()
                + " CONNECTION LIMIT " + old.connectionLimit();
        try {
            admin.execute(give);
            admin.execute("COMMENT ON DATABASE " + Sql.identifier(kept) + " IS " + Sql.literal(KEPT + name
                    + " replaced " + STAMP.format(Instant.now()) + " UTC by " + request.what()));
        } catch (RuntimeException e) {
            out.println("  could not restore the connection settings of " + kept + ": " + e.getMessage() + "; run as admin: "
                    + give + ";");
        }
        return Optional.of(kept);
    }

    private int renameAway(ClusterAdmin admin, String kept) {
        if (!request.terminateSessions()) {
            // connections are blocked now: a session counted here opened after the preflight
            int sessions = admin.sessionCount(name);
            if (sessions > 0) {
                throw new PreconditionException("database " + name + " got " + sessions + " session"
                        + (sessions == 1 ? "" : "s") + " during the restore: stop odoo first (--stop-odoo) or pass"
                        + " --terminate-sessions");
            }
        }
        for (int attempt = 1; ; attempt++) {
            admin.terminateSessions(name);
            try {
                admin.execute("ALTER DATABASE " + Sql.identifier(name) + " RENAME TO " + Sql.identifier(kept));
                return attempt;
            } catch (DatabaseOperationException e) {
                if (!e.isObjectInUse() || attempt >= 10) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(1000, 100L * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new OperationFailedException("interrupted while renaming " + name);
                }
            }
        }
    }

    /** Puts everything back as it was before the swap; returns what the state is. */
    private String undoSwap(ClusterAdmin admin, Optional<DatabaseInfo> current, String temp, String kept) {
        List<String> failed = new ArrayList<>();
        if (kept != null && admin.database(kept).isPresent() && admin.database(name).isEmpty()) {
            tryExec(admin, "ALTER DATABASE " + Sql.identifier(kept) + " RENAME TO " + Sql.identifier(name), failed);
        }
        current.ifPresent(old -> tryExec(admin, "ALTER DATABASE " + Sql.identifier(name) + " WITH ALLOW_CONNECTIONS "
                + old.allowConnections() + " CONNECTION LIMIT " + old.connectionLimit(), failed));
        if (admin.database(temp).isPresent()) {
            dropQuietly(admin, temp);
        }
        if (failed.isEmpty()) {
            return name + (current.isPresent() ? " is unchanged and accepts connections again" : " still does not exist")
                    + "; the new database was dropped";
        }
        return "could not put everything back; run as admin: " + String.join("; ", failed) + ";";
    }

    private void tryExec(ClusterAdmin admin, String sql, List<String> failed) {
        try {
            admin.execute(sql);
        } catch (RuntimeException e) {
            failed.add(sql);
        }
    }

    /** Drops the kept copies beyond the newest {@code keepReplaced} (only those a restore kept). */
    private List<String> pruneKept(ClusterAdmin admin) {
        List<String> kept = new ArrayList<>();
        for (String db : admin.databaseNames(keptPrefix())) {
            admin.database(db).filter(d -> d.comment() != null && d.comment().startsWith(KEPT + name + " "))
                    .ifPresent(d -> kept.add(db));
        }
        List<String> dropped = new ArrayList<>();
        // names carry the UTC time, so they sort oldest first
        for (int i = 0; i < kept.size() - Math.max(1, request.keepReplaced()); i++) {
            String db = kept.get(i);
            admin.execute("DROP DATABASE IF EXISTS " + Sql.identifier(db) + " WITH (FORCE)");
            dropped.add(db);
            out.println("  dropped " + db + ", an older kept copy of " + name);
        }
        return dropped;
    }

    /**
     * Drops a kept copy once what replaced it is confirmed (a healthy rollback, a refreshed
     * integration that came up). Refuses a database that is not a kept copy.
     */
    public static void dropKept(AdminCredentials credentials, ClusterAdmin.Connector cluster, String database,
                                String kept, PrintWriter out) {
        try (ClusterAdmin admin = cluster.connect(credentials)) {
            Optional<DatabaseInfo> info = admin.database(kept);
            if (info.isEmpty()) {
                return;
            }
            if (info.get().comment() == null || !info.get().comment().startsWith(KEPT + database + " ")) {
                throw new PreconditionException("database " + kept + " is not a copy kept by a restore of " + database
                        + ": not dropped");
            }
            admin.execute("DROP DATABASE " + Sql.identifier(kept) + " WITH (FORCE)");
            out.println("  dropped " + kept + " (the replaced copy of " + database + "), now that the result is confirmed");
        }
    }

    private void dropQuietly(ClusterAdmin admin, String temp) {
        String sql = "DROP DATABASE IF EXISTS " + Sql.identifier(temp) + " WITH (FORCE)";
        try {
            admin.execute(sql);
        } catch (RuntimeException e) {
            out.println("  could not drop the new database " + temp + ": " + e.getMessage() + "; the next restore drops it,"
                    + " or run as admin: " + sql + ";");
        }
    }

    private void done(long startNanos, String what) {
        out.printf(Locale.ROOT, "  %6.2f s  %s%n", (System.nanoTime() - startNanos) / 1e9, what);
        out.flush();
    }

    String tempName() {
        return fit(name, "_restore");
    }

    private String keptPrefix() {
        return fit(name, "_") ;
    }

    private String keptName() {
        return fit(name, "_" + STAMP.format(Instant.now()));
    }

    /** {@code base + suffix} within 63 bytes; never reveals the client (base is DB_NAME, which does not). */
    private static String fit(String base, String suffix) {
        String b = base.length() + suffix.length() > 63 ? base.substring(0, 63 - suffix.length()) : base;
        return b + suffix;
    }
}
