package org.odooplatform.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ExitCode;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.release.ReleaseCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Checks that odoo/migration.yml has an entry for the version in odoo/VERSION.",
                "Exit 3 when it has none, 2 when a file is missing or malformed."})
final class ReleaseCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The Odoo project's root directory. Default: the current directory.")
    Path project;

    @Override
    public Integer call() {
        if (!Files.isDirectory(project)) {
            throw new BadInputException(project, 0, "project directory not found: expected the root of an Odoo project");
        }
        MigrationFile.Entry entry = ReleaseCheck.run(project);
        spec.commandLine().getOut().println("odoo/migration.yml:" + entry.line() + ": has an entry for "
                + entry.version() + " (odoo/VERSION)");
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
