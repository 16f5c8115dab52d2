package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.PlatformException;
import org.odooplatform.flow.DeployFlow;
import org.odooplatform.rancher.StackPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Prints what 'deploy' with the same options would change, service by service (secret values masked).",
            "Exit codes: 0 nothing would change, 1 something would, 2 error. Only GET requests are made."})
final class DiffCommand implements Callable<Integer> {

    @Mixin
    DeployOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StackPlan plan;
        try {
            plan = DeployFlow.plan(options.request(true), options.rancher.clients(Console.out(spec)));
        } catch (BadInputException e) {
            throw e;
        } catch (PlatformException e) {
            // exit 1 means "changes" here, so every error is 2
            throw new BadInputException(e.getMessage(), e);
        }
        return plan.hasChanges() ? ExitCode.FAILED : ExitCode.OK;
    }
}
