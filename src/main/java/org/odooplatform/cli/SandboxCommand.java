package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "sandbox", mixinStandardHelpOptions = true, description = "Runs master, tag and promote flows of the sample project against the simulator.")
final class SandboxCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'sandbox' is not implemented yet");
    }
}
