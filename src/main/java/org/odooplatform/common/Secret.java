package org.odooplatform.common;

import java.util.Objects;

/**
 * A credential or secret setting. {@link #toString()} never prints the value; {@link #reveal()}
 * is the one explicit way out, for the single place that hands it to a server or a child
 * process' environment. Creating one registers it with {@link SecretMasker#global()}, so even a
 * value that escapes through a library's message is masked on the way to the console.
 */
public final class Secret {

    public static final String MASK = "****";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        Secret secret = new Secret(value);
        SecretMasker.global().register(value);
        return secret;
    }

    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    // no length(): a message must never tell how long a secret is

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
