package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "init-settings", mixinStandardHelpOptions = true, description = "Writes a complete settings file for a new instance, with generated names and passwords.")
final class InitSettingsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'init-settings' is not implemented yet");
    }
}
