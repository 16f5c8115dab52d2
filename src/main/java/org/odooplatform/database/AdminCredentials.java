package org.odooplatform.database;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.odooplatform.common.Problem;
import org.odooplatform.common.Secret;

/**
 * The cluster admin account, from libpq's variables {@code PGHOST}, {@code PGPORT}, {@code PGUSER},
 * {@code PGPASSWORD} (in Jenkins: credentials bound to the environment, never options).
 */
public record AdminCredentials(String host, int port, String user, Secret password, Duration connectTimeout) {

    public static final int DEFAULT_PORT = 5432;
    public static final String DEFAULT_USER = "postgres";
    /** How long connecting and logging in may take, unless {@code PGCONNECT_TIMEOUT} (libpq's, seconds) says. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public AdminCredentials(String host, int port, String user, Secret password) {
        this(host, port, user, password, DEFAULT_CONNECT_TIMEOUT);
    }

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
        Duration timeout = DEFAULT_CONNECT_TIMEOUT;
        String timeoutText = env.apply("PGCONNECT_TIMEOUT");
        if (timeoutText != null && !timeoutText.isBlank()) {
            try {
                int seconds = Integer.parseInt(timeoutText.trim());
                if (seconds < 1 || seconds > 3600) {
                    throw new NumberFormatException();
                }
                timeout = Duration.ofSeconds(seconds);
            } catch (NumberFormatException e) {
                // libpq takes 0 as "wait forever": every wait here is bounded, so 0 is refused
                found.add("PGCONNECT_TIMEOUT '" + timeoutText + "': expected a number of seconds from 1 to 3600"
                        + " (default " + DEFAULT_CONNECT_TIMEOUT.toSeconds() + ")");
            }
        }
        found.forEach(message -> problems.add(Problem.error(null, message)));
        if (!found.isEmpty()) {
            return null;
        }
        return new AdminCredentials(host.trim(), port, user, Secret.of(password), timeout);
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
