package org.odooplatform.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 500ms}, {@code 0} or ISO-8601 {@code PT15M}: between 0 and
 * {@link #MAX}. Every duration option uses this converter (or {@link Positive}, for waits that must allow some time),
 * so no command accepts a negative, zero or overflowing wait that another refuses.
 */
class DurationConverter implements ITypeConverter<Duration> {

    /** No wait of the tool is meant to last longer: a larger value is a typo (90h for 90s). */
    static final Duration MAX = Duration.ofHours(24);

    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)");
    private static final String EXPECTED = "expected a duration such as 0, 250ms, 90s, 15m, 1h30m";

    /** A time-out: at least 1 ms ({@code --timeout 0} would fail every wait at once). */
    static final class Positive extends DurationConverter {
        @Override
        public Duration convert(String value) {
            Duration d = super.convert(value);
            if (d.isZero()) {
                throw new TypeConversionException("'" + value + "': expected a positive duration such as 90s or 15m"
                        + " (a time-out of 0s would fail at once)");
            }
            return d;
        }
    }

    @Override
    public Duration convert(String value) {
        String text = value.trim();
        Duration total;
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.toUpperCase().startsWith("PT")) {
            try {
                total = Duration.parse(text.toUpperCase());
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "': " + EXPECTED);
            }
        } else {
            Matcher m = PART.matcher(text);
            total = Duration.ZERO;
            int end = 0;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
                end = m.end();
            }
            if (end == 0 || end != text.length()) {
                throw new TypeConversionException("'" + value + "': " + EXPECTED);
            }
        }
        if (total.isNegative()) {
            throw new TypeConversionException("'" + value + "' is negative: " + EXPECTED);
        }
        if (total.compareTo(MAX) > 0) {
            throw new TypeConversionException("'" + value + "' is " + Durations.format(total) + ": expected at most "
                    + Durations.format(MAX));
        }
        return total;
    }
}
