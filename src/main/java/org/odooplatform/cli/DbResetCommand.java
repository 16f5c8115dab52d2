package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "reset", mixinStandardHelpOptions = true, description = "Drops and recreates the integration database.")
final class DbResetCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'reset' is not implemented yet");
    }
}
