package org.odooplatform.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.SecretMasker;

/** A JUnit XML file (the format of Jenkins' {@code junit} step): one suite, its test cases. */
public final class JUnitReport {

    /** A test case; {@code failure} is null when it passed. */
    public record Case(String className, String name, double seconds, String failure, String output) {
    }

    private JUnitReport() {
    }

    public static void write(Path file, String suite, List<Case> cases) {
        long failures = cases.stream().filter(c -> c.failure() != null).count();
        double time = cases.stream().mapToDouble(Case::seconds).sum();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" time=\"%.3f\">%n",
                escape(suite), cases.size(), failures, time));
        for (Case c : cases) {
            xml.append(String.format(Locale.ROOT, "  <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">",
                    escape(c.className()), escape(c.name()), c.seconds()));
            if (c.failure() != null) {
                String first = c.failure().lines().findFirst().orElse("");
                xml.append("\n    <failure message=\"").append(escape(first)).append("\">")
                        .append(escape(c.failure())).append("</failure>");
            }
            if (c.output() != null && !c.output().isEmpty()) {
                xml.append("\n    <system-out>").append(escape(c.output())).append("</system-out>");
            }
            xml.append(c.failure() != null || c.output() != null && !c.output().isEmpty() ? "\n  " : "").append("</testcase>\n");
        }
        xml.append("</testsuite>\n");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OperationFailedException("cannot write the test report " + file + ": " + e.getMessage());
        }
    }

    /** XML text, masked: no secret reaches a report; control characters other than tab and newline dropped. */
    static String escape(String text) {
        String masked = SecretMasker.global().mask(text);
        StringBuilder out = new StringBuilder(masked.length());
        for (char ch : masked.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (ch >= 0x20 || ch == '\n' || ch == '\t') {
                        out.append(ch);
                    }
                }
            }
        }
        return out.toString();
    }
}
