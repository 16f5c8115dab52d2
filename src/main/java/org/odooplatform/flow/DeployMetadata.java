package org.odooplatform.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.odooplatform.common.Problem;

/**
 * What a deploy records on the stack beside the image: {@code --commit}, {@code --triggered-by},
 * {@code --approved-by}. They are printed back by {@code status} and shown in the Rancher UI, so they are
 * validated before anything runs (a newline would forge a line of {@code status}, an ANSI escape would
 * change the reader's terminal), and {@link #printable} escapes whatever a stack already holds.
 */
public final class DeployMetadata {

    public static final int MAX_TEXT = 200;
    /** A git object name: SHA-1 (40) or SHA-256 (64) hex digits, abbreviated to at least 4 (git's minimum). */
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{4,64}");

    private DeployMetadata() {
    }

    public static List<Problem> check(String commit, String triggeredBy, String approvedBy) {
        List<Problem> problems = new ArrayList<>();
        if (commit != null && !COMMIT.matcher(commit).matches()) {
            problems.add(Problem.error(null, "--commit '" + printable(commit) + "': expected a git commit SHA,"
                    + " 4 to 64 lower-case hex digits"));
        }
        text("--triggered-by", triggeredBy).ifPresent(problems::add);
        text("--approved-by", approvedBy).ifPresent(problems::add);
        return problems;
    }

    /** A free-text value (who, what build): printable, one line, at most {@value #MAX_TEXT} characters. */
    public static java.util.Optional<Problem> text(String option, String value) {
        if (value == null) {
            return java.util.Optional.empty();
        }
        if (value.isBlank()) {
            return java.util.Optional.of(Problem.error(null, option + " is empty: expected a name or a build URL"));
        }
        if (value.codePoints().anyMatch(DeployMetadata::isControl)) {
            return java.util.Optional.of(Problem.error(null, option + " '" + printable(value) + "' contains control"
                    + " characters (newline, escape, bidirectional marks): expected one line of printable text"));
        }
        if (value.length() > MAX_TEXT) {
            return java.util.Optional.of(Problem.error(null, option + " is longer than " + MAX_TEXT
                    + " characters: expected a name or a build URL"));
        }
        return java.util.Optional.empty();
    }

    /**
     * {@code text} with every control character shown as an escape ({@code \n}, {@code \e}, {@code \u202E}), so
     * a value read from a stack cannot add lines to the output or reach the terminal as a command.
     */
    public static String printable(String text) {
        if (text == null || text.codePoints().noneMatch(DeployMetadata::isControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (!isControl(c)) {
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

    /** C0 and C1 controls, DEL, and the Unicode marks that reorder or hide text (bidi overrides, zero-width). */
    static boolean isControl(int c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x200b && c <= 0x200f)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff
                || c == 0x2028 || c == 0x2029;
    }
}
