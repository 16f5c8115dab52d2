package org.odooplatform.common;

/** A precondition is not met (lock held, tag already released, version missing). Exit code 3. */
public class PreconditionException extends PlatformException {

    public PreconditionException(String message) {
        super(message, null);
    }

    @Override
    public int exitCode() {
        return ExitCode.PRECONDITION;
    }
}
