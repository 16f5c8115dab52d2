package org.odooplatform.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.InputFiles;
import org.odooplatform.common.Problem;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.common.Urls;

/**
 * Reads the former {@code rancher.env} format, which bash {@code source}d: {@code export KEY=value}
 * or {@code KEY=value}, comments, blank lines, single quotes (literal), double quotes and bare
 * words (backslash escapes, {@code $VAR} and {@code ${VAR}} of a variable defined above).
 * Anything bash would run as a command, and anything that needs a shell to evaluate
 * ({@code $(...)}, backticks, {@code ${VAR:-x}}), is reported with its line instead.
 *
 * Written by hand: dotenv libraries disagree with bash on quotes and expansion, and none reports
 * line-level errors for the cases above.
 */
public final class EnvFileParser {

    private static final Pattern ASSIGNMENT =
            Pattern.compile("^[ \\t]*(?:export[ \\t]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Settings read so far and every problem found. */
    /** @param read false when the file could not be read at all (its one problem says why) */
    public record Result(Settings settings, List<Problem> problems, boolean read) {
        public Result(Settings settings, List<Problem> problems) {
            this(settings, problems, true);
        }

        static Result empty() {
            return new Result(Settings.empty(), List.of());
        }
    }

    private EnvFileParser() {
    }

    /**
     * Parses {@code file}; variables of {@code defined} (an earlier file) may be referenced.
     * Never throws for content problems: they are returned, so a caller can report all of them.
     */
    public static Result parse(Path file, boolean secretFile, Settings defined) {
        List<Problem> problems = new ArrayList<>();
        String text;
        try {
            text = InputFiles.readText(file); // bounded; directories, FIFOs, binary and Latin-1 refused with the line
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            return new Result(defined, problems, false);
        }
        // one mutable map for the whole file: copying the settings on each line made a 40,000-line
        // file quadratic (100 s); this is linear (bench/settings-parse-bench.sh)
        Map<String, Setting> settings = new LinkedHashMap<>(defined.all());
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                problems.add(Problem.error(file, lineNo, describeBadLine(trimmed)));
                continue;
            }
            String name = m.group(1);
            try {
                String value = new ValueScanner(m.group(2), settings).scan();
                Setting previous = settings.get(name);
                if (previous != null && file.equals(previous.file())) {
                    problems.add(Problem.warning(file, lineNo, name + " is already set on line "
                            + previous.line() + "; this later value wins"));
                }
                Setting setting = new Setting(name, value, file, lineNo, secretFile);
                if (setting.isSecret()) {
                    // the same rule as the plans and messages: what is displayed **** is masked in all output too
                    SecretMasker.global().register(value);
                }
                Urls.userInfo(value).ifPresent(info -> {
                    SecretMasker.global().register(info);
                    SecretMasker.global().register(info.substring(info.indexOf(':') + 1));
                });
                if (!secretFile) {
                    publicFileProblem(setting).ifPresent(problems::add);
                }
                settings.remove(name); // a redefinition moves to the end, as Settings.with does
                settings.put(name, setting);
            } catch (SyntaxError e) {
                problems.add(Problem.error(file, lineNo, name + ": " + e.getMessage()));
            }
        }
        return new Result(new Settings(settings), problems);
    }

    /**
     * The public settings file is meant to be committed: a secret there is an error (never quoting the value), and
     * a value under an unknown name that looks like a generated credential is a warning.
     */
    private static java.util.Optional<Problem> publicFileProblem(Setting s) {
        String move = ": expected it in the secret settings file (--env-file); the public file (--public-env-file)"
                + " is meant to be committed";
        if (SecretRule.isSecretName(s.name())) {
            return java.util.Optional.of(Problem.error(s.file(), s.line(), s.name() + " is a secret (by its name)" + move));
        }
        if (Urls.hasUserInfo(s.value())) {
            return java.util.Optional.of(Problem.error(s.file(), s.line(), s.name()
                    + " holds a URL with user info (a password)" + move + ", or drop the user info from the URL"));
        }
        if (!SecretRule.isPublicName(s.name()) && looksLikeCredential(s.value()) && !s.value().contains("://")
                && !s.value().matches("[a-z0-9.-]+\\.[a-z]{2,}")) {
            return java.util.Optional.of(Problem.warning(s.file(), s.line(), s.name()
                    + " looks like a credential (letters mixed with digits)" + move + " if it is one"));
        }
        return java.util.Optional.empty();
    }

    static boolean looksLikeCredential(String value) {
        if (value.length() < 8 || value.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        boolean letter = value.chars().anyMatch(Character::isLetter);
        boolean digit = value.chars().anyMatch(Character::isDigit);
        boolean upper = value.chars().anyMatch(Character::isUpperCase);
        boolean lower = value.chars().anyMatch(Character::isLowerCase);
        return letter && digit || upper && lower;
    }

    private static String describeBadLine(String trimmed) {
        if (trimmed.startsWith("export") && !trimmed.contains("=")) {
            return "expected 'export KEY=value', found an export without a value";
        }
        int eq = trimmed.indexOf('=');
        if (eq > 0) {
            String name = trimmed.substring(0, eq).replaceFirst("^export\\s+", "");
            if (name.contains(" ") || name.contains("\t")) {
                return "expected 'KEY=value' with no space around '='";
            }
            return "invalid variable name '" + name + "': expected letters, digits and '_', not starting with a digit";
        }
        // never echo the line itself: it may be a secret pasted on its own
        return "expected 'export KEY=value', 'KEY=value', a comment or a blank line";
    }

    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    /** Scans one value the way bash does for an assignment word. */
    private static final class ValueScanner {
        private final String text;
        private final Map<String, Setting> defined;
        private int pos;

        ValueScanner(String text, Map<String, Setting> defined) {
            this.text = text;
            this.defined = defined;
        }

        String scan() throws SyntaxError {
            StringBuilder value = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == ' ' || c == '\t') {
                    expectOnlyComment();
                    break;
                } else if (c == '\'') {
                    int end = text.indexOf('\'', pos + 1);
                    if (end < 0) {
                        throw new SyntaxError("unterminated single quote: expected a closing ' on the same line");
                    }
                    value.append(text, pos + 1, end);
                    pos = end + 1;
                } else if (c == '"') {
                    pos++;
                    scanDoubleQuoted(value);
                } else if (c == '\\') {
                    if (pos + 1 >= text.length()) {
                        throw new SyntaxError("a backslash at the end of the line continues it: "
                                + "expected the value on one line");
                    }
                    value.append(text.charAt(pos + 1));
                    pos += 2;
                } else if (c == '$') {
                    expand(value);
                } else if (c == '`') {
                    throw new SyntaxError("command substitution with backticks is not supported: "
                            + "expected a literal value");
                } else if (c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')') {
                    throw new SyntaxError("unexpected '" + c + "': quote the value if it contains shell characters");
                } else {
                    value.append(c);
                    pos++;
                }
            }
            return value.toString();
        }

        private void expectOnlyComment() throws SyntaxError {
            String rest = text.substring(pos).strip();
            if (!rest.isEmpty() && !rest.startsWith("#")) {
                throw new SyntaxError("unquoted space in the value: bash would run the rest as a command; "
                        + "expected the value in quotes");
            }
            pos = text.length();
        }

        private void scanDoubleQuoted(StringBuilder value) throws SyntaxError {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return;
                } else if (c == '\\' && pos + 1 < text.length()
                        && "$`\"\\".indexOf(text.charAt(pos + 1)) >= 0) {
                    value.append(text.charAt(pos + 1));
                    pos += 2;
                } else if (c == '$') {
                    expand(value);
                } else if (c == '`') {
                    throw new SyntaxError("command substitution with backticks is not supported: "
                            + "expected a literal value");
                } else {
                    value.append(c);
                    pos++;
                }
            }
            throw new SyntaxError("unterminated double quote: expected a closing \" on the same line");
        }

        private void expand(StringBuilder value) throws SyntaxError {
            // text.charAt(pos) == '$'
            if (pos + 1 >= text.length()) {
                value.append('$');
                pos++;
                return;
            }
            char next = text.charAt(pos + 1);
            String name;
            if (next == '{') {
                int end = text.indexOf('}', pos + 2);
                if (end < 0) {
                    throw new SyntaxError("unterminated ${: expected ${NAME}");
                }
                name = text.substring(pos + 2, end);
                if (!NAME.matcher(name).matches()) {
                    throw new SyntaxError("unsupported expansion ${" + name + "}: expected ${NAME} only "
                            + "(no defaults or substitutions)");
                }
                pos = end + 1;
            } else if (next == '(') {
                throw new SyntaxError("command substitution $(...) is not supported: expected a literal value");
            } else if (Character.isLetter(next) || next == '_') {
                int end = pos + 1;
                while (end < text.length()
                        && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                name = text.substring(pos + 1, end);
                pos = end;
            } else {
                value.append('$');
                pos++;
                return;
            }
            Setting resolvedSetting = defined.get(name);
            String resolved = resolvedSetting == null ? null : resolvedSetting.value();
            if (resolved == null) {
                throw new SyntaxError("uses $" + name + ", which is not defined above it: "
                        + "define " + name + " on an earlier line");
            }
            value.append(resolved);
        }
    }
}
