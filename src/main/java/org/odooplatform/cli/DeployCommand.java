package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.flow.DeployFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploys an instance's stack to Rancher: validate, plan, pull, upgrade in service, wait healthy,"
                + " finish the upgrade or roll back.",
            "--image is the full Odoo image reference here: REPOSITORY:TAG or REPOSITORY@sha256:DIGEST.",
            "Rancher from RANCHER_URL, RANCHER_ACCESS_KEY, RANCHER_SECRET_KEY.",
            "Integration and prod: the database cluster from PGHOST, PGPORT, PGUSER, PGPASSWORD (as db reset) and the"
                + " instance's DB_NAME, DB_USER, DB_PASSWORD: a release that migrates the database is backed up first"
                + " and the backup restored if the deploy rolls back. Without PGHOST: integration goes on without,"
                + " prod is refused unless --no-backup --approved-by NAME.",
            "Exit codes: 0 deployed (or nothing to do), 1 failed and rolled back, 2 bad input (nothing changed),"
                + " 3 precondition (lock held, pending upgrade on prod, --require-same-as mismatch, a migrating release"
                + " with start_first, no database access on prod)."})
final class DeployCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    DeployCommand(Environment env) {
        this.env = env;
    }

    @Mixin
    DeployOptions options;

    @Option(names = "--dry-run", description = "Validate and print the plan; change nothing (only GET requests).")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var request = options.request(dryRun);
        var database = options.database(env.asMap());
        DeployFlow.run(request, options.rancher.clients(Console.out(spec)).withDatabase(database));
        return ExitCode.OK;
    }
}
