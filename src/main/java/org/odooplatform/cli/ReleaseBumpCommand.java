package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "bump", mixinStandardHelpOptions = true, description = "Bumps the version like the old 'invoke release.bump'.")
final class ReleaseBumpCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'bump' is not implemented yet");
    }
}
