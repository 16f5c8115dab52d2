package org.odooplatform.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "odoo-platform",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Builds, releases and deploys Odoo projects to Rancher 1.6 stacks.",
            "Exit codes: 0 ok, 1 failed (after cleanup/rollback), 2 bad input (nothing changed),"
                    + " 3 precondition not met, 4 (diff only) there are changes."
        },
        subcommands = {
            CheckCommand.class,
            InitSettingsCommand.class,
            ReleaseCommand.class,
            ImageCommand.class,
            DeployCommand.class,
            DiffCommand.class,
            StackNameCommand.class,
            StatusCommand.class,
            RollbackCommand.class,
            DbCommand.class,
            RancherSimulatorCommand.class,
            SandboxCommand.class,
            EnvironmentCommand.class,
            CommandLine.HelpCommand.class
        })
public final class OdooPlatformCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT;
    }

    /** The configured command line: shared exception mapping and output streams. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new OdooPlatformCommand());
        cl.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cl.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cl.setExecutionExceptionHandler(new ExitCodes());
        cl.setParameterExceptionHandler(ExitCodes::handleParameterException);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // plain text even on a terminal: the console streams escape every control sequence (MaskingPrintStream)
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return cl;
    }
}
