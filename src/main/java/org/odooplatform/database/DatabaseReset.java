package org.odooplatform.database;

import org.odooplatform.config.DatabaseNamePolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.common.Problem;

/**
 * Drops and recreates the integration database, safely while clients keep reconnecting.
 *
 * <p>The new empty database is created first under a temporary name, then the old one is dropped
 * and the new one renamed into its place. So a failure before the drop leaves the old database as
 * it was (and accepting connections), and a failure after it leaves the new empty database:
 * never none, never one that refuses connections.
 */
public final class DatabaseReset {

    /** Comment put on the temporary database, so a later run knows it may drop a leftover. */
    static final String MARKER = "odoo-platform db reset in progress for ";

    private static final List<String> TEMP_SUFFIXES = List.of("_reset", "_new", "_tmp");

    private final ResetRequest request;
    private final ResetClients clients;
    private final PrintWriter out;
    private final String name;
    private final List<String> statements = new ArrayList<>();
    private final List<ResetResult.Step> steps = new ArrayList<>();

    private DatabaseReset(ResetRequest request, ResetClients clients) {
        this.request = request;
        this.clients = clients;
        this.out = clients.out();
        this.name = request.dbName();
    }

    public static ResetResult run(ResetRequest request, ResetClients clients) {
        return new DatabaseReset(request, clients).run();
    }

    /** What the preflight found; decides every statement. */
    private record Plan(ServerVersion version, AdminPrivileges privileges, Optional<DatabaseInfo> old,
                        String temp, boolean leftover, boolean roleExists, DropPath path, String collate,
                        String ctype, int connectionLimit, List<DatabaseInfo.Grant> grants, boolean copyAcl,
                        int sessions) {
    }

    private ResetResult run() {
        ResetOptions options = request.options();
        if (!options.yes() && !options.dryRun() && !clients.confirmation().interactive()) {
            throw new BadInputException("--yes is missing and stdin is not a terminal: db reset drops database "
                    + name + " with all its data; pass --yes to confirm (the pipeline does), or run it in a"
                    + " terminal and type the name when asked");
        }
        long start = System.nanoTime();
        AdminCredentials credentials = request.admin();
        out.println((options.dryRun() ? "db reset (dry run)" : "db reset") + " of integration database " + name
                + " on " + credentials.address() + " as " + credentials.user());
        long t = System.nanoTime();
        try (ClusterAdmin admin = clients.cluster().connect(credentials)) {
            Plan plan = inspect(admin);
            done(t, "connect to database postgres and inspect: " + plan.version() + ", admin "
                    + plan.privileges().describe() + "; " + describe(plan));
            out.println("  drop path: " + plan.path().description() + (plan.path() == DropPath.FORCE
                    ? " (PostgreSQL 13+)"
                    : plan.version().supportsForceDrop() ? " (--no-force-drop)" : " (" + plan.version() + " has no FORCE)"));
            if (options.dryRun()) {
                return dryRun(plan, start);
            }
            confirm();
            if (options.stopOdoo()) {
                t = System.nanoTime();
                String what = clients.odoo().stopOdoo(options.stack());
                done(t, "stop odoo through Rancher: " + what);
            }
            int attempts = execute(admin, plan);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            out.printf(Locale.ROOT, "reset done in %.2f s: %s is empty, owned by %s and accepts connections%n",
                    total.toNanos() / 1e9, name, request.dbUser());
            return new ResetResult(name, plan.version(), plan.path(), attempts, false, statements, steps, total);
        }
    }

    private Plan inspect(ClusterAdmin admin) {
        ServerVersion version = admin.version();
        AdminPrivileges privileges = admin.privileges();
        String user = request.admin().user();
        if (!privileges.superuser() && !privileges.createDb()) {
            throw new PreconditionException("PGUSER '" + user + "' may not create databases: use the cluster's"
                    + " superuser, or a role with CREATEDB; nothing was changed");
        }
        if (!privileges.superuser() && !privileges.signalBackend()) {
            throw new PreconditionException("PGUSER '" + user + "' may not terminate other roles' sessions, so"
                    + " the drop would fail while Odoo or metrics are connected: run 'GRANT pg_signal_backend TO "
                    + user + "' as superuser, or use the superuser; nothing was changed");
        }
        Optional<DatabaseInfo> old = admin.database(name);
        if (old.isPresent() && !old.get().owner().equals(request.dbUser())) {
            throw new PreconditionException("database " + name + " is owned by " + old.get().owner() + ", not by DB_USER "
                    + request.dbUser() + ": these settings may not be this database's; check DB_NAME (if they are, run"
                    + " 'ALTER DATABASE " + name + " OWNER TO " + request.dbUser() + "' first); nothing was changed");
        }
        String temp = tempName();
        Optional<DatabaseInfo> leftover = admin.database(temp);
        if (leftover.isPresent() && !(MARKER + name).equals(leftover.get().comment())) {
            throw new PreconditionException("database " + temp + " exists and was not left by db reset; db reset needs"
                    + " that name for the new database: drop or rename it; nothing was changed");
        }
        boolean roleExists = admin.roleExists(request.dbUser());
        if (!roleExists) {
            if (request.dbPassword() == null) {
                throw new BadInputException(List.of(Problem.error(null, "role " + request.dbUser()
                        + " does not exist and DB_PASSWORD is not set: expected 'export DB_PASSWORD=...' in the"
                        + " settings, the password Odoo logs in with")));
            }
            if (!privileges.superuser() && !privileges.createRole()) {
                throw new PreconditionException("role " + request.dbUser() + " does not exist and PGUSER '" + user
                        + "' may not create roles: use a role with CREATEROLE; nothing was changed");
            }
        }
        DropPath path = version.supportsForceDrop() && request.options().forceDrop() ? DropPath.FORCE
                : DropPath.BLOCK_TERMINATE_DROP;
        // the old locale is kept unless the settings say otherwise; only template0 accepts any locale
        boolean anyLocale = request.template().equals("template0");
        String collate = request.lcCollate() != null ? request.lcCollate()
                : anyLocale ? old.map(DatabaseInfo::collate).orElse(null) : null;
        String ctype = request.lcCtype() != null ? request.lcCtype()
                : anyLocale ? old.map(DatabaseInfo::ctype).orElse(null) : null;
        // a limit of 0 is what an interrupted fallback left behind, not a setting to carry over
        int limit = old.map(DatabaseInfo::connectionLimit).filter(l -> l > 0).orElse(-1);
        boolean copyAcl = old.isPresent() && !old.get().defaultAcl();
        List<DatabaseInfo.Grant> grants = old.map(DatabaseInfo::grants).orElse(List.of());
        int sessions = old.isPresent() ? admin.sessionCount(name) : 0;
        return new Plan(version, privileges, old, temp, leftover.isPresent(), roleExists, path, collate, ctype, limit,
                grants, copyAcl, sessions);
    }

    private String describe(Plan plan) {
        String db = plan.old().map(d -> name + " exists (owner " + d.owner() + ", " + d.encoding() + ", "
                + d.collate() + ", " + plan.sessions() + " session" + (plan.sessions() == 1 ? "" : "s") + ")")
                .orElse(name + " does not exist");
        return db + "; role " + request.dbUser() + (plan.roleExists() ? " exists" : " will be created")
                + (plan.leftover() ? "; leftover " + plan.temp() + " of an interrupted reset will be dropped" : "");
    }

    private ResetResult dryRun(Plan plan, long start) {
        out.println("statements that would run (secrets masked):");
        if (request.options().stopOdoo()) {
            out.println("  -- Rancher API: deactivate service odoo of stack " + request.options().stack());
        }
        List<String> all = new ArrayList<>();
        if (plan.leftover()) {
            all.add(dropTemp(plan));
        }
        if (!plan.roleExists()) {
            all.add("CREATE ROLE " + Sql.identifier(request.dbUser()) + " LOGIN");
            all.add("ALTER ROLE " + Sql.identifier(request.dbUser()) + " PASSWORD '" + request.dbPassword()
                    + "'  -- DB_PASSWORD, sent as a verifier computed here");
        }
        all.addAll(createStatements(plan));
        if (plan.old().isPresent()) {
            if (plan.path() == DropPath.FORCE) {
                all.add(forceDrop());
            } else {
                all.add(block());
                all.add("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = " + Sql.literal(name));
                all.add(plainDrop());
                all.add("-- repeated up to " + request.options().maxAttempts() + " times while sessions remain");
            }
        }
        all.addAll(renameStatements(plan));
        for (String s : all) {
            int comment = s.indexOf("  --");
            out.println("  " + (s.startsWith("--") ? s : comment < 0 ? s + ";" : s.substring(0, comment) + ";" + s.substring(comment)));
        }
        statements.addAll(all);
        out.println("dry run: nothing was changed.");
        return new ResetResult(name, plan.version(), plan.path(), 0, true, statements, steps,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private void confirm() {
        if (request.options().yes()) {
            return;
        }
        String answer = clients.confirmation().ask("This drops database " + name + " with all its data on "
                + request.admin().address() + ". Type its name to confirm: ");
        if (answer == null || !answer.strip().equals(name)) {
            throw new BadInputException("the name typed does not match " + name + ": reset cancelled");
        }
    }

    /** Runs the plan; returns the number of drop attempts. */
    private int execute(ClusterAdmin admin, Plan plan) {
        String stage = "prepare";
        boolean oldDropped = false;
        int attempts = 0;
        try {
            if (plan.leftover()) {
                stage = "drop the leftover " + plan.temp();
                timed(stage, () -> exec(admin, dropTemp(plan)));
            }
            if (!plan.roleExists()) {
                stage = "create role " + request.dbUser();
                timed("create role " + request.dbUser() + " LOGIN with DB_PASSWORD", () -> {
                    admin.createLoginRole(request.dbUser(), request.dbPassword());
                    statements.add("CREATE ROLE " + Sql.identifier(request.dbUser()) + " LOGIN PASSWORD '****'");
                });
            }
            stage = "create the new empty database " + plan.temp();
            timed("create new empty database " + plan.temp() + " owned by " + request.dbUser() + " ("
                    + request.encoding() + ", " + request.template()
                    + (plan.collate() == null ? "" : ", " + plan.collate()) + ")",
                    () -> createStatements(plan).forEach(s -> exec(admin, s)));
            if (plan.old().isPresent()) {
                stage = "drop " + name;
                attempts = plan.path() == DropPath.FORCE ? dropForce(admin) : dropBlocking(admin, plan);
            }
            oldDropped = true;
            stage = "rename " + plan.temp() + " to " + name;
            timed(stage, () -> renameStatements(plan).forEach(s -> exec(admin, s)));
            return attempts;
        } catch (PlatformException | IllegalArgumentException e) {
            if (!oldDropped) {
                dropQuietly(admin, plan);
                throw new OperationFailedException("db reset stopped at '" + stage + "': " + e.getMessage()
                        + ". The old database " + name + (plan.old().isPresent()
                        ? " is unchanged and accepts connections" : " did not exist and still does not")
                        + "; fix the cause and run db reset again", e);
            }
            throw new OperationFailedException("db reset stopped at '" + stage + "': " + e.getMessage() + ". "
                    + name + " was dropped and the new empty database is " + plan.temp() + " (owned by "
                    + request.dbUser() + "): run db reset again (it replaces the leftover), or"
                    + " 'ALTER DATABASE " + plan.temp() + " RENAME TO " + name + "'", e);
        }
    }

    private List<String> createStatements(Plan plan) {
        List<String> list = new ArrayList<>();
        String temp = Sql.identifier(plan.temp());
        list.add("CREATE DATABASE " + temp + " OWNER " + Sql.identifier(request.dbUser())
                + " TEMPLATE " + Sql.identifier(request.template()) + " ENCODING " + Sql.literal(request.encoding())
                + (plan.collate() == null ? "" : " LC_COLLATE " + Sql.literal(plan.collate()))
                + (plan.ctype() == null ? "" : " LC_CTYPE " + Sql.literal(plan.ctype()))
                + " CONNECTION LIMIT " + plan.connectionLimit());
        list.add("COMMENT ON DATABASE " + temp + " IS " + Sql.literal(MARKER + name));
        if (plan.copyAcl()) {
            // the old database's explicit privileges (e.g. CONNECT revoked from PUBLIC on the shared cluster)
            list.add("REVOKE ALL ON DATABASE " + temp + " FROM PUBLIC");
            for (DatabaseInfo.Grant grant : plan.grants()) {
                list.add("GRANT " + grant.privilege() + " ON DATABASE " + temp + " TO "
                        + (grant.grantee() == null ? "PUBLIC" : Sql.anyIdentifier(grant.grantee()))
                        + (grant.grantable() ? " WITH GRANT OPTION" : ""));
            }
        }
        return list;
    }

    private List<String> renameStatements(Plan plan) {
        return List.of("ALTER DATABASE " + Sql.identifier(plan.temp()) + " RENAME TO " + Sql.identifier(name),
                "COMMENT ON DATABASE " + Sql.identifier(name) + " IS NULL");
    }

    private String dropTemp(Plan plan) {
        return "DROP DATABASE IF EXISTS " + Sql.identifier(plan.temp())
                + (plan.path() == DropPath.FORCE ? " WITH (FORCE)" : "");
    }

    private String forceDrop() {
        return "DROP DATABASE IF EXISTS " + Sql.identifier(name) + " WITH (FORCE)";
    }

    private String plainDrop() {
        return "DROP DATABASE IF EXISTS " + Sql.identifier(name);
    }

    private String block() {
        return "ALTER DATABASE " + Sql.identifier(name) + " WITH ALLOW_CONNECTIONS false CONNECTION LIMIT 0";
    }

    private int dropForce(ClusterAdmin admin) {
        int max = request.options().maxAttempts();
        for (int attempt = 1; ; attempt++) {
            long t = System.nanoTime();
            try {
                exec(admin, forceDrop());
                done(t, "drop " + name + " WITH (FORCE), attempt " + attempt + " of " + max);
                return attempt;
            } catch (DatabaseOperationException e) {
                if (!e.isObjectInUse() || attempt >= max) {
                    throw e;
                }
                done(t, "drop " + name + " WITH (FORCE), attempt " + attempt + ": still in use, retrying");
                pause(attempt);
            }
        }
    }

    private int dropBlocking(ClusterAdmin admin, Plan plan) {
        long t = System.nanoTime();
        exec(admin, block());
        done(t, "block new connections to " + name + " (ALLOW_CONNECTIONS false, CONNECTION LIMIT 0)");
        int max = request.options().maxAttempts();
        try {
            for (int attempt = 1; ; attempt++) {
                t = System.nanoTime();
                int terminated = admin.terminateSessions(name);
                try {
                    // DROP DATABASE itself waits up to 5 s for terminated sessions to exit
                    exec(admin, plainDrop());
                    done(t, "terminate " + terminated + " session" + (terminated == 1 ? "" : "s") + " and drop "
                            + name + ", attempt " + attempt + " of " + max);
                    return attempt;
                } catch (DatabaseOperationException e) {
                    if (!e.isObjectInUse() || attempt >= max) {
                        throw e;
                    }
                    done(t, "terminate " + terminated + " sessions and drop " + name + ", attempt " + attempt
                            + ": still in use, retrying");
                    pause(attempt);
                }
            }
        } catch (RuntimeException e) {
            unblock(admin, plan);
            throw e;
        }
    }

    /** Gives the old database back its connections after a failed fallback drop. */
    private void unblock(ClusterAdmin admin, Plan plan) {
        DatabaseInfo old = plan.old().orElseThrow();
        String sql = "ALTER DATABASE " + Sql.identifier(name) + " WITH ALLOW_CONNECTIONS " + old.allowConnections()
                + " CONNECTION LIMIT " + old.connectionLimit();
        try {
            exec(admin, sql);
            out.println("  restored connections to " + name + " (" + sql + ")");
        } catch (RuntimeException e) {
            out.println("  could not restore connections to " + name + ": " + e.getMessage()
                    + "; run as admin: " + sql + ";");
        }
    }

    private void dropQuietly(ClusterAdmin admin, Plan plan) {
        String sql = "DROP DATABASE IF EXISTS " + Sql.identifier(plan.temp());
        try {
            admin.execute(sql);
        } catch (RuntimeException e) {
            out.println("  could not drop the new database " + plan.temp() + ": " + e.getMessage()
                    + "; the next db reset drops it, or run as admin: " + sql + ";");
        }
    }

    private void exec(ClusterAdmin admin, String sql) {
        admin.execute(sql);
        statements.add(sql);
    }

    private void timed(String what, Runnable work) {
        long t = System.nanoTime();
        work.run();
        done(t, what);
    }

    private void done(long startNanos, String what) {
        Duration d = Duration.ofNanos(System.nanoTime() - startNanos);
        steps.add(new ResetResult.Step(what, d));
        out.printf(Locale.ROOT, "  %6.2f s  %s%n", d.toNanos() / 1e9, what);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(2000, 200L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while waiting to retry the drop");
        }
    }

    /** {@code <name>_reset}, shortened to fit 63 bytes, and never revealing the client. */
    String tempName() {
        for (String suffix : TEMP_SUFFIXES) {
            String base = name.length() + suffix.length() > 63 ? name.substring(0, 63 - suffix.length()) : name;
            String candidate = base + suffix;
            if (!DatabaseNamePolicy.revealsClient(candidate, request.client())) {
                return candidate;
            }
        }
        return name.substring(0, Math.min(name.length(), 61)) + "_0";
    }

}
