package org.odooplatform.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a restore test compares: every public table's columns and an md5 of its rows, in order. */
public final class DatabaseFingerprint {

    private DatabaseFingerprint() {
    }

    /** Equal fingerprints mean the same schema and content. */
    public static Map<String, String> of(Connection c) throws SQLException {
        Map<String, String> result = new LinkedHashMap<>();
        try (Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT table_name, string_agg(column_name || ' ' || data_type, ', '"
                    + " ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public'"
                    + " GROUP BY table_name ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                    result.put(rs.getString(1) + " columns", rs.getString(2));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT count(*), md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), ''))"
                        + " FROM \"" + t + "\" x")) {
                    rs.next();
                    result.put(t + " rows", rs.getLong(1) + " " + rs.getString(2));
                }
            }
        }
        return result;
    }
}
