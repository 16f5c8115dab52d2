package org.odooplatform.image;

import java.util.Objects;

/** Credentials a builder logs in with for one registry host; {@code insecure} allows plain HTTP. */
public record RegistryLogin(String host, RegistryCredential credential, boolean insecure) {
    public RegistryLogin {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(credential, "credential");
    }
}
