package org.odooplatform.database;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Progress of a long dump or restore: at most one line every {@code interval} seconds, saying
 * what is done so far and the time elapsed, so a pipeline log shows it is moving.
 */
final class ProgressLine {

    private final PrintWriter out;
    private final String what;
    private final long start = System.nanoTime();
    private final long intervalNanos;
    private long last = System.nanoTime();

    ProgressLine(PrintWriter out, String what, double intervalSeconds) {
        this.out = out;
        this.what = what;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    /** Prints {@code status} if the interval has passed since the last line. */
    synchronized void maybe(Supplier<String> status) {
        long now = System.nanoTime();
        if (now - last >= intervalNanos) {
            last = now;
            out.printf(Locale.ROOT, "  [%7.1fs] %s: %s%n", (now - start) / 1e9, what, status.get());
            out.flush();
        }
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }
}
