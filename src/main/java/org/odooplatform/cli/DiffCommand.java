package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "diff", mixinStandardHelpOptions = true, description = "Prints what a deploy would change; exit 0 when nothing, 1 when something.")
final class DiffCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'diff' is not implemented yet");
    }
}
