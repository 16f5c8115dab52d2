package org.odooplatform.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.odooplatform.common.Environment;
import org.odooplatform.image.Builders;
import picocli.CommandLine.Option;

/** {@code --builder}, {@code --buildah-root}: which CLI builds and pushes the image. */
public final class BuilderOptions {

    static final String BUILDAH_ROOT_VARIABLE = "ODOO_PLATFORM_BUILDAH_ROOT";

    @Option(names = "--builder", paramLabel = "docker|buildah|auto", defaultValue = "auto",
            description = "The image builder. auto: docker when its daemon answers, else buildah"
                    + " (for publish: the one that holds the image). Default: ${DEFAULT-VALUE}.")
    Builders.Choice builder;

    @Option(names = "--buildah-root", paramLabel = "DIR",
            description = "buildah storage: DIR/storage and DIR/run with the vfs driver (agents without overlay)."
                    + " Default: $ODOO_PLATFORM_BUILDAH_ROOT, else buildah's own default.")
    Path buildahRoot;

    private final Environment env;

    BuilderOptions(Environment env) {
        this.env = env;
    }

    Builders builders(PrintWriter console) {
        return new Builders(buildahRoot(buildahRoot, env), console);
    }

    /** {@code --buildah-root}, else {@value #BUILDAH_ROOT_VARIABLE} of the run's environment, else null (buildah's own). */
    static Path buildahRoot(Path option, Environment env) {
        return option != null ? option : env.get(BUILDAH_ROOT_VARIABLE).filter(v -> !v.isBlank()).map(Path::of).orElse(null);
    }
}
