package org.odooplatform.image;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import org.odooplatform.common.Secret;
import org.odooplatform.common.SecretMasker;

/**
 * A registry user and password, with where they came from (for error messages). The password is
 * a {@link Secret}: {@link #toString()} shows {@code ****}, and the derived {@code user:password}
 * forms are registered with the masker so a leaked Basic header is masked too.
 */
public record RegistryCredential(String username, Secret password, String source) {

    public RegistryCredential {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(source, "source");
        SecretMasker.global().registerCredential(username, password.reveal());
    }

    /** The value of an HTTP {@code Authorization: Basic ...} header. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return username + ":" + Secret.MASK + " (from " + source + ")";
    }
}
