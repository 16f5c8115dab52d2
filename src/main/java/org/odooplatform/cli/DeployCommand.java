package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "deploy", mixinStandardHelpOptions = true, description = "Deploys an instance's stack to Rancher: plan, upgrade, wait healthy, finish or roll back.")
final class DeployCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'deploy' is not implemented yet");
    }
}
