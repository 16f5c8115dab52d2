package org.odooplatform.flow;

import java.util.function.Supplier;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.rancher.DeployInterruptedException;

/**
 * The commands that only read Rancher ({@code diff}, {@code deploy --dry-run}, {@code status}): a
 * Rancher that fails after the first contact changed nothing, so it is reported like a failure
 * before any change (exit 2, "nothing was changed"), as {@link FailureReport} does for a deploy that
 * had requested no change yet.
 */
public final class ReadOnlyCalls {

    private ReadOnlyCalls() {
    }

    public static <T> T run(Supplier<T> reads) {
        try {
            return reads.get();
        } catch (DeployInterruptedException e) {
            throw e;
        } catch (OperationFailedException e) {
            throw new BadInputException(e.getMessage() + " (only reads had been sent to Rancher)", e);
        }
    }
}
