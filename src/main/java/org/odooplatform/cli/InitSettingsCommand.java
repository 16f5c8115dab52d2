package org.odooplatform.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.Secret;
import org.odooplatform.config.SettingsInitialiser;
import org.odooplatform.config.SettingsTemplate;
import org.odooplatform.project.Instance;
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
        SettingsInitialiser.Result result = new SettingsInitialiser(env::value).run(
                new SettingsInitialiser.Request(client, target, domain, out, force, copyFrom, showSecrets));
        SettingsTemplate.Values values = result.values();
        PrintWriter console = spec.commandLine().getOut();
        if (out == null) {
            console.print(SettingsTemplate.render(values, !showSecrets));
        } else {
            console.println("wrote " + out + " (mode 0600) for " + target.stackName(client) + ":");
            console.println("  DB_NAME=" + values.dbName() + "  DB_USER=" + values.dbUser());
            console.println("  DB_PASSWORD=" + (showSecrets ? values.dbPassword() : Secret.MASK)
                    + "  ADMIN_PASSWD=" + (showSecrets ? values.adminPassword() : Secret.MASK));
            console.println("store it as a Jenkins 'Secret file' credential, then delete it; never commit it.");
        }
        console.flush();
        if (!result.missing().isEmpty()) {
            spec.commandLine().getErr().println("still to fill (platform-wide credentials, see --copy-from): "
                    + String.join(", ", result.missing()));
        }
        if (result.domainDefaulted()) {
            spec.commandLine().getErr().println("DOMAIN_NAME is " + values.domain() + ": give --domain for the real host name");
        }
        console.flush();
        spec.commandLine().getErr().flush();
        return ExitCode.OK;
    }
}
