package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "rancher-simulator", mixinStandardHelpOptions = true, description = "Runs the Rancher 1.6 API simulator on 127.0.0.1.")
final class RancherSimulatorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'rancher-simulator' is not implemented yet");
    }
}
