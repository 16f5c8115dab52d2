package org.odooplatform.common;

/** The process exit codes every command shares (README.md, "Exit codes"). */
public final class ExitCode {
    /** The operation did what it said. */
    public static final int OK = 0;
    /** The operation failed after it started; cleanup or rollback has run. */
    public static final int FAILED = 1;
    /** Bad input or configuration: nothing was changed. */
    public static final int BAD_INPUT = 2;
    /** A precondition is not met (lock held, version not on integration, tag exists...). */
    public static final int PRECONDITION = 3;
    /**
     * {@code diff} only: the plan has changes. Its own code, so that a caller never mistakes a crash (1),
     * bad input (2) or an unmet precondition (3) for "there is something to approve".
     */
    public static final int CHANGES = 4;

    private ExitCode() {
    }
}
