package org.odooplatform.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.odooplatform.common.BadInputException;
import org.odooplatform.project.ProjectConfig;
import picocli.CommandLine.Option;

/** {@code --project}, {@code --client}, {@code --image}, {@code --registry}: shared by every project command. */
public final class ProjectOptions {

    @Option(names = "--project", paramLabel = "DIR", defaultValue = ".",
            description = "The Odoo project's root directory (holds odoo/ and rancher/). Default: the current directory.")
    Path project;

    @Option(names = "--client", paramLabel = "NAME",
            description = "Client short name (stacks are <client>-odoo-<instance>). Overrides 'client' of .odoo-platform.yml.")
    String client;

    @Option(names = "--image", paramLabel = "REPO[:TAG|@DIGEST]",
            description = "Image repository of the Odoo image. Overrides 'image' of .odoo-platform.yml."
                    + " deploy/diff take the full reference here: REPO:TAG or REPO@sha256:DIGEST.")
    String image;

    @Option(names = "--registry", paramLabel = "HOST[:PORT]",
            description = "Registry prefixed to the image repository. Overrides 'registry' of .odoo-platform.yml.")
    String registry;

    public Path projectDir() {
        Path dir = project == null ? Paths.get(".") : project;
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir, 0, "project directory not found: expected the root of an Odoo project");
        }
        return dir.toAbsolutePath().normalize();
    }

    /** The project's configuration with the command-line overrides applied. */
    public ProjectConfig config() {
        return ProjectConfig.load(projectDir()).withOverrides(client, image, registry);
    }
}
