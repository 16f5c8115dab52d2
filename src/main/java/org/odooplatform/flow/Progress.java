package org.odooplatform.flow;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Progress lines with the time elapsed since the flow started: {@code [  12.3s] odoo: upgrading}. */
public final class Progress {

    private final PrintStream out;
    private final Clock clock;
    private final Instant start;

    public Progress(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
        this.start = clock.instant();
    }

    public Duration elapsed() {
        return Duration.between(start, clock.instant());
    }

    public void line(String text) {
        double seconds = elapsed().toMillis() / 1000.0;
        out.println(String.format(Locale.ROOT, "[%6.1fs] %s", seconds, text));
        out.flush();
    }

    /** A line without the time prefix (plans, summaries). */
    public void plain(String text) {
        out.println(text);
        out.flush();
    }
}
