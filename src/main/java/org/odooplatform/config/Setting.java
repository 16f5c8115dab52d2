package org.odooplatform.config;

import java.nio.file.Path;
import org.odooplatform.common.Secret;

/**
 * One variable of an instance's settings, with where it was defined. Whether it is secret is
 * {@link SecretRule}'s decision (its name, its file, a password in a URL); {@link #toString()} and
 * {@link #displayValue()} then print {@code ****}.
 */
public record Setting(String name, String value, Path file, int line, boolean fromSecretFile) {

    public boolean isSecret() {
        return SecretRule.isSecret(name, value, fromSecretFile);
    }

    /** The value as it may be shown to a user: masked when secret. */
    public String displayValue() {
        return isSecret() ? Secret.MASK : value;
    }

    public String location() {
        return file + ":" + line;
    }

    @Override
    public String toString() {
        return name + "=" + displayValue() + " (" + location() + ")";
    }
}
