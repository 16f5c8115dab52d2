package org.odooplatform.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A private directory (mode 700, outside the workspace) that holds one run's builder login, for
 * {@code --authfile} or {@code DOCKER_CONFIG}. Closing it deletes it, whatever happened.
 */
final class TemporaryAuth implements AutoCloseable {

    private final Path dir;

    TemporaryAuth() {
        try {
            dir = Files.createTempDirectory("odoo-platform-auth-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // an empty one until a login writes it: buildah refuses an --authfile that does not exist
            // ("checking authfile: stat ...: no such file"), e.g. a build whose base and target need no login
            Files.writeString(Files.createFile(dir.resolve("auth.json"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), "{\"auths\":{}}");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a private directory for the registry login", e);
        }
    }

    Path dir() {
        return dir;
    }

    Path authFile() {
        return dir.resolve("auth.json");
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the temporary registry login " + dir + ": delete it by hand", e);
        }
    }
}
