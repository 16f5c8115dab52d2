package org.odooplatform.database;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.JsonTrees;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;

/**
 * Where backups are kept: a directory on the agent ({@code --backup-dir}, else
 * {@code ODOO_PLATFORM_BACKUP_DIR}, else {@code ~/.odoo-platform/backups}), mode 0700, holding
 * {@code <stack>_<version>_<UTC time>.dump} archives (mode 0600) each with its sidecar
 * {@code .dump.json}. An archive without a sidecar is incomplete and never restored. A volume is
 * mounted on that directory; an S3 bucket would hold the same pairs under the same names.
 */
public final class BackupDirectory {

    public static final String ENV = "ODOO_PLATFORM_BACKUP_DIR";
    public static final String SUFFIX = ".dump";
    public static final String SIDECAR = ".json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9.-]{1,80}");

    private final Path dir;

    public BackupDirectory(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** {@code explicit}, else the environment's {@link #ENV}, else {@code ~/.odoo-platform/backups}. */
    public static BackupDirectory resolve(Path explicit, Function<String, String> env) {
        if (explicit != null) {
            return new BackupDirectory(explicit);
        }
        String fromEnv = env.apply(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new BackupDirectory(Path.of(fromEnv));
        }
        return new BackupDirectory(Path.of(System.getProperty("user.home"), ".odoo-platform", "backups"));
    }

    public Path path() {
        return dir;
    }

    /** Creates the directory (0700) if needed. */
    public void ensure() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.isWritable(dir)) {
                throw new PreconditionException("backup directory " + dir + " is not writable: give another --backup-dir");
            }
        } catch (IOException e) {
            throw new PreconditionException("cannot create the backup directory " + dir + ": " + e.getMessage()
                    + "; give another --backup-dir");
        }
    }

    /** Free space where the backups go (of the nearest existing parent before the directory exists). */
    public long usableSpace() {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The file name of a new backup; {@code version} "none" when the database has no marabunta version. */
    public Path newFile(String stack, String version, Instant at) {
        for (String part : List.of(stack, version)) {
            if (!SAFE.matcher(part).matches()) {
                throw new IllegalArgumentException("not a safe file name part: " + part);
            }
        }
        return dir.resolve(stack + "_" + version + "_" + STAMP.format(at) + SUFFIX);
    }

    /** Every complete backup (with a readable sidecar), oldest first; {@code stack} null for all. */
    public List<Backup> list(String stack) {
        List<Backup> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                read(file).filter(b -> stack == null || b.stack().equals(stack)).ifPresent(found::add);
            }
        } catch (IOException e) {
            throw new OperationFailedException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(Backup::createdAt).thenComparing(b -> b.file().getFileName().toString()));
        return found;
    }

    /** Archives without a sidecar (a dump that never finished, or a copy made by hand). */
    public List<Path> incomplete() {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX + "*")) {
            for (Path file : files) {
                String n = file.getFileName().toString();
                if (n.endsWith(".partial") || n.endsWith(SUFFIX) && !Files.exists(sidecar(file))) {
                    found.add(file);
                }
            }
        } catch (IOException e) {
            throw new OperationFailedException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** A backup by file name (in this directory) or path; bad input when absent or incomplete. */
    public Backup find(String nameOrPath) {
        Path file = nameOrPath.contains("/") ? Path.of(nameOrPath).toAbsolutePath().normalize() : dir.resolve(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("backup " + nameOrPath + " not found in " + dir
                    + ": expected a file name printed by db list-backups");
        }
        return read(file).orElseThrow(() -> new BadInputException("backup " + file + " has no readable sidecar "
                + sidecar(file).getFileName() + ": it is incomplete (or not made by db backup) and is never restored"));
    }

    static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + SIDECAR);
    }

    private Optional<Backup> read(Path file) {
        Path side = sidecar(file);
        if (!Files.isRegularFile(side)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JsonTrees.parse(Files.readAllBytes(side));
            return Optional.of(new Backup(n.path("stack").asText(), n.path("instance").asText(), n.path("database").asText(),
                    n.path("databaseVersion").asText(), n.path("reason").asText(), file, n.path("sizeBytes").asLong(),
                    n.path("sha256").asText(), Instant.parse(n.path("createdAt").asText()),
                    Duration.ofMillis(n.path("durationMillis").asLong()), n.path("serverVersion").asText(),
                    n.path("dumpVersion").asText()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes the sidecar (through a temporary file and a rename, so it is whole or absent). */
    void writeSidecar(Backup b) {
        ObjectNode n = JsonTrees.object();
        n.put("stack", b.stack());
        n.put("instance", b.instance());
        n.put("database", b.database());
        n.put("databaseVersion", b.databaseVersion());
        n.put("reason", b.reason());
        n.put("file", b.file().getFileName().toString());
        n.put("sizeBytes", b.sizeBytes());
        n.put("sha256", b.sha256());
        n.put("createdAt", b.createdAt().toString());
        n.put("durationMillis", b.duration().toMillis());
        n.put("serverVersion", b.serverVersion());
        n.put("dumpVersion", b.dumpVersion());
        Path side = sidecar(b.file());
        Path tmp = side.resolveSibling(side.getFileName() + ".partial");
        try {
            Files.writeString(tmp, JsonTrees.writePretty(n) + "\n");
            move(tmp, side);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new OperationFailedException("cannot write " + side + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the oldest backups of {@code stack} beyond the newest {@code keep}; returns them. */
    public List<Backup> prune(String stack, int keep) {
        List<Backup> all = list(stack);
        List<Backup> deleted = new ArrayList<>();
        for (int i = 0; i < all.size() - keep; i++) {
            Backup old = all.get(i);
            try {
                Files.deleteIfExists(sidecar(old.file()));
                Files.deleteIfExists(old.file());
                deleted.add(old);
            } catch (IOException e) {
                throw new OperationFailedException("cannot delete the old backup " + old.file() + ": " + e.getMessage(), e);
            }
        }
        return deleted;
    }

    /** SHA-256 of a file, hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new OperationFailedException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks that the archive is the one recorded: same size and SHA-256 (and {@code expected}
     * when the caller has its own record, e.g. the stack's deploy record). Bad input otherwise.
     */
    public static void verify(Backup backup, Optional<String> expected) {
        Path file = backup.file();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new BadInputException("backup " + file + " cannot be read: " + e.getMessage());
        }
        String actual = sha256(file);
        List<String> wanted = new ArrayList<>(List.of(backup.sha256()));
        expected.map(String::strip).map(s -> s.toLowerCase(java.util.Locale.ROOT)).ifPresent(wanted::add);
        for (String w : wanted) {
            if (!w.equals(actual)) {
                throw new BadInputException("backup " + file.getFileName() + " does not match its checksum: sha256 is "
                        + actual + " (" + size + " bytes), expected " + w + " (" + backup.sizeBytes() + " bytes)"
                        + ": the file is damaged or was changed; it is not restored; nothing was changed");
            }
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort: a leftover .partial is listed as incomplete and never restored
        }
    }
}
