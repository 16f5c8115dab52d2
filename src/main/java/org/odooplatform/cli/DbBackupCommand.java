package org.odooplatform.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.Problem;
import org.odooplatform.config.Settings;
import org.odooplatform.database.AdminCredentials;
import org.odooplatform.database.Backup;
import org.odooplatform.database.BackupDirectory;
import org.odooplatform.database.ClusterAdmin;
import org.odooplatform.database.DatabaseBackup;
import org.odooplatform.database.DatabaseClients;
import org.odooplatform.database.InstanceDatabase;
import org.odooplatform.database.MarabuntaTable;
import org.odooplatform.database.MigrationCheck;
import org.odooplatform.database.MigrationStatus;
import org.odooplatform.database.PgTools;
import org.odooplatform.database.ServerVersion;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.project.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Backs up an instance's database with pg_dump -Fc, logged in as its DB_USER in read-only sessions,"
                + " to <backup-dir>/<stack>_<version>_<UTC time>.dump; prints size, duration and SHA-256, and prunes the"
                + " stack's oldest backups beyond --keep.",
                "The host is PGHOST/PGPORT (the cluster); DB_NAME, DB_USER and DB_PASSWORD come from the settings."})
final class DbBackupCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    DbBackupCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectOptions project;

    @Mixin
    InstanceOptions instance;

    @Mixin
    DbBackupOptions backup;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "" + DatabaseBackup.DEFAULT_KEEP, converter = BackupCountConverter.class,
            description = "Backups of the stack kept after this one (default: ${DEFAULT-VALUE}; 0 keeps all).")
    int keep;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "db backup by hand",
            description = "Why it is taken, recorded in its sidecar (default: '${DEFAULT-VALUE}').")
    String reason;

    @Option(names = "--dry-run", description = "Connect, check the client tools and the migration status; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> env = this.env.asMap();
        Resolved r = Resolved.of(project, instance, env::get);
        BackupDirectory directory = backup.directory(env::get);
        DatabaseClients clients = DatabaseClients.of(backup.pgBin(), env::get, out);
        out.println((dryRun ? "db backup (dry run) of " : "db backup of ") + r.database().instance() + " database "
                + r.database().dbName() + " on " + r.admin().address() + " as " + r.database().dbUser());
        ServerVersion server;
        try (ClusterAdmin admin = clients.cluster().connect(r.admin())) {
            server = admin.version();
        }
        PgTools tools = clients.tools().apply(server);
        MarabuntaTable.State state = MarabuntaTable.read(r.database().login(r.admin()));
        out.println("  " + state.describe());
        r.migrationStatus(state).ifPresent(s -> out.println("  the project's migration.yml " + s.summary()));
        String version = state.latestDone().orElse("none");
        if (dryRun) {
            out.println("  would write " + directory.newFile(r.database().stack(), version, Instant.now()) + " with "
                    + tools.dump().path() + " " + tools.dump().version() + " (" + Backup.size(Math.max(0, directory.usableSpace()))
                    + " free there) and keep the newest " + keep + " backups of " + r.database().stack());
            out.println("dry run: nothing was changed.");
            return ExitCode.OK;
        }
        Backup b = DatabaseBackup.run(new DatabaseBackup.Request(r.database(), r.database().login(r.admin()), version,
                reason, keep, backup.timeout), server, tools, directory, out);
        out.println("backup " + b.describe() + " of " + b.database() + " at version " + b.databaseVersion() + " is in "
                + directory.path());
        return ExitCode.OK;
    }

    /** The validated instance database and admin variables of a db command. */
    record Resolved(InstanceDatabase database, AdminCredentials admin, Settings settings, Path projectDir) {

        static Resolved of(ProjectOptions project, InstanceOptions instance, java.util.function.Function<String, String> env) {
            ProjectConfig config = project.config();
            Settings settings = instance.settings();
            List<Problem> problems = new ArrayList<>();
            String client = config.client().orElse(null);
            String stack = client == null ? null : config.stackName(instance.instance());
            if (client == null) {
                problems.add(Problem.error(null, "the client name is needed (stack names, and DB_NAME must not reveal it):"
                        + " give --client NAME or put 'client: NAME' in .odoo-platform.yml"));
            }
            InstanceDatabase db = InstanceDatabase.from(instance.instance(), stack, client, settings, instance.envFile(),
                    problems);
            AdminCredentials admin = AdminCredentials.fromEnvironment(env, problems);
            if (!problems.isEmpty()) {
                throw new BadInputException(problems);
            }
            return new Resolved(db, admin, settings, project.projectDir());
        }

        /** What the project's odoo/migration.yml would do to this database, when the project has one. */
        java.util.Optional<MigrationStatus> migrationStatus(MarabuntaTable.State state) {
            Path file = projectDir.resolve("odoo/migration.yml");
            if (!Files.isRegularFile(file)) {
                return java.util.Optional.empty();
            }
            MigrationFile migration = MigrationFile.load(file);
            if (migration.hasErrors()) {
                throw new BadInputException(migration.problems().stream().filter(Problem::isError).toList());
            }
            return java.util.Optional.of(MigrationCheck.check(migration, state, settings.value("MARABUNTA_ALLOW_SERIE"),
                    settings.value("MARABUNTA_FORCE_VERSION")));
        }
    }
}
