package org.odooplatform.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.odooplatform.common.BadInputException;
import org.odooplatform.config.Settings;
import org.odooplatform.flow.DatabaseTarget;
import org.odooplatform.project.Instance;
import picocli.CommandLine.Option;

/** {@code --instance}, {@code --env-file}, {@code --public-env-file}: which instance, and its settings. */
public final class InstanceOptions {

    @Option(names = "--instance", required = true, paramLabel = "test|integration|prod",
            converter = InstanceConverter.class, description = "The instance: test, integration or prod.")
    Instance instance;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "The instance settings (the former rancher.env: 'export KEY=value' lines). In Jenkins: a Secret file credential.")
    Path envFile;

    @Option(names = "--public-env-file", paramLabel = "FILE",
            description = "Optional non-secret settings (the former rancher.public.env), read before --env-file.")
    Path publicEnvFile;

    public Instance instance() {
        return instance;
    }

    public boolean hasEnvFile() {
        return envFile != null;
    }

    public Path envFile() {
        return envFile;
    }

    /** The instance of a db command with the project; its settings are read when the flow asks for them. */
    DatabaseTarget.Source source(ProjectOptions project) {
        return new DatabaseTarget.Source(project.config(), project.projectDir(), instance, this::settings, envFile);
    }

    /** Reads the settings; a missing or malformed file is a {@link BadInputException}. */
    public Settings settings() {
        if (envFile == null) {
            throw new BadInputException("--env-file FILE is required: the instance settings (the former rancher.env)");
        }
        requireFile(envFile, "--env-file");
        if (publicEnvFile != null) {
            requireFile(publicEnvFile, "--public-env-file");
        }
        return Settings.load(publicEnvFile, envFile);
    }

    private static void requireFile(Path file, String option) {
        if (!Files.exists(file)) {
            throw new BadInputException(file, 0, option + ": file not found");
        }
    }
}
