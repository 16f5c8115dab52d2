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

    @Option(names = "--strict", description = "Fail on warnings too (ODOO_CLOUD_PLATFORM_UNSAFE=1 on test/integration, an empty value a compose file uses, ...).")
    boolean strict;

    @Override
    public Integer call() {
        Instance instance = instanceOptions.instance();
        String client = project.config().requireClient();
        if (!instanceOptions.hasEnvFile()) {
            throw new BadInputException("--env-file FILE is required: the instance settings (the former rancher.env)");
        }
        SettingsCheck.Report report = SettingsCheck.run(project.projectDir(), instance, client,
                project.config().image().orElse(null), instanceOptions.publicEnvFile, instanceOptions.envFile());
        PrintWriter out = spec.commandLine().getOut();
        for (Problem problem : report.problems()) {
            Problem shown = new Problem(problem.severity(), relative(problem.file()), problem.line(), problem.message());
            out.println(strict && !shown.isError() ? shown.asError() : shown);
        }
        String where = client + " " + instance + " (" + relative(instanceOptions.envFile())
                + (report.composeFile() == null ? "" : ", " + relative(report.composeFile())) + ")";
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

    /** Paths under the working directory print relative to it, as the user typed them. */
    private static java.nio.file.Path relative(java.nio.file.Path file) {
        if (file == null) {
            return null;
        }
        java.nio.file.Path cwd = java.nio.file.Paths.get("").toAbsolutePath();
        java.nio.file.Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) && !absolute.equals(cwd) ? cwd.relativize(absolute) : file;
    }

    private static String plural(String word, long n) {
        return n == 1 ? word : word + "s";
    }
}
