package org.odooplatform.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.database.DatabaseBackup;
import org.odooplatform.flow.IntegrationRefreshFlow;
import org.odooplatform.project.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "refresh", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replaces the integration database with a neutralised copy of prod: dumps prod (read-only),"
                + " restores it as a new database owned by the integration DB_USER, disables crons and mail servers,"
                + " regenerates database.uuid, sets web.base.url, runs odoo/neutralise.sql, then stops odoo and swaps"
                + " the copy in by rename; the previous integration database is kept under a dated name.",
                "The filestore (attachments on S3) is not copied."})
final class DbRefreshCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    DbRefreshCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DbInstanceOptions target;

    @Option(names = "--from", required = true, paramLabel = "prod", converter = InstanceConverter.class,
            description = "The instance copied: prod.")
    Instance from;

    @Option(names = "--from-env-file", required = true, paramLabel = "FILE",
            description = "prod's settings (DB_NAME, DB_USER, DB_PASSWORD): pg_dump logs in as prod's role, read-only.")
    Path fromEnvFile;

    @Option(names = "--from-public-env-file", paramLabel = "FILE", description = "prod's optional non-secret settings.")
    Path fromPublicEnvFile;

    @Mixin
    DbBackupOptions backup;

    @Mixin
    RancherOptions rancher;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "web.base.url of the copy. Default: https://<DOMAIN_NAME of the integration settings>.")
    String baseUrl;

    @Option(names = "--neutralise-sql", paramLabel = "FILE", description = "Project SQL run on the copy after the"
            + " built-in neutralisation, in the same transaction. Default: odoo/neutralise.sql when it exists.")
    Path neutraliseSql;

    @Option(names = "--no-stop-odoo", description = "Do not stop odoo through Rancher (it is known to be stopped);"
            + " sessions on the integration database are terminated at the swap.")
    boolean noStopOdoo;

    @Option(names = "--stack", paramLabel = "NAME", description = "The integration stack (default: the project's).")
    String stack;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "" + DatabaseBackup.DEFAULT_KEEP, converter = BackupCountConverter.class,
            description = "Backups of the prod stack kept (the dump is one; default: ${DEFAULT-VALUE}).")
    int keep;

    @Option(names = "--keep-replaced", paramLabel = "N", defaultValue = "1",
            description = "Replaced integration databases kept under a dated name (default: ${DEFAULT-VALUE}).")
    int keepReplaced;

    @Option(names = "--yes", description = "Confirm that the integration database is replaced (required unless --dry-run).")
    boolean yes;

    @Option(names = "--dry-run", description = "Check settings, server and client tools; say what would be done; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        Map<String, String> env = this.env.asMap();
        IntegrationRefreshFlow.run(new IntegrationRefreshFlow.Request(target.source(), from, fromEnvFile,
                fromPublicEnvFile, backup.tools(env::get), baseUrl, neutraliseSql, noStopOdoo, stack, keep, keepReplaced,
                yes, dryRun, env::get, rancher::endpoint), spec.commandLine().getOut());
        return ExitCode.OK;
    }
}
