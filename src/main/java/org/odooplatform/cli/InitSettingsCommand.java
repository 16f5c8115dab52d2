package org.odooplatform.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.Secret;
import org.odooplatform.config.PasswordGenerator;
import org.odooplatform.config.Settings;
import org.odooplatform.config.SettingsTemplate;
import org.odooplatform.database.DatabaseNameGenerator;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "init-settings", mixinStandardHelpOptions = true,
        description = {"Writes a complete settings file for a new instance: generated database name and"
                + " 20-character passwords, Redis prefix, RUNNING_ENV, MARABUNTA_MODE and the documented defaults.",
                "Secrets are printed as **** unless --show-secrets; --out files are created with mode 0600."})
final class InitSettingsCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    InitSettingsCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--client", required = true, paramLabel = "NAME",
            description = "Client short name: lower-case letters and digits (stacks are <client>-odoo-<instance>).")
    String client;

    @Option(names = "--instance", required = true, paramLabel = "test|integration|prod",
            converter = InstanceConverter.class, description = "The instance: test, integration or prod.")
    Instance target;

    @Option(names = "--domain", paramLabel = "HOST",
            description = "DOMAIN_NAME of the instance. Default: <instance>.<client>.odoo.example.com.")
    String domain;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the settings to FILE (mode 0600) instead of printing them. Refuses an existing FILE unless --force.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing --out FILE.")
    boolean force;

    @Option(names = "--copy-from", paramLabel = "FILE",
            description = "Another project's settings file to copy the platform-wide credentials from ("
                    + "AWS_HOST, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, LETSENCRYPT_AWS_*). Without it they are"
                    + " taken from the environment variables of the same names, else left empty.")
    Path copyFrom;

    @Option(names = "--show-secrets", description = "Print the generated passwords instead of ****.")
    boolean showSecrets;

    @Override
    public Integer call() {
        if (!ProjectConfig.CLIENT_NAME.matcher(client).matches()) {
            throw new BadInputException("--client '" + client + "': expected lower-case letters and digits, starting with a letter");
        }
        String host = domain != null ? domain : target.id() + "." + client + ".odoo.example.com";
        if (out != null && Files.exists(out) && !force) {
            throw new BadInputException(out, 0, "already exists: expected a new file (give --force to overwrite it)");
        }
        if (out != null && (out.toAbsolutePath().getParent() == null || !Files.isDirectory(out.toAbsolutePath().getParent()))) {
            throw new BadInputException(out, 0, "its directory does not exist: expected a path in an existing directory");
        }
        Map<String, String> provider = providerValues();

        PasswordGenerator passwords = new PasswordGenerator();
        String dbPassword = passwords.generate(client);
        String adminPassword = passwords.generate(client);
        if (!showSecrets) {
            // registered with the masker, so even an unexpected path cannot print them
            Secret.of(dbPassword);
            Secret.of(adminPassword);
        }
        String dbName;
        String dbUser;
        if (target.usesDatabaseCluster()) {
            dbName = new DatabaseNameGenerator().generate(client);
            dbUser = dbName;
        } else {
            dbUser = client + "_test";
            dbName = client + "_test_db";
        }
        SettingsTemplate.Values values = new SettingsTemplate.Values(client, target, host, dbName, dbUser,
                dbPassword, adminPassword, provider);
        PrintWriter console = spec.commandLine().getOut();
        if (out == null) {
            console.print(SettingsTemplate.render(values, !showSecrets));
        } else {
            write(out, SettingsTemplate.render(values, false));
            console.println("wrote " + out + " (mode 0600) for " + target.stackName(client) + ":");
            console.println("  DB_NAME=" + dbName + "  DB_USER=" + dbUser);
            console.println("  DB_PASSWORD=" + (showSecrets ? dbPassword : Secret.MASK)
                    + "  ADMIN_PASSWD=" + (showSecrets ? adminPassword : Secret.MASK));
            console.println("store it as a Jenkins 'Secret file' credential, then delete it; never commit it.");
        }
        console.flush();
        List<String> missing = SettingsTemplate.variables(values).entrySet().stream()
                .filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        if (!missing.isEmpty()) {
            spec.commandLine().getErr().println("still to fill (platform-wide credentials, see --copy-from): "
                    + String.join(", ", missing));
        }
        if (domain == null) {
            spec.commandLine().getErr().println("DOMAIN_NAME is " + host + ": give --domain for the real host name");
        }
        console.flush();
        spec.commandLine().getErr().flush();
        return ExitCode.OK;
    }

    private Map<String, String> providerValues() {
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
                String value = env.value(key);
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
