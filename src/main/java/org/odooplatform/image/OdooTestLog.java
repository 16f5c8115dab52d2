package org.odooplatform.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Odoo's test runner printed: unittest's lines {@code FAIL: test_x (odoo.addons.m.tests.t.Class)},
 * {@code ERROR: ...} and {@code test_x (...) ... ok}, as Odoo logs them with {@code --log-level=test}.
 * Used when the image writes no JUnit file, and to catch failures an Odoo version logs but does
 * not turn into an exit code.
 */
public final class OdooTestLog {

    private static final Pattern FAILED = Pattern.compile("\\b(FAIL|ERROR): (test\\w*) \\(([\\w.]+)\\)");
    private static final Pattern PASSED = Pattern.compile("\\b(test\\w*) \\(([\\w.]+)\\) \\.\\.\\. ok\\b");

    /** One test: class (module path and class), name, and the log lines of its failure (null: passed). */
    public record Test(String className, String name, String failure) {
        public String label() {
            return name + " (" + className + ")";
        }
    }

    private final Map<String, Test> tests = new LinkedHashMap<>();
    private Test current;
    private final StringBuilder currentLines = new StringBuilder();

    /** Feeds one line of the container's output. */
    public void accept(String line) {
        Matcher failed = FAILED.matcher(line);
        if (failed.find()) {
            close();
            current = new Test(failed.group(3), failed.group(2), failed.group(1));
            currentLines.append(line.substring(failed.start())).append('\n');
            return;
        }
        Matcher passed = PASSED.matcher(line);
        if (passed.find()) {
            close();
            tests.putIfAbsent(passed.group(2) + "." + passed.group(1), new Test(passed.group(2), passed.group(1), null));
            return;
        }
        if (current != null && (line.contains(" ERROR ") || line.startsWith(" ") || line.startsWith("Traceback"))
                && currentLines.length() < 8000) {
            currentLines.append(line).append('\n');
        } else {
            close();
        }
    }

    private void close() {
        if (current != null) {
            tests.put(current.className() + "." + current.name(), new Test(current.className(), current.name(),
                    currentLines.toString().strip()));
            current = null;
            currentLines.setLength(0);
        }
    }

    public List<Test> tests() {
        close();
        return List.copyOf(tests.values());
    }

    public List<Test> failed() {
        List<Test> failed = new ArrayList<>();
        for (Test t : tests()) {
            if (t.failure() != null) {
                failed.add(t);
            }
        }
        return failed;
    }
}
