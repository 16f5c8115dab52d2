package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.OperationFailedException;
import picocli.CommandLine.Command;

// Placeholder until its issue lands; replaced by the real command.
@Command(name = "resolve", mixinStandardHelpOptions = true, description = "Prints the digest of an image tag.")
final class ImageResolveCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new OperationFailedException("'resolve' is not implemented yet");
    }
}
