package org.odooplatform.config;

import java.nio.file.Path;
import org.odooplatform.common.Secret;
import org.odooplatform.common.SecretMasker;

/**
 * One variable of an instance's settings, with where it was defined. A setting is secret when
 * its name looks secret or it was read from a secret file; {@link #toString()} and
 * {@link #displayValue()} then print {@code ****}.
 */
public record Setting(String name, String value, Path file, int line, boolean fromSecretFile) {

    public boolean isSecret() {
        return fromSecretFile || SecretMasker.isSecretName(name);
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
