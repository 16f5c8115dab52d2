package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Rolls an instance back to its previous version.")
final class RollbackCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'rollback' is not implemented yet");
    }
}
