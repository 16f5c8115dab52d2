package org.odooplatform.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.Problem;
import org.odooplatform.config.Setting;
import org.odooplatform.config.Settings;
import org.odooplatform.database.AdminCredentials;
import org.odooplatform.database.ClusterAdmin;
import org.odooplatform.database.DatabaseBackup;
import org.odooplatform.database.DatabaseClients;
import org.odooplatform.database.InstanceDatabase;
import org.odooplatform.database.IntegrationRefresh;
import org.odooplatform.database.Neutraliser;
import org.odooplatform.database.PgTools;
import org.odooplatform.flow.RancherOdooServiceControl;
import org.odooplatform.flow.TargetCheck;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import org.odooplatform.rancher.RancherEndpoint;
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

    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~/-]*)?");

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectOptions project;

    @Mixin
    InstanceOptions instance;

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
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> env = this.env.asMap();
        ProjectConfig config = project.config();
        List<Problem> problems = new ArrayList<>();
        Instance target = instance.instance();
        if (target != Instance.INTEGRATION) {
            problems.add(Problem.error(null, "db refresh writes the integration instance only, not " + target
                    + (target == Instance.PROD ? ": prod is never the target of a refresh" : "")));
        }
        if (from != Instance.PROD) {
            problems.add(Problem.error(null, "--from " + from + ": db refresh copies prod (--from prod)"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        String client = config.client().orElse(null);
        if (client == null) {
            throw new BadInputException("the client name is needed: give --client NAME or put 'client: NAME' in .odoo-platform.yml");
        }
        Settings integrationSettings = instance.settings();
        if (!Files.isRegularFile(fromEnvFile)) {
            throw new BadInputException(fromEnvFile, 0, "--from-env-file: file not found");
        }
        Settings prodSettings = Settings.load(fromPublicEnvFile, fromEnvFile);
        if (stack != null) {
            // the odoo to stop must be integration's: checked before anything is touched
            TargetCheck.requireName(config, Instance.INTEGRATION, client, stack);
        }
        String integrationStack = stack != null ? stack : config.stackName(Instance.INTEGRATION);
        InstanceDatabase integration = InstanceDatabase.from(Instance.INTEGRATION, integrationStack, client,
                integrationSettings, instance.envFile(), problems);
        InstanceDatabase prod = InstanceDatabase.from(Instance.PROD, config.stackName(Instance.PROD), client, prodSettings,
                fromEnvFile, problems);
        String url = baseUrl;
        if (url == null) {
            Optional<Setting> domain = integrationSettings.get("DOMAIN_NAME").filter(s -> !s.value().isBlank());
            if (domain.isEmpty()) {
                problems.add(Problem.error(instance.envFile(), "DOMAIN_NAME is not set: expected the integration domain"
                        + " (web.base.url of the copy is https://<DOMAIN_NAME>), or give --base-url"));
            } else {
                url = "https://" + domain.get().value().trim();
            }
        }
        if (url != null && !URL.matcher(url).matches()) {
            problems.add(Problem.error(null, "base URL '" + url + "': expected http(s)://host[:port][/path]"));
        }
        Path hook = neutraliseSql;
        if (hook == null && Files.isRegularFile(project.projectDir().resolve(Neutraliser.PROJECT_HOOK))) {
            hook = project.projectDir().resolve(Neutraliser.PROJECT_HOOK);
        }
        if (hook != null && !Files.isRegularFile(hook)) {
            problems.add(Problem.error(hook, 0, "--neutralise-sql: file not found"));
        }
        if (!yes && !dryRun) {
            problems.add(Problem.error(null, "--yes is missing: db refresh replaces the integration database with a copy"
                    + " of prod; pass --yes to confirm"));
        }
        AdminCredentials admin = AdminCredentials.fromEnvironment(env::get, problems);
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        RancherEndpoint endpoint = noStopOdoo || dryRun ? null : rancher.endpoint();
        Neutraliser neutraliser = new Neutraliser(url, Optional.ofNullable(hook));
        IntegrationRefresh.Request request = new IntegrationRefresh.Request(prod, integration, neutraliser,
                noStopOdoo ? null : integrationStack, keep, keepReplaced, backup.timeout);
        DatabaseClients clients = DatabaseClients.of(backup.pgBin(), env::get, out);
        if (dryRun) {
            out.println("db refresh (dry run) of integration database " + integration.dbName() + " from prod database "
                    + prod.dbName() + " on " + admin.address());
            try (ClusterAdmin session = clients.cluster().connect(admin)) {
                PgTools tools = clients.tools().apply(session.version());
                out.println("  " + session.version() + "; " + tools.dump().path() + " and " + tools.restore().path() + " "
                        + tools.dump().version());
            }
            out.println("  would dump " + prod.dbName() + " as " + prod.dbUser() + " (read-only) to "
                    + backup.directory(env::get).path() + ", restore it as " + integration.dbName() + "_restore owned by "
                    + integration.dbUser() + ", neutralise it (web.base.url " + url + (hook == null ? "" : ", then " + hook)
                    + "), " + (noStopOdoo ? "" : "stop odoo of " + integrationStack + ", ") + "and swap it in");
            out.println("  note: " + IntegrationRefresh.FILESTORE_NOTE);
            out.println("dry run: nothing was changed.");
            return ExitCode.OK;
        }
        if (endpoint != null) {
            clients = clients.withOdoo(RancherOdooServiceControl.on(endpoint));
        }
        IntegrationRefresh.run(request, admin, clients, backup.directory(env::get));
        return ExitCode.OK;
    }
}
