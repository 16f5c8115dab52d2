package org.odooplatform.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ExitCode;
import org.odooplatform.release.ReleaseNotes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "notes", mixinStandardHelpOptions = true,
        description = {"Prints a released version's HISTORY.rst section (for the annotated tag's message).",
                "Exit 3 when HISTORY.rst has no section for the version."})
final class ReleaseNotesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The Odoo project's root directory. Default: the current directory.")
    Path project;

    @Parameters(arity = "0..1", paramLabel = "X.Y.Z", description = "The version. Default: the one in odoo/VERSION.")
    String version;

    @Override
    public Integer call() {
        if (!Files.isDirectory(project)) {
            throw new BadInputException(project, 0, "project directory not found: expected the root of an Odoo project");
        }
        spec.commandLine().getOut().println(ReleaseNotes.of(project, version));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
