package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "status", mixinStandardHelpOptions = true, description = "Prints what runs on an instance's stack.")
final class StatusCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'status' is not implemented yet");
    }
}
