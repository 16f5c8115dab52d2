package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "publish", mixinStandardHelpOptions = true, description = "Pushes an image and prints its digest.")
final class ImagePublishCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'publish' is not implemented yet");
    }
}
