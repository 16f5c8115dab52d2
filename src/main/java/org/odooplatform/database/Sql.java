package org.odooplatform.database;

import org.odooplatform.config.DatabaseNamePolicy;
import java.util.regex.Pattern;

/**
 * Quoting of names and literals for DDL, which takes no bind parameters. Our own names are
 * validated plain identifiers before they are quoted, so quoting is a second fence, not the only one.
 */
public final class Sql {

    private static final Pattern SAFE_LITERAL = Pattern.compile("[A-Za-z0-9_.@ -]*");

    private Sql() {
    }

    /** {@code "name"} for a name that passed {@link DatabaseNamePolicy#IDENTIFIER}. */
    public static String identifier(String name) {
        if (name == null || !DatabaseNamePolicy.IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return '"' + name + '"';
    }

    /** {@code "any name"} for a role name read from the server (grantees), with quotes doubled. */
    public static String anyIdentifier(String name) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an identifier: " + name);
        }
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** {@code 'value'} for encodings and locale names; refuses anything but plain characters. */
    public static String literal(String value) {
        if (value == null || !SAFE_LITERAL.matcher(value).matches()) {
            throw new IllegalArgumentException("not a plain literal: " + value);
        }
        return "'" + value + "'";
    }
}
