package org.odooplatform.cli;

import java.util.concurrent.Callable;
import java.util.Map;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.database.Confirmation;
import org.odooplatform.database.ResetOptions;
import org.odooplatform.flow.DatabaseResetFlow;
import org.odooplatform.project.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Drops and recreates the integration database (DB_NAME of the settings) empty, owned by DB_USER,"
                + " while clients keep reconnecting. Only --instance integration is accepted.",
                "Connects as the cluster admin from PGHOST, PGPORT, PGUSER (default postgres) and PGPASSWORD, to the"
                        + " maintenance database postgres."})
final class DbResetCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    DbResetCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectOptions project;

    @Option(names = "--instance", required = true, paramLabel = "integration", converter = InstanceConverter.class,
            description = "Must be integration: the only instance whose database is reset (prod never, test is"
                    + " recreated by --recreate-db).")
    Instance instanceOption;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "The integration settings (the former rancher.env): DB_NAME, DB_USER, DB_PASSWORD.")
    java.nio.file.Path envFile;

    @Option(names = "--public-env-file", paramLabel = "FILE",
            description = "Optional non-secret settings (the former rancher.public.env), read before --env-file.")
    java.nio.file.Path publicEnvFile;

    @Mixin
    RancherOptions rancher;

    @Option(names = "--yes", description = "Confirm the drop without a prompt (required when stdin is not a terminal).")
    boolean yes;

    @Option(names = "--dry-run", description = "Inspect the server and print the statements (secrets masked); change nothing.")
    boolean dryRun;

    @Option(names = "--stop-odoo", description = "First deactivate the stack's odoo service through the Rancher API"
            + " (RANCHER_URL, RANCHER_ACCESS_KEY, RANCHER_SECRET_KEY), so Odoo stops reconnecting; it stays stopped.")
    boolean stopOdoo;

    @Option(names = "--stack", paramLabel = "NAME",
            description = "Rancher stack of --stop-odoo. Default: <client>-odoo-integration or 'stacks' of .odoo-platform.yml.")
    String stack;

    @Option(names = "--no-force-drop", description = "Use the fallback drop even on PostgreSQL 13+: block new"
            + " connections, terminate sessions, drop, retry.")
    boolean noForceDrop;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "" + ResetOptions.DEFAULT_MAX_ATTEMPTS,
            description = "Drop attempts while sessions remain (default: ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Override
    public Integer call() {
        InstanceOptions instance = new InstanceOptions();
        instance.instance = instanceOption;
        instance.envFile = envFile;
        instance.publicEnvFile = publicEnvFile;
        ResetOptions.Builder options = ResetOptions.builder().yes(yes).dryRun(dryRun).forceDrop(!noForceDrop)
                .maxAttempts(maxAttempts);
        Map<String, String> env = this.env.asMap();
        DatabaseResetFlow.run(new DatabaseResetFlow.Request(project.config(), instance.instance(), instance::settings,
                instance.envFile(), options, stopOdoo, stack, env::get, rancher::endpoint, Confirmation.console()),
                spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
