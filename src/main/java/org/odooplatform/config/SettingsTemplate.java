package org.odooplatform.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.odooplatform.project.Instance;

/**
 * A complete settings file for a new instance, laid out like the platform guide's
 * {@code rancher.env} for that instance (docs/platform.md §Settings), with the documented defaults.
 * Rancher keys are not in it: the Jenkins steps take them from the credentials store.
 */
public final class SettingsTemplate {

    /** Credentials shared by every project of the platform, copied from another project's settings. */
    public static final List<String> PROVIDER_KEYS = List.of("LETSENCRYPT_AWS_ACCESS_KEY",
            "LETSENCRYPT_AWS_SECRET_KEY", "AWS_HOST", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

    /** The values of one new instance. Passwords are plain strings here: the caller masks them. */
    public record Values(String client, Instance instance, String domain, String dbName, String dbUser,
            String dbPassword, String adminPassword, Map<String, String> provider) {
    }

    private SettingsTemplate() {
    }

    /** Variable name to value, in file order. */
    public static Map<String, String> variables(Values v) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("DOMAIN_NAME", v.domain());
        vars.put("LETSENCRYPT_AWS_ACCESS_KEY", v.provider().getOrDefault("LETSENCRYPT_AWS_ACCESS_KEY", ""));
        vars.put("LETSENCRYPT_AWS_SECRET_KEY", v.provider().getOrDefault("LETSENCRYPT_AWS_SECRET_KEY", ""));
        vars.put("DB_USER", v.dbUser());
        vars.put("DB_NAME", v.dbName());
        vars.put("DB_PASSWORD", v.dbPassword());
        vars.put("DB_PORT", "5432");
        vars.put("ADMIN_PASSWD", v.adminPassword());
        vars.put("RUNNING_ENV", v.instance().id());
        vars.put("WORKERS", v.instance() == Instance.TEST ? "2" : "8");
        vars.put("MAX_CRON_THREADS", "1");
        vars.put("LOG_LEVEL", "info");
        vars.put("LOG_HANDLER", ":INFO");
        vars.put("DB_MAXCONN", "5");
        vars.put("LIMIT_MEMORY_SOFT", "325058560");
        vars.put("LIMIT_MEMORY_HARD", "1572864000");
        vars.put("LIMIT_TIME_CPU", "86400");
        vars.put("LIMIT_TIME_REAL", "86400");
        vars.put("LIMIT_REQUEST", "8192");
        vars.put("DEMO", "False");
        vars.put("MARABUNTA_MODE", v.instance() == Instance.TEST ? "demo" : "full");
        if (v.instance().usesDatabaseCluster()) {
            vars.put("AWS_HOST", v.provider().getOrDefault("AWS_HOST", ""));
            vars.put("AWS_ACCESS_KEY_ID", v.provider().getOrDefault("AWS_ACCESS_KEY_ID", ""));
            vars.put("AWS_SECRET_ACCESS_KEY", v.provider().getOrDefault("AWS_SECRET_ACCESS_KEY", ""));
            vars.put("AWS_BUCKETNAME", v.instance().stackName(v.client()));
        }
        vars.put("ODOO_SESSION_REDIS", "1");
        vars.put("ODOO_SESSION_REDIS_HOST", "redis");
        vars.put("ODOO_SESSION_REDIS_PREFIX", v.instance().stackName(v.client()));
        vars.put("ODOO_SESSION_REDIS_EXPIRATION", "86400");
        vars.put("ODOO_LOGGING_JSON", "1");
        vars.put("ODOO_CLOUD_PLATFORM_UNSAFE", "0");
        return vars;
    }

    /** The file's text; with {@code maskSecrets} the passwords and secret keys read {@code ****} (a preview). */
    public static String render(Values v, boolean maskSecrets) {
        Map<String, String> vars = variables(v);
        List<String> out = new ArrayList<>();
        out.add("# Settings of the " + v.client() + " " + v.instance() + " instance (stack "
                + v.instance().stackName(v.client()) + "), written by odoo-platform init-settings.");
        out.add("# Secret: store it as a Jenkins 'Secret file' credential, never commit it.");
        out.add("# RANCHER_URL, RANCHER_ACCESS_KEY and RANCHER_SECRET_KEY come from the Jenkins credentials store.");
        for (Map.Entry<String, String> e : vars.entrySet()) {
            String name = e.getKey();
            switch (name) {
                case "DOMAIN_NAME", "DB_USER", "AWS_HOST", "ODOO_SESSION_REDIS" -> out.add("");
                default -> { }
            }
            if (name.equals("DB_USER")) {
                out.add(v.instance().usesDatabaseCluster()
                        ? "# generated: the shared cluster lists every database, so the name must not reveal the client;"
                        + " the role is named like it"
                        : "# the test database lives in the stack's own db container");
            } else if (name.equals("WORKERS")) {
                out.add("# set to WORKERS=2 and MAX_CRON_THREADS=1 once the production is up");
            } else if (name.equals("ODOO_CLOUD_PLATFORM_UNSAFE")) {
                out.add("");
                out.add("# when activated, platform checks are not performed, use for debug");
            }
            String value = e.getValue();
            boolean masked = maskSecrets && !value.isEmpty() && isGeneratedOrProviderSecret(name);
            out.add("export " + name + "=" + (masked ? "****" : quote(value)));
        }
        return String.join("\n", out) + "\n";
    }

    static boolean isGeneratedOrProviderSecret(String name) {
        return name.equals("DB_PASSWORD") || name.equals("ADMIN_PASSWD") || name.endsWith("SECRET_KEY")
                || name.equals("AWS_SECRET_ACCESS_KEY");
    }

    /** Bare when the value has only safe characters, else in single quotes (bash-literal). */
    static String quote(String value) {
        if (value.matches("[A-Za-z0-9_./:@%+,-]*") && !value.startsWith(":")) {
            return value;
        }
        if (value.matches("[A-Za-z0-9_./:@%+,-]*")) {
            return "\"" + value + "\"";
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
