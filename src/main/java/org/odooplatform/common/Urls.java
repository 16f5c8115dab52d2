package org.odooplatform.common;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User info ({@code user:password@}) in URLs, found in any text whether the URL is valid or not: a malformed
 * {@code RANCHER_URL} is echoed in its error message, so stripping only what {@link java.net.URI} parses is not
 * enough. {@link SecretMasker#mask} applies {@link #redact} to every line printed.
 */
public final class Urls {

    /** {@code scheme://} then the rest of the word (a URL ends at white space or a quote). */
    private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^\\s'\"<>]*)");

    private Urls() {
    }

    /** {@code text} with the user info of every URL in it replaced by {@code ****}. */
    public static String redact(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        Matcher m = URL.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String rest = m.group(2);
            int at = userInfoEnd(rest);
            String replacement = at < 0 ? m.group() : m.group(1) + Secret.MASK + rest.substring(at);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The user info of the first URL in {@code text} ({@code user:password}), if it has one. */
    public static Optional<String> userInfo(String text) {
        if (text == null || !text.contains("://")) {
            return Optional.empty();
        }
        Matcher m = URL.matcher(text);
        while (m.find()) {
            int at = userInfoEnd(m.group(2));
            if (at >= 0) {
                return Optional.of(m.group(2).substring(0, at));
            }
        }
        return Optional.empty();
    }

    public static boolean hasUserInfo(String text) {
        return userInfo(text).isPresent();
    }

    /**
     * Where the user info ends (the index of its {@code @}) in what follows {@code scheme://}, or -1. The
     * authority ends at the first {@code /?#}; the last {@code @} before it ends the user info. A password with an
     * unencoded {@code /} ends the authority early ({@code user:pa/ss@host}): a "port" that is not a number
     * followed later by an {@code @} is taken as such a password.
     */
    private static int userInfoEnd(String rest) {
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if ("/?#".indexOf(rest.charAt(i)) >= 0) {
                end = i;
                break;
            }
        }
        int at = rest.lastIndexOf('@', end - 1);
        if (at >= 0) {
            return at;
        }
        String authority = rest.substring(0, end);
        int colon = authority.lastIndexOf(':');
        boolean badPort = colon >= 0 && !authority.startsWith("[") && !authority.substring(colon + 1).matches("[0-9]*");
        int later = rest.indexOf('@', end);
        return badPort && later >= 0 ? later : -1;
    }
}
