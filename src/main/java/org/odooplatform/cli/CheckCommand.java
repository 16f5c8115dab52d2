package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "check", mixinStandardHelpOptions = true, description = "Validates an instance's settings and compose files; reports every problem with file and line.")
final class CheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'check' is not implemented yet");
    }
}
