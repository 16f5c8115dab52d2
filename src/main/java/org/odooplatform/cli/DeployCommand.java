package org.odooplatform.cli;

import java.util.concurrent.Callable;
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
            "Exit codes: 0 deployed (or nothing to do), 1 failed and rolled back, 2 bad input (nothing changed),"
                + " 3 precondition (lock held, pending upgrade on prod, --require-same-as mismatch)."})
final class DeployCommand implements Callable<Integer> {

    @Mixin
    DeployOptions options;

    @Option(names = "--dry-run", description = "Validate and print the plan; change nothing (only GET requests).")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DeployFlow.run(options.request(dryRun), options.rancher.clients(Console.out(spec)));
        return ExitCode.OK;
    }
}
