package org.odooplatform.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.odooplatform.common.Secret;

/** The registry of scripts/test-services.sh: its address, credentials and the base image, read from the env. */
final class TestRegistry {

    static final String HOST = System.getenv().getOrDefault("TEST_REGISTRY", "127.0.0.1:5000");
    static final String USER = System.getenv().getOrDefault("TEST_REGISTRY_USER", "ciuser");
    static final String BASE_IMAGE = System.getenv("TEST_BASE_IMAGE");

    private TestRegistry() {
    }

    static String password() {
        try {
            return Files.readString(Path.of(System.getenv("TEST_REGISTRY_PASSWORD_FILE"))).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A docker config.json in {@code dir} with {@code user:password} for {@code host}. */
    static Path config(Path dir, String host, String user, String password) {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("config-" + UUID.randomUUID() + ".json"),
                    "{\"auths\":{\"" + host + "\":{\"auth\":\"" + auth + "\"}}}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path config(Path dir) {
        return config(dir, HOST, USER, password());
    }

    /** A repository name no other test (or helper) uses. */
    static String uniqueRepo(String prefix) {
        return HOST + "/it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RegistryClient client() {
        return new RegistryClient(HOST, false, Optional.of(new RegistryCredential(USER, Secret.of(password()), "test")), "test");
    }
}
