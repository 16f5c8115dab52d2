package org.odooplatform.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.Secret;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;

/**
 * {@code init-settings}: the settings of a new instance. Checks the request before anything is
 * generated or written, generates the database name and the passwords, takes the platform-wide
 * credentials from another settings file or the environment, and writes the file (mode 0600)
 * when asked. The environment is one lookup passed in, so tests and callers decide what it is.
 */
public final class SettingsInitialiser {

    /** What was asked; {@code domain}, {@code out}, {@code copyFrom} null when not given. */
    public record Request(String client, Instance instance, String domain, Path out, boolean force, Path copyFrom,
            boolean showSecrets) {
    }

    /** The generated values, and what the caller tells the user: unfilled variables, a defaulted domain. */
    public record Result(SettingsTemplate.Values values, List<String> missing, boolean domainDefaulted) {
    }

    private final Function<String, String> env;
    private final PasswordGenerator passwords;
    private final DatabaseNameGenerator names;

    public SettingsInitialiser(Function<String, String> env, PasswordGenerator passwords, DatabaseNameGenerator names) {
        this.env = env;
        this.passwords = passwords;
        this.names = names;
    }

    public SettingsInitialiser(Function<String, String> env) {
        this(env, new PasswordGenerator(), new DatabaseNameGenerator());
    }

    public Result run(Request request) {
        String client = request.client();
        Instance target = request.instance();
        Path out = request.out();
        if (!ProjectConfig.CLIENT_NAME.matcher(client).matches()) {
            throw new BadInputException("--client '" + client + "': expected lower-case letters and digits, starting with a letter");
        }
        String host = request.domain() != null ? request.domain() : target.id() + "." + client + ".odoo.example.com";
        if (out != null && Files.exists(out) && !request.force()) {
            throw new BadInputException(out, 0, "already exists: expected a new file (give --force to overwrite it)");
        }
        if (out != null && (out.toAbsolutePath().getParent() == null || !Files.isDirectory(out.toAbsolutePath().getParent()))) {
            throw new BadInputException(out, 0, "its directory does not exist: expected a path in an existing directory");
        }
        Map<String, String> provider = providerValues(request.copyFrom());

        String dbPassword = passwords.generate(client);
        String adminPassword = passwords.generate(client);
        if (!request.showSecrets()) {
            // registered with the masker, so even an unexpected path cannot print them
            Secret.of(dbPassword);
            Secret.of(adminPassword);
        }
        String dbName;
        String dbUser;
        if (target.usesDatabaseCluster()) {
            dbName = names.generate(client);
            dbUser = dbName;
        } else {
            // the test instance has its own db container: names may say whose it is
            dbUser = client + "_test";
            dbName = client + "_test_db";
        }
        SettingsTemplate.Values values = new SettingsTemplate.Values(client, target, host, dbName, dbUser,
                dbPassword, adminPassword, provider);
        if (out != null) {
            write(out, SettingsTemplate.render(values, false));
        }
        List<String> missing = SettingsTemplate.variables(values).entrySet().stream()
                .filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        return new Result(values, missing, request.domain() == null);
    }

    private Map<String, String> providerValues(Path copyFrom) {
        Map<String, String> values = new LinkedHashMap<>();
        if (copyFrom != null) {
            if (!Files.exists(copyFrom)) {
                throw new BadInputException(copyFrom, 0, "--copy-from: file not found");
            }
            Settings other = Settings.load(null, copyFrom);
            for (String key : SettingsTemplate.PROVIDER_KEYS) {
                String value = other.value(key);
                if (value != null && !value.isEmpty()) {
                    values.put(key, value);
                }
            }
        } else {
            for (String key : SettingsTemplate.PROVIDER_KEYS) {
                String value = env.apply(key);
                if (value != null && !value.isEmpty()) {
                    if (key.contains("SECRET")) {
                        Secret.of(value);
                    }
                    values.put(key, value);
                }
            }
        }
        return values;
    }

    private static void write(Path file, String text) {
        try {
            if (Files.exists(file)) {
                Files.delete(file); // --force: recreate, so the new file gets 0600 whatever the old mode was
            }
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(file, 0, "already exists: expected a new file (give --force to overwrite it)");
        } catch (IOException e) {
            throw new OperationFailedException("cannot write " + file + " (" + e.getClass().getSimpleName()
                    + "): check the directory's permissions");
        }
    }
}
