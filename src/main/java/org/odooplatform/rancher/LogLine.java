package org.odooplatform.rancher;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a container's log as the host agent sends it. host-api (logs/log_wrapper.go) prefixes
 * each docker write with {@code "01 "} (stdout), {@code "02 "} (stderr) or {@code "00 "} (TTY, both
 * streams) and always asks docker for timestamps, so the text starts with an RFC 3339 instant;
 * rancher-compose (rancher/service.go pipeLogs) skips messages of 3 bytes or less and prints
 * {@code bytes[3:]}, to stdout when the prefix is "01", else to stderr.
 *
 * @param timestamp docker's timestamp, null when the line has none
 * @param text      the line without prefix, timestamp or newline
 */
public record LogLine(String container, boolean stderr, Instant timestamp, String text) {

    /** The lines of one websocket message (a write may hold several lines). */
    static List<LogLine> parse(String container, String message) {
        List<LogLine> out = new ArrayList<>();
        if (message.length() <= 3) {
            return out;
        }
        boolean stderr = !message.startsWith("01");
        for (String line : message.substring(3).split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            Instant at = null;
            String text = line;
            int space = line.indexOf(' ');
            if (space > 0) {
                try {
                    at = Instant.parse(line.substring(0, space));
                    text = line.substring(space + 1);
                } catch (DateTimeParseException e) {
                    at = null;
                }
            }
            out.add(new LogLine(container, stderr, at, text));
        }
        return out;
    }

    /** {@code NAME | TIMESTAMP TEXT}, the name padded as libcompose's logger pads it. */
    public String format(int nameWidth) {
        String name = String.format("%-" + Math.max(1, nameWidth) + "s", container);
        return name + " | " + (timestamp == null ? "" : timestamp + " ") + text;
    }
}
