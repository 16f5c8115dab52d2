package org.odooplatform.project;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.odooplatform.common.BadInputException;

/**
 * A text file as lines that remember their own line ending, so an edit can change one line and
 * write every other byte back as it was (CRLF files stay CRLF, a missing final newline stays
 * missing).
 *
 * @param lines      the lines without their terminators
 * @param endings    each line's terminator: "\n", "\r\n" or "" (the last line of a file without a
 *                   final newline)
 */
public record TextFile(Path path, List<String> lines, List<String> endings) {

    public TextFile {
        lines = List.copyOf(lines);
        endings = List.copyOf(endings);
    }

    /** Reads a UTF-8 file; missing or unreadable is a {@link BadInputException} naming the file. */
    public static TextFile read(Path path) {
        try {
            byte[] bytes = Files.readAllBytes(path);
            String text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return parse(path, text);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path, 0, "file not found");
        } catch (CharacterCodingException e) {
            throw new BadInputException(path, 0, "is not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException(path, 0, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
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
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            out.append(lines.get(i)).append(endings.get(i));
        }
        return out.toString();
    }

    /** A copy with line {@code index} replaced, keeping its terminator. */
    public TextFile withLine(int index, String line) {
        List<String> copy = new ArrayList<>(lines);
        copy.set(index, line);
        return new TextFile(path, copy, endings);
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
        return new TextFile(path, l, e);
    }
}
