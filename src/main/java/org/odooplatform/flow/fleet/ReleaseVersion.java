package org.odooplatform.flow.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A release version as the project's tags spell it ({@code 10.2.0}, {@code 14.0.1.3.0}): dot-separated
 * numbers, compared number by number (so {@code 10.10.0 > 10.9.0}). Anything else (a commit, {@code latest})
 * is no release and takes no part in drift counts.
 */
public record ReleaseVersion(String text, List<Integer> parts) implements Comparable<ReleaseVersion> {

    private static final Pattern RELEASE = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){1,5}");

    public static Optional<ReleaseVersion> parse(String text) {
        if (text == null || !RELEASE.matcher(text).matches()) {
            return Optional.empty();
        }
        List<Integer> parts = new ArrayList<>();
        for (String p : text.split("\\.")) {
            parts.add(Integer.parseInt(p));
        }
        return Optional.of(new ReleaseVersion(text, List.copyOf(parts)));
    }

    @Override
    public int compareTo(ReleaseVersion o) {
        for (int i = 0; i < Math.max(parts.size(), o.parts.size()); i++) {
            int a = i < parts.size() ? parts.get(i) : 0;
            int b = i < o.parts.size() ? o.parts.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return text;
    }
}
