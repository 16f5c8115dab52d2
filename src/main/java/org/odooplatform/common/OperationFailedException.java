package org.odooplatform.common;

/** An operation started and failed; cleanup or rollback has run. Exit code 1. */
public class OperationFailedException extends PlatformException {

    public OperationFailedException(String message) {
        super(message, null);
    }

    public OperationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int exitCode() {
        return ExitCode.FAILED;
    }
}
