package org.odooplatform.config;

import java.util.Locale;
import java.util.Optional;

/**
 * "At least 20 random characters", the platform's rule ({@code pwgen -s 20}). Randomness cannot
 * be measured from one value, so "random enough" is defined as what a {@code pwgen -s 20}
 * password practically always is and a hand-made one rarely is:
 * <ul>
 * <li>at least 20 characters;</li>
 * <li>at least two character classes among lower case, upper case, digits and other characters
 *     (an all-lower-case 20-character pwgen password has probability (26/62)^20 ≈ 3e-8);</li>
 * <li>at least 10 different characters (pwgen gives about 17 on average);</li>
 * <li>not containing the client name (case-insensitive).</li>
 * </ul>
 * Messages never contain the value, nor its length or any count taken from it.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 20;
    static final int MIN_DISTINCT = 10;

    private PasswordPolicy() {
    }

    /** Why {@code value} is too weak, or empty when it passes. */
    public static Optional<String> weakness(String value, String client) {
        if (value.length() < MIN_LENGTH) {
            // never the actual length: it tells an attacker how much is left to guess
            return Optional.of("is too short: expected at least " + MIN_LENGTH
                    + " random characters (pwgen -s 20, or odoo-platform init-settings)");
        }
        int classes = 0;
        classes += value.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        classes += value.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        classes += value.chars().anyMatch(Character::isDigit) ? 1 : 0;
        classes += value.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        if (classes < 2) {
            return Optional.of("uses a single kind of character: expected a random mix of lower case, upper case"
                    + " and digits (pwgen -s 20)");
        }
        if (value.chars().distinct().count() < MIN_DISTINCT) {
            return Optional.of("repeats too few different characters: expected a random password (pwgen -s 20)");
        }
        if (client != null && !client.isBlank()
                && value.toLowerCase(Locale.ROOT).contains(client.toLowerCase(Locale.ROOT))) {
            return Optional.of("contains the client name: expected a random password (pwgen -s 20)");
        }
        return Optional.empty();
    }
}
