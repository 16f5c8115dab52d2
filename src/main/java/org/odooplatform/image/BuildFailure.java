package org.odooplatform.image;

import org.odooplatform.common.BadInputException;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.ProcessRunner;

/** The errors of a builder CLI, with its last lines (the console already showed the rest). */
final class BuildFailure {

    private BuildFailure() {
    }

    static OperationFailedException of(String what, ProcessRunner.Result result) {
        return new OperationFailedException(what + (result.timedOut() ? " did not finish in time and was killed"
                : " failed with exit code " + result.exitCode()) + "; its last lines:\n  "
                + String.join("\n  ", result.tail()) + "\nfix the cause above and run again");
    }

    static PlatformException login(String builder, RegistryLogin login, ProcessRunner.Result result) {
        String text = String.join("\n", result.tail()).toLowerCase(java.util.Locale.ROOT);
        String detail = String.join("\n  ", result.tail());
        if (text.contains("unauthorized") || text.contains("401") || text.contains("username/password")
                || text.contains("incorrect username or password")) {
            return new BadInputException(builder + " login to " + login.host() + " as '" + login.credential().username()
                    + "' was rejected (credentials from " + login.credential().source() + "): fix the user or password\n  " + detail);
        }
        return new OperationFailedException(builder + " login to " + login.host() + " failed with exit code "
                + result.exitCode() + ":\n  " + detail + "\ncheck that the registry is reachable");
    }
}
