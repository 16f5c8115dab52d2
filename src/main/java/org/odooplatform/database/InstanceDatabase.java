package org.odooplatform.database;

import org.odooplatform.config.DatabaseNamePolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.odooplatform.common.Problem;
import org.odooplatform.common.Secret;
import org.odooplatform.config.Setting;
import org.odooplatform.config.Settings;
import org.odooplatform.project.Instance;

/**
 * An instance's database on the shared cluster, from its settings: {@code DB_NAME},
 * {@code DB_USER} (equal to it, never revealing the client) and {@code DB_PASSWORD}, the login
 * Odoo and marabunta use.
 */
public record InstanceDatabase(Instance instance, String stack, String dbName, String dbUser, Secret password) {

    /**
     * Reads and checks the settings; each problem is added to {@code problems} with its file and
     * line, and null is returned when there is one.
     */
    public static InstanceDatabase from(Instance instance, String stack, String client, Settings settings,
                                        Path settingsFile, List<Problem> problems) {
        int before = problems.size();
        if (!instance.usesDatabaseCluster()) {
            problems.add(Problem.error(null, "the " + instance + " instance has its own db container, not a database on"
                    + " the shared cluster: expected --instance integration or prod"));
            return null;
        }
        settings.get("RUNNING_ENV").filter(s -> !instance.id().equals(s.value())).ifPresent(s ->
                problems.add(Problem.error(s.file(), s.line(), "RUNNING_ENV is '" + s.value() + "': expected '"
                        + instance.id() + "'; these settings belong to another instance")));
        String name = required(settings, settingsFile, "DB_NAME", "a random name such as brave_otter_4821", problems);
        String user = required(settings, settingsFile, "DB_USER", "the role named like DB_NAME", problems);
        String password = required(settings, settingsFile, "DB_PASSWORD", "the password Odoo logs in with", problems);
        if (name != null && user != null) {
            for (String message : DatabaseNamePolicy.clusterProblems(name, user, client)) {
                Setting at = settings.get(message.startsWith("DB_USER") ? "DB_USER" : "DB_NAME").orElseThrow();
                problems.add(Problem.error(at.file(), at.line(), message));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new InstanceDatabase(instance, stack, name, user, Secret.of(password));
    }

    private static String required(Settings settings, Path file, String name, String expected, List<Problem> problems) {
        Optional<Setting> setting = settings.get(name);
        if (setting.isEmpty()) {
            problems.add(Problem.error(file, name + " is not set: expected 'export " + name + "=...' (" + expected + ")"));
            return null;
        }
        if (setting.get().value().isEmpty()) {
            problems.add(Problem.error(setting.get().file(), setting.get().line(), name + " is empty: expected " + expected));
            return null;
        }
        return setting.get().value();
    }

    /** The instance's own login, on the cluster host the admin variables name. */
    public DatabaseLogin login(AdminCredentials cluster) {
        return new DatabaseLogin(cluster.host(), cluster.port(), dbName, dbUser, password);
    }

    @Override
    public String toString() {
        return instance + " database " + dbName + " (stack " + stack + ")";
    }
}
