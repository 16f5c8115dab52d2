package org.odooplatform.cli;

import java.io.PrintWriter;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.SecretMasker;
import picocli.CommandLine;

/** The one place where exceptions become exit codes and messages (DESIGN.md, "Contracts"). */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        SecretMasker masker = SecretMasker.global();
        if (e instanceof BadInputException bad) {
            bad.problems().forEach(p -> err.println(masker.mask(p.toString())));
            err.println("nothing was changed.");
        } else if (e instanceof PlatformException platform) {
            err.println(masker.mask("error: " + platform.getMessage()));
        } else {
            err.println(masker.mask("internal error: " + e));
            if (System.getenv("ODOO_PLATFORM_DEBUG") != null) {
                java.io.StringWriter trace = new java.io.StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                err.println(masker.mask(trace.toString()));
            }
            err.flush();
            return ExitCode.FAILED;
        }
        err.flush();
        return ((PlatformException) e).exitCode();
    }
}
