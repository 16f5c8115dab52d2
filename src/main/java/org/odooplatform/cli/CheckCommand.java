package org.odooplatform.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.Problem;
import org.odooplatform.config.SettingsCheck;
import org.odooplatform.project.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates an instance's settings and compose files against the platform rules;"
                + " reports every problem with file and line, then a summary.",
                "Exit 2 when there is an error (or, with --strict, a warning)."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectOptions project;

    @Mixin
    InstanceOptions instanceOptions;

    @Option(names = "--strict", description = "Fail on warnings too (ODOO_CLOUD_PLATFORM_UNSAFE=1, unexpected names...).")
    boolean strict;

    @Override
    public Integer call() {
        Instance instance = instanceOptions.instance();
        String client = project.config().requireClient();
        if (!instanceOptions.hasEnvFile()) {
            throw new BadInputException("--env-file FILE is required: the instance settings (the former rancher.env)");
        }
        SettingsCheck.Report report = SettingsCheck.run(project.projectDir(), instance, client,
                instanceOptions.publicEnvFile, instanceOptions.envFile());
        PrintWriter out = spec.commandLine().getOut();
        for (Problem problem : report.problems()) {
            out.println(strict && !problem.isError() ? problem.asError() : problem);
        }
        String where = client + " " + instance + " (" + instanceOptions.envFile()
                + (report.composeFile() == null ? "" : ", " + report.composeFile()) + ")";
        if (report.problems().isEmpty()) {
            out.println("ok: " + where + ": " + report.variables() + " settings, no problem found");
        } else {
            out.println((report.passes(strict) ? "ok: " : "failed: ") + where + ": " + report.errors()
                    + plural(" error", report.errors()) + ", " + report.warnings()
                    + plural(" warning", report.warnings()) + (strict && report.warnings() > 0 ? " (--strict)" : ""));
        }
        out.flush();
        return report.passes(strict) ? ExitCode.OK : ExitCode.BAD_INPUT;
    }

    private static String plural(String word, long n) {
        return n == 1 ? word : word + "s";
    }
}
