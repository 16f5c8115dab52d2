package org.odooplatform.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.odooplatform.image.Builders;
import picocli.CommandLine.Option;

/** {@code --builder}, {@code --buildah-root}: which CLI builds and pushes the image. */
public final class BuilderOptions {

    @Option(names = "--builder", paramLabel = "docker|buildah|auto", defaultValue = "auto",
            description = "The image builder. auto: docker when its daemon answers, else buildah"
                    + " (for publish: the one that holds the image). Default: ${DEFAULT-VALUE}.")
    Builders.Choice builder;

    @Option(names = "--buildah-root", paramLabel = "DIR", defaultValue = "${env:ODOO_PLATFORM_BUILDAH_ROOT}",
            description = "buildah storage: DIR/storage and DIR/run with the vfs driver (agents without overlay)."
                    + " Default: $ODOO_PLATFORM_BUILDAH_ROOT, else buildah's own default.")
    Path buildahRoot;

    Builders builders(PrintWriter console) {
        return new Builders(buildahRoot, console);
    }
}
