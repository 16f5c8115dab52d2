package org.odooplatform.project;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose-file variable references: {@code ${VAR}}, {@code $VAR}, and {@code $$} for a literal
 * dollar, as docker-compose v1 and rancher-compose substitute them from the environment.
 */
public final class Placeholders {

    private static final Pattern REFERENCE =
            Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)|\\$\\{([^}]*)}?");

    private Placeholders() {
    }

    /** Names referenced in {@code text}, in order of first appearance. */
    public static Set<String> names(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text == null) {
            return names;
        }
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /** Malformed references such as {@code ${A:-b}} or an unclosed {@code ${}, or null if none. */
    public static String firstMalformed(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = REFERENCE.matcher(text);
        while (m.find()) {
            if (m.group(3) != null) {
                return m.group();
            }
        }
        return null;
    }

    /** Replaces each reference by {@code values.apply(name)}; an unknown name becomes empty. */
    public static String substitute(String text, Function<String, String> values) {
        if (text == null) {
            return null;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                String value = name == null ? null : values.apply(name);
                replacement = value == null ? "" : value;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static String substitute(String text, Map<String, String> values) {
        return substitute(text, values::get);
    }
}
