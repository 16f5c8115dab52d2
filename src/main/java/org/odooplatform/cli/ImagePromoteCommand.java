package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "promote", mixinStandardHelpOptions = true, description = "Tags an existing image by digest, without pulling or pushing layers.")
final class ImagePromoteCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'promote' is not implemented yet");
    }
}
