package org.odooplatform.project;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A project version as in {@code odoo/VERSION} and marabunta's {@code migration.yml}.
 *
 * <p>Decision: both forms marabunta accepts (0.9+) are read. The platform's projects and the
 * fixtures use three numbers, {@code x.y.z}, the first following the Odoo series ({@code 10.1.2});
 * the later odoo-template switched to five numbers, the Odoo series then the project version
 * ({@code 10.0.1.2.0}). Bumps follow the tasks that used each form: feature increments the
 * second-to-last number and zeroes the last, patch increments the last. Nothing else is a version
 * (no {@code 9.1}, no suffixes): the old task padded {@code 9.1} and crashed on the rest.
 */
public record OdooVersion(List<Integer> numbers) implements Comparable<OdooVersion> {

    private static final Pattern FORM = Pattern.compile("(0|[1-9][0-9]{0,8})(\\.(0|[1-9][0-9]{0,8})){2}"
            + "|(0|[1-9][0-9]{0,8})(\\.(0|[1-9][0-9]{0,8})){4}");

    public static final String EXPECTED = "x.y.z (e.g. 10.1.2) or the 5-number form (e.g. 10.0.1.2.0)";

    public OdooVersion {
        numbers = List.copyOf(numbers);
        if (numbers.size() != 3 && numbers.size() != 5) {
            throw new IllegalArgumentException("a version has 3 or 5 numbers");
        }
    }

    /** Parses {@code text}; empty when it is not a 3- or 5-number version. */
    public static Optional<OdooVersion> tryParse(String text) {
        if (text == null || !FORM.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(new OdooVersion(Arrays.stream(text.split("\\.")).map(Integer::valueOf).toList()));
    }

    public static OdooVersion parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "'" + text + "' is not a version: expected " + EXPECTED));
    }

    public boolean isFivePart() {
        return numbers.size() == 5;
    }

    /** x.y.z → x.(y+1).0; a.b.x.y.z → a.b.x.(y+1).0. */
    public OdooVersion bumpFeature() {
        List<Integer> next = new ArrayList<>(numbers);
        int n = next.size();
        next.set(n - 2, next.get(n - 2) + 1);
        next.set(n - 1, 0);
        return new OdooVersion(next);
    }

    /** x.y.z → x.y.(z+1). */
    public OdooVersion bumpPatch() {
        List<Integer> next = new ArrayList<>(numbers);
        next.set(next.size() - 1, next.get(next.size() - 1) + 1);
        return new OdooVersion(next);
    }

    /** Marabunta's order: {@code x.y.z} compares as {@code x.0.0.y.z}. */
    @Override
    public int compareTo(OdooVersion other) {
        List<Integer> a = asFive();
        List<Integer> b = other.asFive();
        for (int i = 0; i < 5; i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private List<Integer> asFive() {
        return numbers.size() == 5 ? numbers : List.of(numbers.get(0), 0, 0, numbers.get(1), numbers.get(2));
    }

    @Override
    public String toString() {
        return numbers.stream().map(String::valueOf).collect(Collectors.joining("."));
    }
}
