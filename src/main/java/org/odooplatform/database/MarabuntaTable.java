package org.odooplatform.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.OperationFailedException;

/**
 * Reads marabunta's own record of what a database reached: the table {@code marabunta_version}
 * as marabunta's {@code database.MigrationTable} creates and fills it (columns {@code number},
 * {@code date_start}, {@code date_done}, {@code log}, {@code addons}; a version is done when
 * {@code date_done} is set). Reads only, in a read-only session.
 */
public final class MarabuntaTable {

    public static final String TABLE = "marabunta_version";

    /** One row; {@code dateDone} null: started and never finished (marabunta refuses to go on). */
    public record Row(String number, LocalDateTime dateStart, LocalDateTime dateDone) {
        public boolean done() {
            return dateDone != null;
        }
    }

    /**
     * What the database holds: {@code exists} false when there is no such database,
     * {@code tablePresent} false when marabunta never ran on it.
     */
    public record State(String database, boolean exists, boolean tablePresent, List<Row> rows) {
        public State {
            rows = List.copyOf(rows);
        }

        /** The highest version done, in marabunta's order. */
        public Optional<String> latestDone() {
            return rows.stream().filter(Row::done).map(Row::number).max(VERSION_ORDER);
        }

        public Optional<Row> row(String number) {
            return rows.stream().filter(r -> r.number().equals(number)).findFirst();
        }

        public String describe() {
            if (!exists) {
                return "database " + database + " does not exist";
            }
            if (!tablePresent) {
                return "database " + database + " has no " + TABLE + " table (marabunta never ran on it)";
            }
            return "database " + database + " is at version " + latestDone().orElse("none")
                    + " (" + rows.size() + " version" + (rows.size() == 1 ? "" : "s") + " recorded)";
        }
    }

    private MarabuntaTable() {
    }

    public static State read(DatabaseLogin login) {
        try (Connection c = login.connect("odoo-platform marabunta check", true)) {
            return read(c, login.database());
        } catch (DatabaseLogin.MissingDatabaseException e) {
            return new State(login.database(), false, false, List.of());
        } catch (SQLException e) {
            throw new OperationFailedException("cannot read " + TABLE + " of " + login.database() + ": " + e.getMessage(), e);
        }
    }

    static State read(Connection c, String database) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, "public." + TABLE);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new State(database, true, false, List.of());
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT number, date_start, date_done FROM public." + TABLE)) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getObject(2, LocalDateTime.class), rs.getObject(3, LocalDateTime.class)));
            }
        }
        rows.sort(Comparator.comparing(Row::number, VERSION_ORDER));
        return new State(database, true, true, rows);
    }

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:\\.(\\d+)\\.(\\d+))?");

    /**
     * Marabunta's {@code MarabuntaVersion} order: {@code setup} first, {@code x.y.z} read as
     * {@code x.0.0.y.z}, five-part versions as they are; anything else sorts last, by text.
     */
    public static final Comparator<String> VERSION_ORDER = (a, b) -> {
        long[] x = key(a);
        long[] y = key(b);
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                return Long.compare(x[i], y[i]);
            }
        }
        return a.compareTo(b);
    };

    private static long[] key(String version) {
        if ("setup".equals(version)) {
            return new long[] {-1, 0, 0, 0, 0};
        }
        Matcher m = VERSION.matcher(version == null ? "" : version);
        if (!m.matches()) {
            return new long[] {Long.MAX_VALUE, 0, 0, 0, 0};
        }
        if (m.group(4) == null) {
            return new long[] {Long.parseLong(m.group(1)), 0, 0, Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(4)), Long.parseLong(m.group(5))};
    }
}
