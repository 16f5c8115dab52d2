package org.odooplatform.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ExitCode;
import org.odooplatform.release.BumpKind;
import org.odooplatform.release.BumpResult;
import org.odooplatform.release.ReleaseBump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bump", mixinStandardHelpOptions = true,
        description = {"Bumps the version like the old 'invoke release.bump': odoo/VERSION, HISTORY.rst,"
                + " odoo/migration.yml and the odoo image tag of rancher/integration/docker-compose.yml.",
                "Checks every file before writing any; exit 2 and nothing changed if one is missing or malformed."})
final class ReleaseBumpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The Odoo project's root directory. Default: the current directory.")
    java.nio.file.Path project;

    @Option(names = "--feature", description = "A feature release: x.y.z -> x.(y+1).0.")
    boolean feature;

    @Option(names = "--patch", description = "A patch release: x.y.z -> x.y.(z+1).")
    boolean patch;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Release date in HISTORY.rst. Default: today.")
    String date;

    @Option(names = "--list-changed",
            description = "End with one line 'changed: PATH' per file written (relative to --project), the files to commit"
                    + " and no others (what Jenkins' bumpRelease stages).")
    boolean listChanged;

    @Option(names = "--dry-run", description = "Print the unified diff of every change and write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (feature == patch) {
            throw new BadInputException("give exactly one of --feature (x.y.z -> x.(y+1).0) or --patch (x.y.z -> x.y.(z+1))");
        }
        LocalDate day;
        try {
            day = date == null ? LocalDate.now() : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new BadInputException("--date '" + date + "' is not a date: expected YYYY-MM-DD");
        }
        if (!java.nio.file.Files.isDirectory(project)) {
            throw new BadInputException(project, 0, "project directory not found: expected the root of an Odoo project");
        }
        BumpResult result = ReleaseBump.run(project, feature ? BumpKind.FEATURE : BumpKind.PATCH, day, dryRun);
        PrintWriter out = spec.commandLine().getOut();
        result.warnings().forEach(w -> spec.commandLine().getErr().println(w));
        spec.commandLine().getErr().flush();
        if (dryRun) {
            out.print(result.diff());
        }
        out.println((dryRun ? "version would change to " : "version changed to ") + result.newVersion()
                + " (was " + result.oldVersion() + ")");
        out.println(result.migrationEntry()
                .map(e -> "odoo/migration.yml: appended '" + e.strip() + "'")
                .orElse("odoo/migration.yml: already has an entry for " + result.newVersion() + ", not changed"));
        result.composeChanges().forEach(c -> out.println(c.file() + ":" + c.line() + ": '" + c.before().strip()
                + "' -> '" + c.after().strip() + "'"));
        result.composeNote().ifPresent(out::println);
        out.println("HISTORY.rst:" + result.historyLine() + ": added section '" + result.historyHeader() + "'");
        if (dryRun) {
            out.println("dry run: nothing was written.");
        } else {
            out.println("you should probably clean HISTORY.rst (remove empty sections, whitespaces, ...)");
            out.println("and commit + tag the changes:");
            out.println("  git add odoo/VERSION HISTORY.rst odoo/migration.yml"
                    + result.composeChanges().stream().map(c -> " " + c.file()).distinct().reduce("", String::concat));
            out.println("  git commit -m \"Release " + result.newVersion() + "\"");
            out.println("  git tag -a " + result.newVersion() + " -m \"$(odoo-platform release notes "
                    + result.newVersion() + ")\"");
        }
        if (listChanged) {
            result.changes().forEach(c -> out.println("changed: " + c.relative()));
        }
        out.flush();
        return ExitCode.OK;
    }
}
