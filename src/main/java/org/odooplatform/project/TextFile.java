package org.odooplatform.project;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.InputFiles;

/**
 * A text file as lines that remember their own line ending, so an edit can change one line and
 * write every other byte back as it was (CRLF files stay CRLF, a missing final newline stays
 * missing).
 *
 * @param lines      the lines without their terminators
 * @param endings    each line's terminator: "\n", "\r\n" or "" (the last line of a file without a
 *                   final newline)
 */
public record TextFile(Path path, List<String> lines, List<String> endings, boolean bom) {

    public TextFile {
        lines = List.copyOf(lines);
        endings = List.copyOf(endings);
    }

    public TextFile(Path path, List<String> lines, List<String> endings) {
        this(path, lines, endings, false);
    }

    /**
     * Reads a UTF-8 file through {@link InputFiles} (bounded; a directory, FIFO, binary or Latin-1
     * file is a {@link BadInputException} naming the file and line). A byte order mark is kept
     * aside ({@link #bom()}) and written back by {@link #text()}.
     */
    public static TextFile read(Path path) {
        InputFiles.Text content = InputFiles.read(path);
        TextFile file = parse(path, content.text());
        return new TextFile(path, file.lines, file.endings, content.bom());
    }

    public static TextFile parse(Path path, String text) {
        List<String> lines = new ArrayList<>();
        List<String> endings = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                lines.add(text.substring(start));
                endings.add("");
                break;
            }
            boolean crlf = nl > start && text.charAt(nl - 1) == '\r';
            lines.add(text.substring(start, crlf ? nl - 1 : nl));
            endings.add(crlf ? "\r\n" : "\n");
            start = nl + 1;
        }
        return new TextFile(path, lines, endings);
    }

    /** The ending new lines should get: the file's first terminator, "\n" for a file without one. */
    public String lineEnding() {
        return endings.stream().filter(e -> !e.isEmpty()).findFirst().orElse("\n");
    }

    public int size() {
        return lines.size();
    }

    public String line(int index) {
        return lines.get(index);
    }

    public String text() {
        StringBuilder out = new StringBuilder(bom ? "\uFEFF" : "");
        for (int i = 0; i < lines.size(); i++) {
            out.append(lines.get(i)).append(endings.get(i));
        }
        return out.toString();
    }

    /** A copy with line {@code index} replaced, keeping its terminator. */
    public TextFile withLine(int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, line);
        return new TextFile(path, copy, endings, bom);
    }

    /**
     * A copy with {@code newLines} inserted before line {@code index} (or appended when
     * {@code index == size()}), each ended with the file's line ending. Appending to a file whose
     * last line has no terminator first ends that line.
     */
    public TextFile withInserted(int index, List<String> newLines) {
        List<String> l = new ArrayList<>(lines);
        List<String> e = new ArrayList<>(endings);
        String eol = lineEnding();
        if (index == l.size() && !e.isEmpty() && e.get(e.size() - 1).isEmpty()) {
            e.set(e.size() - 1, eol);
        }
        for (int i = 0; i < newLines.size(); i++) {
            l.add(index + i, newLines.get(i));
            e.add(index + i, eol);
        }
        return new TextFile(path, l, e, bom);
    }
}
