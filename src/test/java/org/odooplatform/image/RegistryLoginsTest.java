package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which registries {@code image build} and {@code image publish} log in to. */
class RegistryLoginsTest {

    private static final String CANARY = "canary-pw-8d1f";

    private final RegistryCredentials envPair = new RegistryCredentials(
            Map.of(RegistryCredentials.USERNAME_ENV, "ci", RegistryCredentials.PASSWORD_ENV, CANARY), null);

    @Test
    void theEnvironmentsPairGoesToTheTargetRegistryOnlyNeverToTheBaseImagesHost() {
        ImageReference target = ImageReference.parse("registry.example.com/acme/odoo:1.2.0");
        ImageReference base = ImageReference.parse("other.example.org/base/odoo:16.0");

        RegistryLogins logins = RegistryLogins.forImages(envPair, target, List.of(base), ref -> false);

        assertThat(logins.logins()).extracting(RegistryLogin::host).containsExactly("registry.example.com");
        assertThat(logins.logins().get(0).credential().password().reveal()).isEqualTo(CANARY);
        assertThat(logins.insecure()).isFalse();
    }

    @Test
    void theBaseImagesHostGetsItsOwnConfigEntry(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        String auth = Base64.getEncoder().encodeToString("reader:base-pw".getBytes());
        Files.writeString(config, "{\"auths\":{\"other.example.org\":{\"auth\":\"" + auth + "\"}}}");
        RegistryCredentials credentials = new RegistryCredentials(Map.of(), config);
        ImageReference target = ImageReference.parse("registry.example.com/acme/odoo:1.2.0");
        ImageReference base = ImageReference.parse("other.example.org/base/odoo:16.0");

        RegistryLogins logins = RegistryLogins.forImages(credentials, target, List.of(base), ref -> false);

        assertThat(logins.logins()).extracting(RegistryLogin::host).containsExactly("other.example.org");
        assertThat(logins.logins().get(0).credential().username()).isEqualTo("reader");
    }

    @Test
    void oneLoginPerHostAndInsecureWhenAnyImageIsReachedOverHttp() {
        ImageReference target = ImageReference.parse("127.0.0.1:5000/acme/odoo:1.2.0");
        ImageReference base = ImageReference.parse("127.0.0.1:5000/base/odoo:16.0");

        RegistryLogins logins = RegistryLogins.forImages(envPair, target, List.of(base),
                ref -> ref.apiHost().startsWith("127."));

        assertThat(logins.logins()).hasSize(1);
        assertThat(logins.logins().get(0).insecure()).isTrue();
        assertThat(logins.insecure()).isTrue();
    }

    @Test
    void noCredentialsNoLogin() {
        ImageReference target = ImageReference.parse("registry.example.com/acme/odoo:1.2.0");

        RegistryLogins logins = RegistryLogins.forImages(new RegistryCredentials(Map.of(), null), target, List.of(),
                ref -> false);

        assertThat(logins.logins()).isEmpty();
    }
}
