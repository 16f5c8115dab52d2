package org.odooplatform.config;

import java.security.SecureRandom;

/** Passwords like {@code pwgen -s 20}: letters and digits drawn uniformly from a SecureRandom. */
public final class PasswordGenerator {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SecureRandom random;

    public PasswordGenerator() {
        this(new SecureRandom());
    }

    PasswordGenerator(SecureRandom random) {
        this.random = random;
    }

    /**
     * A fresh password that passes {@link PasswordPolicy} for {@code client}. Not registered for
     * masking: the caller wraps it in a {@code Secret} unless the user asked to see it.
     */
    public String generate(String client) {
        while (true) {
            StringBuilder out = new StringBuilder(PasswordPolicy.MIN_LENGTH);
            for (int i = 0; i < PasswordPolicy.MIN_LENGTH; i++) {
                out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (PasswordPolicy.weakness(out.toString(), client).isEmpty()) {
                return out.toString();
            }
        }
    }
}
