package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryClientTest {

    @Test
    void plainHttpOnlyForLoopbackHostsOrAnInsecureRegistry() {
        assertThat(new RegistryClient("127.0.0.1:5000", false, Optional.empty(), "").baseUrl()).isEqualTo("http://127.0.0.1:5000");
        assertThat(new RegistryClient("localhost:5000", false, Optional.empty(), "").baseUrl()).isEqualTo("http://localhost:5000");
        assertThat(new RegistryClient("registry.example.com", false, Optional.empty(), "").baseUrl())
                .isEqualTo("https://registry.example.com");
        assertThat(new RegistryClient("localhost.example.com", false, Optional.empty(), "").baseUrl())
                .isEqualTo("https://localhost.example.com");
        assertThat(new RegistryClient("127.example.com", false, Optional.empty(), "").baseUrl()).startsWith("https://");
        assertThat(new RegistryClient("127.0.0.2:5000", false, Optional.empty(), "").baseUrl()).startsWith("http://");
        assertThat(new RegistryClient("registry.example.com:5000", true, Optional.empty(), "").baseUrl())
                .isEqualTo("http://registry.example.com:5000");
    }

    @Test
    void itReadsTheParametersOfABearerChallenge() {
        assertThat(RegistryClient.parseChallenge(
                "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:acme/odoo:pull\""))
                .containsEntry("realm", "https://auth.example.com/token")
                .containsEntry("service", "registry.example.com")
                .containsEntry("scope", "repository:acme/odoo:pull");
    }

    @Test
    void aDigestIsTheSha256OfTheBytes() {
        assertThat(RegistryClient.sha256(new byte[0]))
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
