package org.odooplatform.flow;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.config.Setting;
import org.odooplatform.config.Settings;
import org.odooplatform.database.AdminCredentials;
import org.odooplatform.database.ClusterAdmin;
import org.odooplatform.database.DatabaseClients;
import org.odooplatform.database.InstanceDatabase;
import org.odooplatform.database.IntegrationRefresh;
import org.odooplatform.database.Neutraliser;
import org.odooplatform.database.PgTools;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import org.odooplatform.rancher.RancherEndpoint;

/**
 * {@code db refresh}: integration's database becomes a neutralised copy of prod's. The checks run in the order
 * the command always ran them — instances, client, integration settings, prod settings, the stack, names, base
 * URL, project hook, confirmation, admin variables — all before the Rancher endpoint is read; the dry run opens
 * one admin session to name the server and the client tools, and changes nothing.
 */
public final class IntegrationRefreshFlow {

    private static final Pattern URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d+)?(/[A-Za-z0-9._~/-]*)?");

    /**
     * What {@code db refresh} was asked: {@code target} is the integration instance's source, {@code from} the
     * copied instance with its settings files; {@code baseUrl}, {@code neutraliseSql} and {@code stack} may be null.
     */
    public record Request(DatabaseTarget.Source target, Instance from, Path fromEnvFile, Path fromPublicEnvFile,
            BackupTools tools, String baseUrl, Path neutraliseSql, boolean noStopOdoo, String stack, int keep,
            int keepReplaced, boolean yes, boolean dryRun, Function<String, String> env,
            Supplier<RancherEndpoint> rancher) {
    }

    private IntegrationRefreshFlow() {
    }

    public static void run(Request request, PrintWriter out) {
        DatabaseTarget.Source source = request.target();
        ProjectConfig config = source.config();
        List<Problem> problems = new ArrayList<>();
        Instance target = source.instance();
        if (target != Instance.INTEGRATION) {
            problems.add(Problem.error(null, "db refresh writes the integration instance only, not " + target
                    + (target == Instance.PROD ? ": prod is never the target of a refresh" : "")));
        }
        if (request.from() != Instance.PROD) {
            problems.add(Problem.error(null, "--from " + request.from() + ": db refresh copies prod (--from prod)"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        String client = config.client().orElse(null);
        if (client == null) {
            throw new BadInputException("the client name is needed: give --client NAME or put 'client: NAME' in .odoo-platform.yml");
        }
        Settings integrationSettings = source.settings().get();
        Path fromEnvFile = request.fromEnvFile();
        if (!Files.isRegularFile(fromEnvFile)) {
            throw new BadInputException(fromEnvFile, 0, "--from-env-file: file not found");
        }
        Settings prodSettings = Settings.load(request.fromPublicEnvFile(), fromEnvFile);
        if (request.stack() != null) {
            // the odoo to stop must be integration's: checked before anything is touched
            TargetCheck.requireName(config, Instance.INTEGRATION, client, request.stack());
        }
        String integrationStack = request.stack() != null ? request.stack() : config.stackName(Instance.INTEGRATION);
        InstanceDatabase integration = InstanceDatabase.from(Instance.INTEGRATION, integrationStack, client,
                integrationSettings, source.envFile(), problems);
        InstanceDatabase prod = InstanceDatabase.from(Instance.PROD, config.stackName(Instance.PROD), client, prodSettings,
                fromEnvFile, problems);
        String url = request.baseUrl();
        if (url == null) {
            Optional<Setting> domain = integrationSettings.get("DOMAIN_NAME").filter(s -> !s.value().isBlank());
            if (domain.isEmpty()) {
                problems.add(Problem.error(source.envFile(), "DOMAIN_NAME is not set: expected the integration domain"
                        + " (web.base.url of the copy is https://<DOMAIN_NAME>), or give --base-url"));
            } else {
                url = "https://" + domain.get().value().trim();
            }
        }
        if (url != null && !URL.matcher(url).matches()) {
            problems.add(Problem.error(null, "base URL '" + url + "': expected http(s)://host[:port][/path]"));
        }
        Path hook = request.neutraliseSql();
        Path projectHook = source.projectDir().resolve(Neutraliser.PROJECT_HOOK);
        if (hook == null && Files.isRegularFile(projectHook)) {
            hook = projectHook;
        }
        if (hook != null && !Files.isRegularFile(hook)) {
            problems.add(Problem.error(hook, 0, "--neutralise-sql: file not found"));
        }
        if (!request.yes() && !request.dryRun()) {
            problems.add(Problem.error(null, "--yes is missing: db refresh replaces the integration database with a copy"
                    + " of prod; pass --yes to confirm"));
        }
        AdminCredentials admin = AdminCredentials.fromEnvironment(request.env(), problems);
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        boolean noStopOdoo = request.noStopOdoo();
        // read only when odoo is stopped for real: bad RANCHER_* variables are bad input, found before any change
        RancherEndpoint endpoint = noStopOdoo || request.dryRun() ? null : request.rancher().get();
        Neutraliser neutraliser = new Neutraliser(url, Optional.ofNullable(hook));
        BackupTools tools = request.tools();
        IntegrationRefresh.Request refresh = new IntegrationRefresh.Request(prod, integration, neutraliser,
                noStopOdoo ? null : integrationStack, request.keep(), request.keepReplaced(), tools.timeout());
        DatabaseClients clients = tools.clients(request.env(), out);
        if (request.dryRun()) {
            out.println("db refresh (dry run) of integration database " + integration.dbName() + " from prod database "
                    + prod.dbName() + " on " + admin.address());
            try (ClusterAdmin session = clients.cluster().connect(admin)) {
                PgTools pg = clients.tools().apply(session.version());
                out.println("  " + session.version() + "; " + pg.dump().path() + " and " + pg.restore().path() + " "
                        + pg.dump().version());
            }
            out.println("  would dump " + prod.dbName() + " as " + prod.dbUser() + " (read-only) to "
                    + tools.directory().path() + ", restore it as " + integration.dbName() + "_restore owned by "
                    + integration.dbUser() + ", neutralise it (web.base.url " + url + (hook == null ? "" : ", then " + hook)
                    + "), " + (noStopOdoo ? "" : "stop odoo of " + integrationStack + ", ") + "and swap it in");
            out.println("  note: " + IntegrationRefresh.FILESTORE_NOTE);
            out.println("dry run: nothing was changed.");
            return;
        }
        if (endpoint != null) {
            clients = clients.withOdoo(RancherOdooServiceControl.on(endpoint));
        }
        IntegrationRefresh.run(refresh, admin, clients, tools.directory());
    }
}
