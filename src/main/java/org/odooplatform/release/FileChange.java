package org.odooplatform.release;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** One file's content before and after an edit; {@code relative} is its path from the project root. */
public record FileChange(Path path, String relative, String before, String after) {

    /** A {@code git diff}-style unified diff with 3 lines of context (line endings shown as-is, CR dropped). */
    public String unifiedDiff() {
        List<String> a = lines(before);
        List<String> b = lines(after);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("a/" + relative, "b/" + relative, a,
                DiffUtils.diff(a, b), 3);
        return diff.isEmpty() ? "" : String.join("\n", diff) + "\n";
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.stream(body.split("\n", -1)).map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).toList();
    }
}
