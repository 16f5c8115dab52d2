package org.odooplatform.database;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.odooplatform.common.Problem;
import org.odooplatform.common.Secret;

/**
 * The cluster admin account, from libpq's variables {@code PGHOST}, {@code PGPORT}, {@code PGUSER},
 * {@code PGPASSWORD} (in Jenkins: credentials bound to the environment, never options).
 */
public record AdminCredentials(String host, int port, String user, Secret password) {

    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_USER = "postgres";

    /** Reads the variables; each missing or malformed one is added to {@code problems}. */
    public static AdminCredentials fromEnvironment(Function<String, String> env, List<Problem> problems) {
        List<String> found = new ArrayList<>();
        String host = env.apply("PGHOST");
        if (host == null || host.isBlank()) {
            found.add("PGHOST is not set: expected the PostgreSQL cluster's host name, in the environment");
        } else if (host.startsWith("/")) {
            found.add("PGHOST '" + host + "' is a socket directory: expected a TCP host name (the JDBC driver needs TCP)");
        }
        int port = DEFAULT_PORT;
        String portText = env.apply("PGPORT");
        if (portText != null && !portText.isBlank()) {
            try {
                port = Integer.parseInt(portText.trim());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                found.add("PGPORT '" + portText + "' is not a port number: expected 1-65535 (default " + DEFAULT_PORT + ")");
            }
        }
        String user = env.apply("PGUSER");
        if (user == null || user.isBlank()) {
            user = DEFAULT_USER;
        }
        String password = env.apply("PGPASSWORD");
        if (password == null || password.isEmpty()) {
            found.add("PGPASSWORD is not set: expected the cluster admin's password in the environment"
                    + " (Jenkins: a credential bound to PGPASSWORD)");
        }
        found.forEach(message -> problems.add(Problem.error(null, message)));
        if (!found.isEmpty()) {
            return null;
        }
        return new AdminCredentials(host.trim(), port, user, Secret.of(password));
    }

    /** {@code host:port}, as printed to the user. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return user + "@" + address();
    }
}
