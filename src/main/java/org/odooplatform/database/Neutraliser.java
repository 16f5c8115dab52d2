package org.odooplatform.database;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Makes a copy of prod safe to run as integration, in one transaction on the copy (never on
 * prod: it logs in to the copy's database): scheduled actions ({@code ir_cron}) and outgoing mail
 * servers ({@code ir_mail_server}) disabled, incoming ones ({@code fetchmail_server}) too when the
 * module is installed, a new {@code database.uuid} (so the copy is not taken for the production
 * instance, e.g. by Odoo's publisher warranty), {@code web.base.url} set to the integration URL,
 * then the project's own SQL ({@code odoo/neutralise.sql}).
 */
public final class Neutraliser implements CopyTransform {

    public static final String PROJECT_HOOK = "odoo/neutralise.sql";

    private final String baseUrl;
    private final Optional<Path> hook;
    private final String hookSql;

    /** Reads the hook now, so a missing or unreadable file is bad input before anything is touched. */
    public Neutraliser(String baseUrl, Optional<Path> hook) {
        this.baseUrl = baseUrl;
        this.hook = hook;
        try {
            this.hookSql = hook.isPresent() ? Files.readString(hook.get()) : null;
        } catch (IOException e) {
            throw new BadInputException(hook.get(), 0, "cannot read the neutralisation SQL: " + e.getMessage());
        }
    }

    @Override
    public void apply(DatabaseLogin copy, PrintWriter out) {
        long t = System.nanoTime();
        try (Connection c = copy.connect("odoo-platform neutralise", false)) {
            c.setAutoCommit(false);
            try {
                List<String> missing = new ArrayList<>();
                for (String table : List.of("ir_cron", "ir_mail_server", "ir_config_parameter")) {
                    if (!exists(c, table)) {
                        missing.add(table);
                    }
                }
                if (!missing.isEmpty()) {
                    throw new OperationFailedException("the copy has no table " + String.join(", ", missing)
                            + ": expected an Odoo database (is DB_NAME of the prod settings right?)");
                }
                int crons = update(c, "UPDATE ir_cron SET active = false WHERE active");
                int mail = update(c, "UPDATE ir_mail_server SET active = false WHERE active");
                int fetch = exists(c, "fetchmail_server") ? update(c, "UPDATE fetchmail_server SET active = false WHERE active") : 0;
                String uuid = UUID.randomUUID().toString();
                setParameter(c, "database.uuid", uuid);
                setParameter(c, "web.base.url", baseUrl);
                String hookDone = "";
                if (hookSql != null) {
                    runHook(c);
                    hookDone = "; ran " + hook.get();
                }
                c.commit();
                out.printf(Locale.ROOT, "  %6.2f s  neutralise the copy: %d crons and %d outgoing mail servers disabled%s,"
                                + " database.uuid regenerated, web.base.url set to %s%s%n", (System.nanoTime() - t) / 1e9,
                        crons, mail, fetch > 0 ? ", " + fetch + " incoming mail servers disabled" : "", baseUrl, hookDone);
                out.flush();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new OperationFailedException("neutralising the copy failed: " + e.getMessage(), e);
        }
    }

    private void runHook(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(hookSql);
        } catch (PSQLException e) {
            // pgjdbc sends the file's statements one by one, so the server's position is not a line of the file
            ServerErrorMessage m = e.getServerErrorMessage();
            throw new OperationFailedException(hook.get() + ": the neutralisation SQL failed: "
                    + (m != null ? m.getMessage() : e.getMessage()) + " (it runs in one transaction with the built-in"
                    + " neutralisation, on the copy only)", e);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, "public." + table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(sql);
        }
    }

    private static void setParameter(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE ir_config_parameter SET value = ? WHERE key = ?")) {
            st.setString(1, value);
            st.setString(2, key);
            if (st.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement st = c.prepareStatement("INSERT INTO ir_config_parameter (key, value) VALUES (?, ?)")) {
            st.setString(1, key);
            st.setString(2, value);
            st.executeUpdate();
        }
    }
}
