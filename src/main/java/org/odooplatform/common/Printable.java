package org.odooplatform.common;

/**
 * Control characters shown as escapes ({@code \n}, {@code \e}, {@code \u202E}): text from outside (a stack's
 * notes, a user's option) must not add lines to the output, reorder it, or reach the terminal as a command
 * (an ANSI escape can clear the screen or retitle the window).
 */
public final class Printable {

    private Printable() {
    }

    /** Every control character escaped: one line of text. */
    public static String line(String text) {
        return escape(text, false);
    }

    /** Controls escaped except newline and tab: what the console streams let through ({@link MaskingPrintStream}). */
    public static String terminal(String text) {
        return escape(text, true);
    }

    /** C0 and C1 controls, DEL, and the Unicode marks that reorder or hide text (bidi overrides, zero-width). */
    public static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x200b && c <= 0x200f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff
                || c == 0x2028 || c == 0x2029;
    }

    private static boolean escaped(int c, boolean keepLines) {
        return isControl(c) && !(keepLines && (c == '\n' || c == '\t'));
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null || text.codePoints().noneMatch(c -> escaped(c, keepLines))) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (!escaped(c, keepLines)) {
                out.appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == 0x1b) {
                out.append("\\e");
            } else {
                out.append(String.format("\\u%04X", c));
            }
        });
        return out.toString();
    }
}
