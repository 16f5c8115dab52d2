package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "build", mixinStandardHelpOptions = true, description = "Builds the Odoo image from odoo/Dockerfile.")
final class ImageBuildCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'build' is not implemented yet");
    }
}
