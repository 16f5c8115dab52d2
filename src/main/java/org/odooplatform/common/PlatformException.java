package org.odooplatform.common;

/**
 * Base of the domain exceptions. Each says what went wrong and what to do, and maps to one exit
 * code; the CLI maps them in one place ({@code cli.ExitCodes}).
 */
public abstract class PlatformException extends RuntimeException {

    protected PlatformException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract int exitCode();
}
