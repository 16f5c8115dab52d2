package org.odooplatform.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.odooplatform.common.BadInputException;
import org.odooplatform.project.ProjectConfig;
import picocli.CommandLine.Option;

/** {@code --project}, {@code --client}: shared by every project command ({@link ImageOptions} for those that take an image). */
public final class ProjectOptions {

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The Odoo project's root directory (holds odoo/ and rancher/). Default: the current directory.")
    Path project;

    @Option(names = "--client", paramLabel = "NAME",
            description = "Client short name (stacks are <client>-odoo-<instance>). Overrides 'client' of .odoo-platform.yml.")
    String client;

    public Path projectDir() {
        Path dir = project == null ? Paths.get(".") : project;
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, 0, "project directory not found: expected the root of an Odoo project");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** The project's configuration with --client applied. */
    public ProjectConfig config() {
        return ProjectConfig.load(projectDir()).withOverrides(client, null, null);
    }
}
