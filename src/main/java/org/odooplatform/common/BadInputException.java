package org.odooplatform.common;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The user's input or configuration is wrong; nothing was changed. Exit code 2.
 * Carries every problem found, so the user fixes them all in one go.
 */
public class BadInputException extends PlatformException {

    private final List<Problem> problems;

    public BadInputException(String message) {
        this(List.of(Problem.error(null, message)));
    }

    public BadInputException(Path file, int line, String message) {
        this(List.of(Problem.error(file, line, message)));
    }

    public BadInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")), null);
        this.problems = List.copyOf(problems);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(Problem.error(null, message));
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public int exitCode() {
        return ExitCode.BAD_INPUT;
    }
}
