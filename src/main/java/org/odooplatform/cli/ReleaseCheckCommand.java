package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "check", mixinStandardHelpOptions = true, description = "Checks that migration.yml has an entry for odoo/VERSION.")
final class ReleaseCheckCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'check' is not implemented yet");
    }
}
