package org.odooplatform.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.config.Settings;
import org.odooplatform.database.AdminCredentials;
import org.odooplatform.database.InstanceDatabase;
import org.odooplatform.database.MarabuntaTable;
import org.odooplatform.database.MigrationCheck;
import org.odooplatform.database.MigrationStatus;
import org.odooplatform.project.Instance;
import org.odooplatform.project.MigrationFile;
import org.odooplatform.project.ProjectConfig;

/**
 * The validated instance database and cluster admin variables of {@code db backup} and {@code db restore}:
 * one place for the client-name rule and the settings checks both commands apply before touching anything.
 */
public record DatabaseTarget(InstanceDatabase database, AdminCredentials admin, Settings settings, Path projectDir) {

    /** Which instance a db command is about: the project, the instance, its settings (read lazily, in order). */
    public record Source(ProjectConfig config, Path projectDir, Instance instance, Supplier<Settings> settings,
            Path envFile) {
    }

    /** Settings first, then the client name, the database names and the admin variables: all problems at once. */
    public static DatabaseTarget resolve(Source source, Function<String, String> env) {
        ProjectConfig config = source.config();
        Settings settings = source.settings().get();
        List<Problem> problems = new ArrayList<>();
        String client = config.client().orElse(null);
        String stack = client == null ? null : config.stackName(source.instance());
        if (client == null) {
            problems.add(Problem.error(null, "the client name is needed (stack names, and DB_NAME must not reveal it):"
                    + " give --client NAME or put 'client: NAME' in .odoo-platform.yml"));
        }
        InstanceDatabase db = InstanceDatabase.from(source.instance(), stack, client, settings, source.envFile(), problems);
        AdminCredentials admin = AdminCredentials.fromEnvironment(env, problems);
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        return new DatabaseTarget(db, admin, settings, source.projectDir());
    }

    /** What the project's odoo/migration.yml would do to this database, when the project has one. */
    public Optional<MigrationStatus> migrationStatus(MarabuntaTable.State state) {
        Path file = projectDir.resolve("odoo/migration.yml");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        MigrationFile migration = MigrationFile.load(file);
        if (migration.hasErrors()) {
            throw new BadInputException(migration.problems().stream().filter(Problem::isError).toList());
        }
        return Optional.of(MigrationCheck.check(migration, state, settings.value("MARABUNTA_ALLOW_SERIE"),
                settings.value("MARABUNTA_FORCE_VERSION")));
    }
}
