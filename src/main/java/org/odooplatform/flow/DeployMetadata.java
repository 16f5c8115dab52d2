package org.odooplatform.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.odooplatform.common.Printable;
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

    /** {@link Printable#line}: a value read from a stack can add no line to the output nor reach the terminal. */
    public static String printable(String text) {
        return Printable.line(text);
    }

    static boolean isControl(int c) {
        return Printable.isControl(c);
    }
}
