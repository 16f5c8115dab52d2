package org.odooplatform.database;

import org.odooplatform.config.DatabaseNamePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.common.Secret;
import org.odooplatform.config.Setting;
import org.odooplatform.config.Settings;
import org.odooplatform.project.Instance;

/**
 * A validated reset: which database, for whom, created how, with which admin. Built only by
 * {@link #from}, which checks everything that can be checked before connecting.
 *
 * @param dbPassword null when {@code DB_PASSWORD} is not set (needed only if the role is missing)
 * @param lcCollate  null: keep the old database's, else the cluster default
 */
public record ResetRequest(Instance instance, String client, String dbName, String dbUser, Secret dbPassword,
                           Optional<Setting> passwordSetting, String encoding, String lcCollate, String lcCtype,
                           String template, AdminCredentials admin, ResetOptions options) {

    public static final String DEFAULT_ENCODING = "UTF8";
    public static final String DEFAULT_TEMPLATE = "template0";

    private static final Pattern ENCODING = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern STACK = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /**
     * Validates the instance, the settings ({@code settingsFile} is named in problems about
     * missing variables), the options and the admin variables of {@code env}; throws one
     * {@link BadInputException} carrying every problem found.
     */
    public static ResetRequest from(Instance instance, String client, Settings settings, Path settingsFile,
                                    ResetOptions options, Function<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        if (instance != Instance.INTEGRATION) {
            problems.add(Problem.error(null, "db reset works on the integration instance only, not " + instance
                    + (instance == Instance.PROD ? ": a production database is never reset"
                    : ": the test instance has its own db container, recreated by every master build")));
        }
        settings.get("RUNNING_ENV").filter(s -> !"integration".equals(s.value())).ifPresent(s ->
                problems.add(Problem.error(s.file(), s.line(), "RUNNING_ENV is '" + s.value()
                        + "': expected 'integration'; these settings belong to another instance")));
        if (client == null || client.isBlank()) {
            problems.add(Problem.error(null, "the client name is needed to check that DB_NAME does not reveal it:"
                    + " give --client NAME or put 'client: NAME' in .odoo-platform.yml"));
        }
        String dbName = required(settings, settingsFile, "DB_NAME", problems);
        String dbUser = required(settings, settingsFile, "DB_USER", problems);
        if (dbName != null && dbUser != null) {
            for (String message : DatabaseNamePolicy.clusterProblems(dbName, dbUser, client)) {
                Setting at = settings.get(message.startsWith("DB_USER") ? "DB_USER" : "DB_NAME").orElseThrow();
                problems.add(Problem.error(at.file(), at.line(), message));
            }
        }
        Optional<Setting> passwordSetting = settings.get("DB_PASSWORD").filter(s -> !s.value().isEmpty());
        Secret password = passwordSetting.map(s -> Secret.of(s.value())).orElse(null);
        String encoding = optional(settings, "DB_ENCODING", ENCODING, "an encoding name such as UTF8", problems);
        String collate = optional(settings, "DB_LC_COLLATE", LOCALE, "a locale name such as C.UTF-8", problems);
        String ctype = optional(settings, "DB_LC_CTYPE", LOCALE, "a locale name such as C.UTF-8", problems);
        String template = optional(settings, "DB_TEMPLATE", DatabaseNamePolicy.IDENTIFIER,
                "a template database name such as template0", problems);
        if (options.maxAttempts() < 1 || options.maxAttempts() > 100) {
            problems.add(Problem.error(null, "--max-attempts " + options.maxAttempts() + ": expected 1 to 100"));
        }
        if (options.stopOdoo()) {
            if (options.stack() == null || options.stack().isBlank()) {
                problems.add(Problem.error(null, "--stop-odoo needs the stack: give --stack NAME or the client name"));
            } else if (!STACK.matcher(options.stack()).matches()) {
                problems.add(Problem.error(null, "--stack '" + options.stack()
                        + "': expected a Rancher stack name (lower-case letters, digits, '-')"));
            }
        }
        AdminCredentials admin = AdminCredentials.fromEnvironment(env, problems);
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return new ResetRequest(instance, client, dbName, dbUser, password, passwordSetting,
                encoding == null ? DEFAULT_ENCODING : encoding, collate, ctype,
                template == null ? DEFAULT_TEMPLATE : template, admin, options);
    }

    private static String required(Settings settings, Path file, String name, List<Problem> problems) {
        Optional<Setting> setting = settings.get(name);
        if (setting.isEmpty()) {
            problems.add(Problem.error(file, name + " is not set: expected 'export " + name
                    + "=<name>' (a random name such as brave_otter_4821; odoo-platform init-settings generates one)"));
            return null;
        }
        if (setting.get().value().isEmpty()) {
            problems.add(Problem.error(setting.get().file(), setting.get().line(), name
                    + " is empty: expected a random name such as brave_otter_4821"));
            return null;
        }
        return setting.get().value();
    }

    private static String optional(Settings settings, String name, Pattern pattern, String expected,
                                   List<Problem> problems) {
        Optional<Setting> setting = settings.get(name).filter(s -> !s.value().isEmpty());
        if (setting.isEmpty()) {
            return null;
        }
        if (!pattern.matcher(setting.get().value()).matches()) {
            problems.add(Problem.error(setting.get().file(), setting.get().line(), name + " '"
                    + setting.get().value() + "': expected " + expected));
            return null;
        }
        return setting.get().value();
    }

    @Override
    public String toString() {
        return "reset of " + dbName + " (owner " + dbUser + ") on " + admin;
    }
}
