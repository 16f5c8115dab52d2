package org.odooplatform.cli;

import java.io.PrintWriter;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.SecretMasker;
import picocli.CommandLine;

/** The one place where exceptions become exit codes and messages (README.md, "Exit codes"). */
final class ExitCodes implements CommandLine.IExecutionExceptionHandler {

    /** The run's environment: ODOO_PLATFORM_DEBUG asks for stack traces. */
    private final Environment env;

    ExitCodes(Environment env) {
        this.env = env;
    }

    /**
     * A bad option or value: the message, where to read the usage, and that nothing was changed (exit 2), like any
     * other bad input. The full usage is not dumped: it buried the one line that says what was wrong.
     */
    static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        SecretMasker masker = SecretMasker.global();
        err.println(masker.mask("error: " + org.odooplatform.flow.DeployMetadata.printable(e.getMessage())));
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            unmatched.getSuggestions().stream().limit(3).findAny().ifPresent(s -> err.println("did you mean "
                    + String.join(" or ", unmatched.getSuggestions().stream().limit(3).toList()) + "?"));
        }
        err.println("see: " + cl.getCommandSpec().qualifiedName() + " --help");
        err.println("nothing was changed.");
        err.flush();
        return ExitCode.BAD_INPUT;
    }

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
            if (env.get("ODOO_PLATFORM_DEBUG").isPresent()) {
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
