package org.odooplatform.database;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;

/**
 * {@code pg_dump -Fc} of an instance's database into the backup directory, logged in as the
 * instance's own role in read-only sessions (pg_dump's transaction is read-only, and
 * {@code default_transaction_read_only} makes the server refuse any write from it). The archive
 * is written as {@code .partial}, read back for its SHA-256, then renamed and given its sidecar:
 * a backup is listed only once it is whole. Older backups of the stack beyond {@code keep} are
 * deleted afterwards.
 */
public final class DatabaseBackup {

    /** What to back up and how. {@code keep} 0 keeps every backup. */
    public record Request(InstanceDatabase database, DatabaseLogin login, String databaseVersion, String reason,
                          int keep, Duration timeout) {
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(4);
    public static final int DEFAULT_KEEP = 5;

    private DatabaseBackup() {
    }

    public static Backup run(Request request, ServerVersion server, PgTools tools, BackupDirectory directory,
                             PrintWriter out) {
        directory.ensure();
        InstanceDatabase db = request.database();
        List<Backup> previous = directory.list(db.stack());
        long free = directory.usableSpace();
        if (!previous.isEmpty() && free >= 0) {
            long last = previous.get(previous.size() - 1).sizeBytes();
            if (free < last + last / 10) {
                throw new PreconditionException("not enough space for a backup of " + db.dbName() + " in "
                        + directory.path() + ": " + Backup.size(free) + " free, the last backup of " + db.stack()
                        + " took " + Backup.size(last) + ": free some space or give another --backup-dir;"
                        + " nothing was changed");
            }
        }
        Instant at = Instant.now();
        Path file = directory.newFile(db.stack(), request.databaseVersion(), at);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new PreconditionException("cannot create " + partial + ": " + e.getMessage() + "; nothing was changed");
        }
        out.println("  backup of " + db.dbName() + " (" + db.stack() + ", version " + request.databaseVersion()
                + ") with " + tools.dump().path() + " " + tools.dump().version() + " to " + partial.getFileName());
        out.flush();
        AtomicInteger tables = new AtomicInteger();
        ProgressLine progress = new ProgressLine(out, "dump", 2.0);
        Runnable status = () -> progress.maybe(() -> tables.get() + " tables, " + Backup.size(size(partial)) + " written");
        List<String> args = List.of("--format=custom", "--verbose", "--no-password", "--lock-wait-timeout=60000",
                "--host=" + request.login().host(), "--port=" + request.login().port(),
                "--username=" + request.login().user(), "--dbname=" + request.login().database(),
                "--file=" + partial);
        PgTools.Result result;
        try {
            result = tools.run(tools.dump(), args, request.login(),
                    Map.of("PGOPTIONS", "-c default_transaction_read_only=on"), request.timeout(),
                    line -> {
                        if (line.startsWith("pg_dump: dumping contents of table")) {
                            tables.incrementAndGet();
                            status.run();
                        }
                    }, status);
        } catch (RuntimeException e) {
            BackupDirectory.deleteQuietly(partial);
            throw e;
        }
        if (!result.ok()) {
            long written = size(partial);
            BackupDirectory.deleteQuietly(partial);
            boolean full = result.tail().stream().anyMatch(l -> l.contains("No space left on device")
                    || l.contains("File too large"));
            String why = result.timedOut() ? "did not finish within " + request.timeout().toMinutes() + " min"
                    : "failed (exit " + result.exitCode() + "): " + result.lastLines();
            throw new OperationFailedException("backup of " + db.dbName() + " failed: pg_dump " + why
                    + (full ? "; the backup location " + directory.path() + " is full (" + Backup.size(written)
                    + " written, " + Backup.size(Math.max(0, directory.usableSpace())) + " free now)" : "")
                    + ". The partial file was removed and no backup was recorded; the database was only read and is unchanged");
        }
        String sha = BackupDirectory.sha256(partial);
        long bytes = size(partial);
        try {
            BackupDirectory.move(partial, file);
        } catch (IOException e) {
            BackupDirectory.deleteQuietly(partial);
            throw new OperationFailedException("cannot rename " + partial + " to " + file.getFileName() + ": "
                    + e.getMessage() + "; no backup was recorded", e);
        }
        Backup backup = new Backup(db.stack(), db.instance().id(), db.dbName(), request.databaseVersion(), request.reason(),
                file, bytes, sha, at, Duration.ofMillis(result.elapsed().toMillis()), server.text(), tools.dump().version());
        try {
            directory.writeSidecar(backup);
        } catch (RuntimeException e) {
            BackupDirectory.deleteQuietly(file);
            throw e;
        }
        out.printf(Locale.ROOT, "  backup written: %s, %d tables, %s in %.1f s, sha256 %s%n", file, tables.get(),
                Backup.size(bytes), result.elapsed().toMillis() / 1000.0, sha);
        if (request.keep() > 0) {
            List<Backup> pruned = new ArrayList<>(directory.prune(db.stack(), request.keep()));
            for (Backup old : pruned) {
                out.println("  pruned " + old.file().getFileName() + " (keeping the newest " + request.keep()
                        + " backups of " + db.stack() + ")");
            }
        }
        out.flush();
        return backup;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
