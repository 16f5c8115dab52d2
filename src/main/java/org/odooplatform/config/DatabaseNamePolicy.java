package org.odooplatform.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The platform's rules for database names. Every name is a plain lower-case SQL identifier, so
 * it never needs quoting tricks. On the shared PostgreSQL cluster (integration, prod) some
 * clients can list all databases, so a name must not reveal the client ("All databases put on
 * postgres cluster must not contain the name of the client"), and the role equals the database.
 */
public final class DatabaseNamePolicy {

    /** Plain identifier: lower-case letter or '_' first, then letters, digits, '_'; 63 bytes max. */
    public static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static final Set<String> RESERVED = Set.of("postgres", "template0", "template1");

    private DatabaseNamePolicy() {
    }

    /** Problems with a name used as database or role name anywhere; empty when fine. */
    public static List<String> identifierProblems(String what, String name) {
        List<String> problems = new ArrayList<>();
        if (name == null || name.isEmpty()) {
            problems.add(what + " is empty: expected a name such as brave_otter_4821");
        } else if (!IDENTIFIER.matcher(name).matches()) {
            problems.add(what + " '" + name + "' is not a plain identifier: expected lower-case letters, digits and '_',"
                    + " starting with a letter or '_', at most 63 characters");
        } else if (RESERVED.contains(name)) {
            problems.add(what + " '" + name + "' is reserved by PostgreSQL: expected a project database name");
        }
        return problems;
    }

    /** True when {@code name} contains the client name, also across '-'/'_' and case variants. */
    public static boolean revealsClient(String name, String client) {
        if (name == null || client == null || client.isBlank()) {
            return false;
        }
        return normalise(name).contains(normalise(client));
    }

    /**
     * Problems with the names of a database on the shared cluster: identifier rules, no client
     * name, and {@code DB_USER} equal to {@code DB_NAME}.
     */
    public static List<String> clusterProblems(String dbName, String dbUser, String client) {
        List<String> problems = new ArrayList<>(identifierProblems("DB_NAME", dbName));
        problems.addAll(identifierProblems("DB_USER", dbUser));
        if (revealsClient(dbName, client)) {
            problems.add("DB_NAME '" + dbName + "' contains the client name '" + client
                    + "': databases on the shared cluster must not reveal the client; expected a random name"
                    + " such as brave_otter_4821 (odoo-platform init-settings generates one)");
        }
        if (dbUser != null && dbName != null && !dbUser.equals(dbName)) {
            problems.add("DB_USER '" + dbUser + "' differs from DB_NAME '" + dbName
                    + "': on the shared cluster the role is named like its database");
        }
        return problems;
    }

    private static String normalise(String text) {
        return text.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
