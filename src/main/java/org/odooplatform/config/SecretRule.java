package org.odooplatform.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.common.Urls;

/**
 * Which settings are secret: the one rule plans, {@code check} output, error messages and the console masking
 * all follow (docs/check.md, "Secret and public settings").
 * <ol>
 * <li>a value holding a URL with user info ({@code https://user:password@host}) is secret;</li>
 * <li>a name of the secret-name rule ({@link SecretMasker#isSecretName}: PASSWORD, PASSWD, SECRET, TOKEN, ...,
 *     {@code *_KEY}) is secret, unless it is one of {@link #PUBLIC_NAMES};</li>
 * <li>the documented {@link #PUBLIC_NAMES} and names ending in {@code _HOST}, {@code _PORT}, {@code _URL} are
 *     public, whichever file holds them: hosts, URLs and database names are shown in clear;</li>
 * <li>any other name is secret when it comes from the secret settings file ({@code --env-file}), public when it
 *     comes from {@code --public-env-file}.</li>
 * </ol>
 */
public final class SecretRule {

    /**
     * Settings the platform documents as non-secret: what an operator must read in a plan or a reset log
     * (which database, which host, how many workers). The access key IDs name a key pair and are shown in AWS'
     * own logs; their secret halves (AWS_SECRET_ACCESS_KEY, LETSENCRYPT_AWS_SECRET_KEY) stay secret.
     */
    public static final Set<String> PUBLIC_NAMES = Set.of(
            "RUNNING_ENV", "DOMAIN_NAME", "ODOO_BASE_URL", "RANCHER_URL",
            "DB_NAME", "DB_USER", "DB_HOST", "DB_PORT", "DB_MAXCONN", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE",
            "WORKERS", "MAX_CRON_THREADS", "LIMIT_MEMORY_SOFT", "LIMIT_MEMORY_HARD", "LIMIT_TIME_CPU",
            "LIMIT_TIME_REAL", "LIMIT_REQUEST", "LOG_LEVEL", "LOG_HANDLER", "DEMO", "MARABUNTA_MODE",
            "MARABUNTA_ALLOW_SERIE", "ODOO_SESSION_REDIS", "ODOO_SESSION_REDIS_HOST", "ODOO_SESSION_REDIS_PORT",
            "ODOO_SESSION_REDIS_PREFIX", "ODOO_SESSION_REDIS_EXPIRATION", "ODOO_LOGGING_JSON",
            "ODOO_CLOUD_PLATFORM_UNSAFE", "AWS_HOST", "AWS_REGION", "AWS_BUCKETNAME", "AWS_ACCESS_KEY_ID",
            "LETSENCRYPT_AWS_ACCESS_KEY");

    private static final Pattern PUBLIC_SUFFIX = Pattern.compile(".*_(HOST|PORT|URL)");

    private SecretRule() {
    }

    /** Secret by its name alone (rule 2). */
    public static boolean isSecretName(String name) {
        return name != null && !PUBLIC_NAMES.contains(upper(name)) && SecretMasker.isSecretName(name);
    }

    /** Public by its name alone (rule 3). */
    public static boolean isPublicName(String name) {
        return name != null && (PUBLIC_NAMES.contains(upper(name))
                || PUBLIC_SUFFIX.matcher(upper(name)).matches() && !SecretMasker.isSecretName(name));
    }

    /** The rule: whether the value of {@code name}, read from the secret file or not, is a secret. */
    public static boolean isSecret(String name, String value, boolean fromSecretFile) {
        if (Urls.hasUserInfo(value) || isSecretName(name)) {
            return true;
        }
        return !isPublicName(name) && fromSecretFile;
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
