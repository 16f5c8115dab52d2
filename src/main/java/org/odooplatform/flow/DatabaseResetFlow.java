package org.odooplatform.flow;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import org.odooplatform.config.Settings;
import org.odooplatform.database.Confirmation;
import org.odooplatform.database.DatabaseReset;
import org.odooplatform.database.ResetClients;
import org.odooplatform.database.ResetOptions;
import org.odooplatform.database.ResetRequest;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import org.odooplatform.rancher.RancherEndpoint;

/**
 * {@code db reset}: the stack whose odoo is stopped (checked to be integration's before the
 * database is looked at), the reset request, and the Rancher wiring of {@code --stop-odoo}.
 * Settings and the Rancher endpoint are suppliers so they are read in the order the command
 * always read them: target check, settings, request, endpoint — all before the first change.
 */
public final class DatabaseResetFlow {

    /** What {@code db reset} was asked; {@code stack} null for the project's default. */
    public record Request(ProjectConfig config, Instance target, Supplier<Settings> settings, Path envFile,
            ResetOptions.Builder options, boolean stopOdoo, String stack, Function<String, String> env,
            Supplier<RancherEndpoint> rancher, Confirmation confirmation) {
    }

    private DatabaseResetFlow() {
    }

    public static void run(Request request, PrintWriter out) {
        ProjectConfig config = request.config();
        Instance target = request.target();
        String client = config.client().orElse(null);
        String stackName = request.stack();
        if (request.stopOdoo() && stackName == null && client != null && target == Instance.INTEGRATION) {
            stackName = config.stackName(target);
        }
        if (request.stopOdoo() && target == Instance.INTEGRATION && (request.stack() != null || client != null)) {
            // the odoo to stop must be integration's: checked before the database is even looked at
            TargetCheck.requireName(config, target, client, request.stack());
        }
        ResetOptions options = request.options().stopOdoo(request.stopOdoo()).stack(stackName).build();
        ResetRequest reset = ResetRequest.from(target, client, request.settings().get(), request.envFile(), options,
                request.env()::apply);
        ResetClients clients = ResetClients.of(out).withConfirmation(request.confirmation());
        if (request.stopOdoo()) {
            // read and checked before anything is touched: bad RANCHER_* variables are bad input
            clients = clients.withOdoo(RancherOdooServiceControl.on(request.rancher().get()));
        }
        DatabaseReset.run(reset, clients);
    }
}
