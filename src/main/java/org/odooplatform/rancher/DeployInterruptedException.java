package org.odooplatform.rancher;

import org.odooplatform.common.OperationFailedException;

/**
 * The deploy's thread was interrupted (the job was aborted). Nothing is cleaned up on purpose:
 * an aborted process could not either, and the next deploy converges from whatever state is left.
 */
public class DeployInterruptedException extends OperationFailedException {
    public DeployInterruptedException(String message) {
        super(message + ": run the deploy again, it resumes from the stack's current state");
    }
}
