package org.odooplatform.image;

import org.odooplatform.common.OperationFailedException;

/** The registry answered with an unexpected status; the message carries its error code. Exit code 1. */
public class RegistryException extends OperationFailedException {

    private final int status;

    public RegistryException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
