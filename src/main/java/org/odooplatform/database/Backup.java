package org.odooplatform.database;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One backup: a {@code pg_dump -Fc} archive and what is known about it (its sidecar
 * {@code <file>.json}). {@code sha256} is of the file as written on disk; a restore checks it first.
 *
 * @param databaseVersion the database's marabunta version when it was dumped ("none" without the table)
 * @param reason          why it was taken, e.g. "before upgrade to 10.2.0", "db backup by hand"
 */
public record Backup(String stack, String instance, String database, String databaseVersion, String reason,
                     Path file, long sizeBytes, String sha256, Instant createdAt, Duration duration,
                     String serverVersion, String dumpVersion) {

    /** One line: file, size, time taken and checksum, as printed and recorded on the stack. */
    public String describe() {
        return file.getFileName() + " (" + size(sizeBytes) + ", " + seconds(duration) + ", sha256 " + sha256 + ")";
    }

    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
