package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import org.odooplatform.flow.DeployFlow;
import org.odooplatform.rancher.StackPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Prints what 'deploy' with the same options would change, service by service (secret values masked).",
            "Only GET requests are made.",
            "Exit codes: 0 nothing would change, 4 something would change; otherwise what 'deploy --dry-run' exits with:"
                + " 1 failed, 2 bad input, 3 precondition not met (e.g. --require-same-as: that instance runs another image)."})
final class DiffCommand implements Callable<Integer> {

    @Mixin
    DeployOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // Errors keep their own exit code (ExitCodes), the same as deploy --dry-run's: "changes" has a code of its own.
        StackPlan plan = DeployFlow.plan(options.request(true), options.rancher.clients(Console.out(spec)));
        return plan.hasChanges() ? ExitCode.CHANGES : ExitCode.OK;
    }
}
