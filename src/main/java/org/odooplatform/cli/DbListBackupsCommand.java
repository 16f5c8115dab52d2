package org.odooplatform.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.database.Backup;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.project.Instance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "list-backups", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Lists the backups of the backup directory (of one instance's stack with --instance), oldest first.")
final class DbListBackupsCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    DbListBackupsCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectOptions project;

    @Option(names = "--instance", paramLabel = "integration|prod", converter = InstanceConverter.class,
            description = "Only the backups of this instance's stack.")
    Instance instance;

    @Mixin
    DbBackupOptions backup;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> env = this.env.asMap();
        BackupDirectory directory = backup.directory(env::get);
        String stack = instance == null ? null : project.config().stackName(instance);
        List<Backup> all = directory.list(stack);
        out.println(all.size() + " backup" + (all.size() == 1 ? "" : "s") + (stack == null ? "" : " of " + stack) + " in "
                + directory.path());
        if (!all.isEmpty()) {
            out.printf("  %-52s %10s %8s  %-10s %-20s %s%n", "file", "size", "took", "version", "taken (UTC)", "reason / sha256");
        }
        for (Backup b : all) {
            out.printf("  %-52s %10s %8s  %-10s %-20s %s%n", b.file().getFileName(), Backup.size(b.sizeBytes()),
                    Backup.seconds(b.duration()), b.databaseVersion(), b.createdAt().toString().substring(0, 19),
                    b.reason());
            out.printf("  %-52s %10s %8s  %-10s %-20s %s%n", "", "", "", "", "", b.sha256());
        }
        for (Path p : directory.incomplete()) {
            out.println("  incomplete (never restored): " + p.getFileName());
        }
        return ExitCode.OK;
    }
}
