package org.odooplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

/** The sample projects tests run against, copied so a test may change them. */
public final class Projects {

    /** examples/sample-project (tests run with the repository root as working directory). */
    public static final Path SAMPLE = Paths.get("examples/sample-project").toAbsolutePath();

    /**
     * ../shared/fixtures/sample-project, an optional copy of a historic project kept beside some
     * checkouts. Not part of the repository and never needed: {@code SharedFixtureTest} skips without it.
     */
    public static final Path SHARED_FIXTURE = Paths.get("../shared/fixtures/sample-project").toAbsolutePath().normalize();

    private Projects() {
    }

    /** A writable copy of {@code source} under {@code target}. */
    public static Path copy(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                    dest.toFile().setWritable(true);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path copySample(Path target) {
        return copy(SAMPLE, target);
    }
}
