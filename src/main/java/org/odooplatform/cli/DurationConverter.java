package org.odooplatform.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 500ms}, {@code 0} or ISO-8601 {@code PT15M}. */
final class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        String text = value.trim();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.toUpperCase().startsWith("PT")) {
            try {
                return Duration.parse(text.toUpperCase());
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "': expected a duration such as 0, 250ms, 90s, 15m, 1h30m");
            }
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
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
            throw new TypeConversionException("'" + value + "': expected a duration such as 0, 250ms, 90s, 15m, 1h30m");
        }
        return total;
    }
}
