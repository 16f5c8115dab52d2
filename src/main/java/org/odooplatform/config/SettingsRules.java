package org.odooplatform.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.odooplatform.common.Problem;
import org.odooplatform.project.Instance;
import org.odooplatform.project.InstanceComposition;

/**
 * The platform's rules for an instance's settings, from the platform guide's {@code rancher.env}
 * per instance (docs/platform.md §Settings), the cloud_platform addon's start-up checks and
 * docker-odoo-project's entrypoint (docs/platform.md §Settings rules). Each finding points at the variable's file and line; a missing
 * variable points at the line after the end of the settings file, where it is to be added.
 */
public final class SettingsRules {

    /** Needed by every instance: the database, the admin password, the platform switches, Redis sessions. */
    static final List<String> REQUIRED = List.of("DOMAIN_NAME", "DB_USER", "DB_NAME", "DB_PASSWORD",
            "ADMIN_PASSWD", "RUNNING_ENV", "MARABUNTA_MODE", "ODOO_SESSION_REDIS", "ODOO_SESSION_REDIS_HOST",
            "ODOO_SESSION_REDIS_PREFIX");
    /** Integration and prod keep attachments on S3: cloud_platform refuses to start without them. */
    static final List<String> REQUIRED_S3 = List.of("AWS_HOST", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_BUCKETNAME");
    /** Passwords the project chooses (provider keys such as AWS_SECRET_ACCESS_KEY are given, not chosen). */
    static final List<String> PASSWORDS = List.of("DB_PASSWORD", "ADMIN_PASSWD");
    /** Numbers read by Odoo's configuration (docker-odoo-project's odoo.cfg template). */
    static final List<String> NUMBERS = List.of("DB_PORT", "WORKERS", "MAX_CRON_THREADS", "DB_MAXCONN",
            "LIMIT_MEMORY_SOFT", "LIMIT_MEMORY_HARD", "LIMIT_TIME_CPU", "LIMIT_TIME_REAL", "LIMIT_REQUEST",
            "ODOO_SESSION_REDIS_EXPIRATION");

    /** cloud_platform: {@code re.match(r'[a-z0-9-]+-odoo-prod', bucket)} (anchored at the start only). */
    static final Pattern PROD_BUCKET = Pattern.compile("^[a-z0-9-]+-odoo-prod");
    /** cloud_platform (Oct 2017): {@code [a-z]+[a-z0-9]*-odoo-[a-z]+[0-9]*}, anchored at the start. */
    static final Pattern REDIS_PREFIX = Pattern.compile("^[a-z]+[a-z0-9]*-odoo-[a-z]+[0-9]*");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Set<String> TRUE = Set.of("1", "true", "yes", "on", "y", "t");
    private static final Set<String> FALSE = Set.of("0", "false", "no", "off", "n", "f");

    private final Settings settings;
    private final Instance instance;
    private final String client;
    private final Path settingsFile;
    private final int appendLine;
    private final List<Problem> problems = new ArrayList<>();

    private SettingsRules(Settings settings, Instance instance, String client, Path settingsFile) {
        this.settings = settings;
        this.instance = instance;
        this.client = client;
        this.settingsFile = settingsFile;
        this.appendLine = settingsFile == null ? 0 : lineCount(settingsFile) + 1;
    }

    /**
     * Every finding for {@code settings} of {@code instance}; {@code composition} (may be null)
     * adds the placeholder and database-container rules. Warnings are findings that do not stop
     * a deploy unless the caller is strict.
     */
    public static List<Problem> check(Settings settings, Instance instance, String client, Path settingsFile,
            InstanceComposition composition) {
        SettingsRules rules = new SettingsRules(settings, instance, client, settingsFile);
        rules.required();
        rules.runningEnv();
        rules.marabuntaMode();
        rules.database();
        rules.s3();
        rules.redis();
        rules.passwords();
        rules.unsafe();
        rules.numbers();
        rules.domain();
        rules.demo();
        if (composition != null) {
            rules.composition(composition);
        }
        return List.copyOf(rules.problems);
    }

    private void required() {
        List<String> names = new ArrayList<>(REQUIRED);
        if (instance.usesDatabaseCluster()) {
            names.addAll(REQUIRED_S3);
        }
        for (String name : names) {
            Optional<Setting> setting = settings.get(name);
            if (setting.isEmpty()) {
                problems.add(Problem.error(settingsFile, appendLine, name + " is missing: expected 'export " + name
                        + "=...' (" + why(name) + ")"));
            } else if (setting.get().value().isEmpty()) {
                error(setting.get(), name + " is empty: expected a value (" + why(name) + ")");
            }
        }
    }

    private String why(String name) {
        return switch (name) {
            case "DB_PASSWORD", "ADMIN_PASSWD" -> "20 random characters, e.g. from pwgen -s 20";
            case "DB_NAME", "DB_USER" -> instance.usesDatabaseCluster()
                    ? "a random name on the shared cluster, DB_USER equal to DB_NAME" : "the test database container";
            case "RUNNING_ENV" -> instance.id();
            case "MARABUNTA_MODE" -> expectedMode();
            case "ODOO_SESSION_REDIS_PREFIX", "AWS_BUCKETNAME" -> expectedName();
            case "ODOO_SESSION_REDIS" -> "1";
            case "ODOO_SESSION_REDIS_HOST" -> "redis";
            default -> instance.usesDatabaseCluster() && REQUIRED_S3.contains(name)
                    ? "attachments are stored on S3 on " + instance : "needed on every instance";
        };
    }

    private String expectedMode() {
        return instance == Instance.TEST ? "demo" : "full";
    }

    private String expectedName() {
        return (client == null ? "<client>" : client) + "-odoo-" + instance.id();
    }

    private void runningEnv() {
        present("RUNNING_ENV").ifPresent(s -> {
            if (!s.value().equals(instance.id())) {
                error(s, "RUNNING_ENV is '" + shown(s) + "': expected '" + instance.id()
                        + "' (cloud_platform applies the " + instance.id() + " rules only then)");
            }
        });
    }

    private void marabuntaMode() {
        present("MARABUNTA_MODE").ifPresent(s -> {
            if (!s.value().equals(expectedMode())) {
                error(s, "MARABUNTA_MODE is '" + shown(s) + "': expected '" + expectedMode() + "' on " + instance
                        + (instance == Instance.TEST ? " (a small demo data set, rebuilt on every master build)"
                                : " (the client's full data set)"));
            }
        });
    }

    private void database() {
        Optional<Setting> name = present("DB_NAME");
        Optional<Setting> user = present("DB_USER");
        if (instance.usesDatabaseCluster()) {
            if (name.isEmpty() || user.isEmpty()) {
                return;
            }
            for (String problem : DatabaseNamePolicy.clusterProblems(name.get().value(), user.get().value(), client)) {
                error(problem.startsWith("DB_USER") ? user.get() : name.get(), problem);
            }
        } else {
            name.ifPresent(s -> DatabaseNamePolicy.identifierProblems("DB_NAME", s.value()).forEach(p -> error(s, p)));
            user.ifPresent(s -> DatabaseNamePolicy.identifierProblems("DB_USER", s.value()).forEach(p -> error(s, p)));
        }
        present("DB_HOST").ifPresent(s -> warning(s, "DB_HOST is set, but the Odoo image connects to the host 'db'"
                + " (a link): expected no DB_HOST"));
    }

    private void s3() {
        present("AWS_BUCKETNAME").ifPresent(s -> {
            String bucket = s.value();
            boolean prodLike = PROD_BUCKET.matcher(bucket).find();
            if (instance == Instance.PROD && !prodLike) {
                error(s, "AWS_BUCKETNAME '" + shown(s) + "' does not match [a-z0-9-]+-odoo-prod: cloud_platform"
                        + " refuses to start prod with it; expected " + expectedName());
            } else if (instance != Instance.PROD && prodLike) {
                error(s, "AWS_BUCKETNAME '" + shown(s) + "' is a prod bucket (matches [a-z0-9-]+-odoo-prod):"
                        + " " + instance + " must never write the production attachments; expected " + expectedName());
            } else if (client != null && !bucket.equals(expectedName())) {
                warning(s, "AWS_BUCKETNAME is '" + shown(s) + "': expected " + expectedName());
            }
            if (instance == Instance.TEST) {
                warning(s, "AWS_BUCKETNAME is set on test, which keeps attachments in the database:"
                        + " expected no AWS_* settings on test");
            }
        });
    }

    private void redis() {
        present("ODOO_SESSION_REDIS").ifPresent(s -> {
            if (!TRUE.contains(s.value().toLowerCase(Locale.ROOT))) {
                error(s, "ODOO_SESSION_REDIS is '" + shown(s) + "': expected 1 (sessions in Redis, so Odoo can"
                        + " run on several hosts)");
            }
        });
        present("ODOO_SESSION_REDIS_PREFIX").ifPresent(s -> {
            String prefix = s.value();
            if (!REDIS_PREFIX.matcher(prefix).find()) {
                error(s, "ODOO_SESSION_REDIS_PREFIX '" + shown(s) + "' does not match <client>-odoo-<instance>"
                        + " (cloud_platform refuses to start); expected " + expectedName());
            } else if (client != null && !prefix.equals(expectedName())) {
                error(s, "ODOO_SESSION_REDIS_PREFIX is '" + shown(s) + "': expected " + expectedName()
                        + " (another instance's prefix would share its sessions)");
            }
        });
    }

    private void passwords() {
        for (String name : PASSWORDS) {
            present(name).ifPresent(s -> PasswordPolicy.weakness(s.value(), client)
                    .ifPresent(w -> error(s, name + " " + w)));
        }
    }

    private void unsafe() {
        present("ODOO_CLOUD_PLATFORM_UNSAFE").ifPresent(s -> {
            String value = s.value().toLowerCase(Locale.ROOT);
            if (TRUE.contains(value)) {
                String message = "ODOO_CLOUD_PLATFORM_UNSAFE is true: cloud_platform skips every platform check"
                        + " (S3, Redis); expected 0 outside debugging";
                if (instance == Instance.PROD) {
                    error(s, message + ", and never on prod");
                } else {
                    warning(s, message);
                }
            } else if (!FALSE.contains(value)) {
                error(s, "ODOO_CLOUD_PLATFORM_UNSAFE is '" + shown(s) + "': expected 0 or 1");
            }
        });
    }

    private void numbers() {
        for (String name : NUMBERS) {
            present(name).ifPresent(s -> {
                if (!s.value().matches("[0-9]{1,18}")) {
                    error(s, name + " is '" + shown(s) + "': expected a whole number");
                } else if (name.equals("DB_PORT") && (Long.parseLong(s.value()) < 1 || Long.parseLong(s.value()) > 65535)) {
                    error(s, "DB_PORT is " + s.value() + ": expected a port between 1 and 65535");
                }
            });
        }
        Optional<Setting> soft = present("LIMIT_MEMORY_SOFT");
        Optional<Setting> hard = present("LIMIT_MEMORY_HARD");
        if (soft.isPresent() && hard.isPresent() && soft.get().value().matches("[0-9]{1,18}")
                && hard.get().value().matches("[0-9]{1,18}")
                && Long.parseLong(soft.get().value()) > Long.parseLong(hard.get().value())) {
            warning(soft.get(), "LIMIT_MEMORY_SOFT is above LIMIT_MEMORY_HARD: expected soft <= hard");
        }
    }

    private void domain() {
        present("DOMAIN_NAME").ifPresent(s -> {
            String host = s.value().toLowerCase(Locale.ROOT);
            String[] labels = host.split("\\.", -1);
            boolean valid = host.length() <= 253 && labels.length >= 2;
            for (String label : labels) {
                valid &= HOST_LABEL.matcher(label).matches();
            }
            if (!valid) {
                error(s, "DOMAIN_NAME '" + shown(s) + "' is not a host name: expected e.g. " + instance.id()
                        + "." + (client == null ? "client" : client) + ".odoo.example.com (no scheme, port or path)");
            }
        });
    }

    private void demo() {
        present("DEMO").ifPresent(s -> {
            String value = s.value();
            if (value.equals("odoo") || value.equals("none")) {
                warning(s, "DEMO=" + value + " is deprecated by the Odoo image: expected True or False");
            } else if (!value.equals("True") && !value.equals("False")) {
                error(s, "DEMO is '" + shown(s) + "': expected True or False (the Odoo image exits on anything else)");
            }
        });
    }

    private void composition(InstanceComposition composition) {
        Path compose = composition.dockerComposeFile();
        for (Map.Entry<String, Integer> placeholder : composition.placeholders().entrySet()) {
            String name = placeholder.getKey();
            if (!settings.has(name)) {
                problems.add(Problem.error(compose, placeholder.getValue(), "${" + name + "} has no value in the"
                        + " settings: expected 'export " + name + "=...' in " + (settingsFile == null ? "the settings"
                                : settingsFile.getFileName())));
            } else if (settings.value(name).isEmpty() && !alreadyReported(name)) {
                Setting s = settings.get(name).get();
                warning(s, name + " is empty but " + compose.getFileName() + ":" + placeholder.getValue()
                        + " uses it: expected a value");
            }
        }
        boolean hasDb = composition.services().containsKey("db");
        if (instance == Instance.TEST && !hasDb) {
            problems.add(Problem.error(compose, 0, "no 'db' service: the test instance runs its own database"
                    + " container (camptocamp/postgresql), rebuilt on every master build"));
        } else if (instance.usesDatabaseCluster() && hasDb) {
            problems.add(Problem.error(compose, composition.services().get("db").line(), "a 'db' service on "
                    + instance + ": expected the shared cluster (external_links: postgres-cluster/lb:db), whose data"
                    + " survives upgrades"));
        }
    }

    private boolean alreadyReported(String name) {
        return REQUIRED.contains(name) || instance.usesDatabaseCluster() && REQUIRED_S3.contains(name);
    }

    /** The setting when it is defined and not empty (missing and empty ones are reported by required()). */
    private Optional<Setting> present(String name) {
        return settings.get(name).filter(s -> !s.value().isEmpty());
    }

    /** A value to quote in a message: {@code ****} for a secret ({@link SecretRule}), the value otherwise. */
    private static String shown(Setting s) {
        return s.displayValue();
    }

    private void error(Setting s, String message) {
        problems.add(Problem.error(s.file() != null ? s.file() : settingsFile, s.line(), message));
    }

    private void warning(Setting s, String message) {
        problems.add(Problem.warning(s.file() != null ? s.file() : settingsFile, s.line(), message));
    }

    private static int lineCount(Path file) {
        try {
            // read through InputFiles: a FIFO given as --env-file was consumed already and must not block here
            String text = org.odooplatform.common.InputFiles.readText(file);
            return (int) text.lines().count();
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
