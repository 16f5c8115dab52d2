package org.odooplatform.image;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.PreconditionException;

/** Picks the builder: the one asked for, or with {@code auto} the first that works (docker, then buildah). */
public final class Builders {

    public enum Choice { AUTO, DOCKER, BUILDAH }

    private final List<ImageBuilder> candidates;

    /** @param console where a build's and a push's output streams */
    public Builders(Path buildahRoot, PrintWriter console) {
        this(List.of(new DockerBuilder(new BuilderCli(console)), new BuildahBuilder(buildahRoot, new BuilderCli(console))));
    }

    Builders(List<ImageBuilder> candidates) {
        this.candidates = List.copyOf(candidates);
    }

    /** The builder for a build: the chosen one, checked to work. */
    public ImageBuilder select(Choice choice) {
        return select(choice, ImageBuilder::isAvailable, "works here");
    }

    /** The builder for a push: with {@code auto}, the one whose local storage holds the image. */
    public ImageBuilder selectHolding(Choice choice, ImageReference image) {
        ImageBuilder builder = select(choice, b -> b.isAvailable() && b.hasImage(image), "holds " + image);
        if (choice != Choice.AUTO && !builder.hasImage(image)) {
            throw new PreconditionException(image + " is not in " + builder.name() + "'s local storage: build it first"
                    + " with 'image build' and the same --builder (and --buildah-root)");
        }
        return builder;
    }

    private ImageBuilder select(Choice choice, Predicate<ImageBuilder> usable, String what) {
        if (choice == Choice.AUTO) {
            return candidates.stream().filter(usable).findFirst().orElseThrow(() -> new PreconditionException(
                    "no builder " + what + ": tried docker (is DOCKER_HOST's daemon running?) and buildah"
                            + " (is it installed, and --buildah-root right?)"));
        }
        ImageBuilder builder = candidates.stream().filter(b -> b.name().equals(choice.name().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new BadInputException("unknown builder " + choice));
        if (!builder.isAvailable()) {
            throw new PreconditionException("builder " + builder.name() + " does not work here: "
                    + (builder.name().equals("docker") ? "check that the docker CLI is installed and DOCKER_HOST points to a running daemon"
                    : "check that buildah is installed and that --buildah-root is writable") + "; or use --builder auto");
        }
        return builder;
    }
}
