package org.odooplatform.project;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.common.Problem;

/**
 * {@code HISTORY.rst}: a "latest (unreleased)" section, then released sections
 * {@code X.Y.Z (YYYY-MM-DD)} underlined with {@code +}.
 *
 * <p>A heading is a non-blank line followed by an reStructuredText underline (one punctuation
 * character repeated, at least 3 times). Only the first heading that mentions "unreleased" is
 * the unreleased section: the old task inserted a block under every line that mentioned the word,
 * entries included, which nobody wanted.
 */
public final class History {

    private static final Pattern UNDERLINE = Pattern.compile("([=\\-`:'\"~^_*+#<>.!$%&(),/;?@\\[\\]\\\\{|}])\\1{2,}");
    private static final Pattern RELEASED = Pattern.compile("(\\S+) \\((\\S+)\\)");

    /** A heading: its 0-based line index, title and underline character. */
    public record Heading(int index, String title, char underline) {
        /** 1-based line number, for messages. */
        public int line() {
            return index + 1;
        }
    }

    /** A released section {@code X.Y.Z (YYYY-MM-DD)}. */
    public record Release(OdooVersion version, LocalDate date, Heading heading) {
    }

    private final TextFile file;
    private final List<Heading> headings;
    private final Heading unreleased;
    private final Map<String, Release> releases;
    private final List<Problem> problems;

    private History(TextFile file, List<Heading> headings, Heading unreleased, Map<String, Release> releases,
            List<Problem> problems) {
        this.file = file;
        this.headings = List.copyOf(headings);
        this.unreleased = unreleased;
        this.releases = releases;
        this.problems = List.copyOf(problems);
    }

    /** Reads the file; a missing file is a {@link org.odooplatform.common.BadInputException}. */
    public static History load(Path path) {
        return parse(TextFile.read(path));
    }

    public static History parse(TextFile file) {
        Path path = file.path();
        List<Heading> headings = new ArrayList<>();
        for (int i = 0; i + 1 < file.size(); i++) {
            String title = file.line(i);
            String under = file.line(i + 1);
            if (!title.isBlank() && !UNDERLINE.matcher(title.strip()).matches()
                    && !title.startsWith(" ") && !title.startsWith(".. ")
                    && UNDERLINE.matcher(under).matches()) {
                headings.add(new Heading(i, title.strip(), under.charAt(0)));
            }
        }
        List<Problem> problems = new ArrayList<>();
        Heading unreleased = headings.stream()
                .filter(h -> h.title().toLowerCase(Locale.ROOT).contains("unreleased")).findFirst().orElse(null);
        if (unreleased == null) {
            int mention = -1;
            for (int i = 0; i < file.size() && mention < 0; i++) {
                if (file.line(i).toLowerCase(Locale.ROOT).contains("unreleased")) {
                    mention = i;
                }
            }
            problems.add(mention < 0
                    ? Problem.error(path, 0, "no unreleased section: expected a heading 'latest (unreleased)'"
                            + " underlined with '+' above the released versions")
                    : Problem.error(path, mention + 1, "'unreleased' is not a heading here: expected"
                            + " 'latest (unreleased)' followed by a line of '+' as long as it"));
        }
        Map<String, Release> releases = new LinkedHashMap<>();
        for (Heading h : headings) {
            Matcher m = RELEASED.matcher(h.title());
            if (h == unreleased || !m.matches()) {
                continue;
            }
            Optional<OdooVersion> version = OdooVersion.tryParse(m.group(1));
            if (version.isEmpty()) {
                continue; // "Release History" and other prose headings
            }
            LocalDate date;
            try {
                date = LocalDate.parse(m.group(2));
            } catch (DateTimeParseException e) {
                problems.add(Problem.error(path, h.line(), "release " + m.group(1) + ": date '" + m.group(2)
                        + "' is not a date: expected YYYY-MM-DD"));
                continue;
            }
            Release previous = releases.putIfAbsent(m.group(1), new Release(version.get(), date, h));
            if (previous != null) {
                problems.add(Problem.error(path, h.line(), "release " + m.group(1) + " already has a section on line "
                        + previous.heading().line() + ": expected one section per version"));
            }
        }
        return new History(file, headings, unreleased, releases, problems);
    }

    public TextFile file() {
        return file;
    }

    public Path path() {
        return file.path();
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The first heading mentioning "unreleased". */
    public Optional<Heading> unreleased() {
        return Optional.ofNullable(unreleased);
    }

    /** Released sections by version text, in file order. */
    public Map<String, Release> releases() {
        return releases;
    }

    /** The text of a released section (between its underline and the next heading), trimmed of blank lines. */
    public Optional<String> notes(String version) {
        Release release = releases.get(version);
        if (release == null) {
            return Optional.empty();
        }
        int start = release.heading().index() + 2;
        int end = headings.stream().mapToInt(Heading::index).filter(i -> i > release.heading().index())
                .min().orElse(file.size());
        while (start < end && file.line(start).isBlank()) {
            start++;
        }
        while (end > start && file.line(end - 1).isBlank()) {
            end--;
        }
        return Optional.of(String.join("\n", file.lines().subList(start, end)));
    }
}
