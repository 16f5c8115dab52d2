package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "notes", mixinStandardHelpOptions = true, description = "Prints a released version's HISTORY.rst section.")
final class ReleaseNotesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'notes' is not implemented yet");
    }
}
