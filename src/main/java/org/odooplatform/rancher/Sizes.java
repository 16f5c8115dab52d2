package org.odooplatform.rancher;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose sizes ({@code mem_limit: 512m}) as the integer of bytes Cattle stores: docker's
 * {@code units.RAMInBytes}, binary multiples, an optional {@code b}/{@code ib} suffix.
 */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kmgtp])?(?:i?b)?");

    private Sizes() {
    }

    /** Bytes, or null when the text is not a size. */
    static Long bytes(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        double value = Double.parseDouble(m.group(1));
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2)) + 1;
        return (long) (value * Math.pow(1024, power));
    }
}
