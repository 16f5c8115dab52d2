package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;

class RegistryCredentialsTest {

    private static final String CANARY = "canary-Reg1stry-pw-7f3a";

    @TempDir
    Path dir;

    @Test
    void environmentCredentialsWinOverTheConfigFile() throws Exception {
        Path config = config("{\"auths\":{\"r.example.com\":{\"auth\":\"" + b64("fileuser:" + CANARY) + "\"}}}");
        RegistryCredentials creds = new RegistryCredentials(
                Map.of("REGISTRY_USERNAME", "envuser", "REGISTRY_PASSWORD", CANARY), config);
        assertThat(creds.forHost("r.example.com")).get().extracting(RegistryCredential::username).isEqualTo("envuser");
    }

    @Test
    void theEnvironmentPairIsNeverOfferedToAnotherRegistry() throws Exception {
        Path config = config("{\"auths\":{\"base.example.com\":{\"auth\":\"" + b64("baseuser:" + CANARY) + "\"}}}");
        RegistryCredentials creds = new RegistryCredentials(
                Map.of("REGISTRY_USERNAME", "envuser", "REGISTRY_PASSWORD", CANARY), config);
        assertThat(creds.forOtherHost("docker.io")).isEmpty();
        assertThat(creds.forOtherHost("base.example.com")).get().extracting(RegistryCredential::username).isEqualTo("baseuser");
    }

    @Test
    void itReadsTheAuthOfTheHostFromADockerConfig() throws Exception {
        Path config = config("{\"auths\":{\"https://r.example.com/v1/\":{\"auth\":\"" + b64("ci:" + CANARY) + "\"},"
                + "\"other.example.com\":{\"username\":\"u2\",\"password\":\"" + CANARY + "\"}}}");
        RegistryCredentials creds = new RegistryCredentials(Map.of(), config);
        RegistryCredential c = creds.forHost("r.example.com").orElseThrow();
        assertThat(c.username()).isEqualTo("ci");
        assertThat(c.password().reveal()).isEqualTo(CANARY);
        assertThat(creds.forHost("other.example.com")).get().extracting(RegistryCredential::username).isEqualTo("u2");
        assertThat(creds.forHost("unknown.example.com")).isEmpty();
    }

    @Test
    void aCredentialNeverShowsItsPassword() throws Exception {
        RegistryCredential c = new RegistryCredentials(Map.of("REGISTRY_USERNAME", "ci", "REGISTRY_PASSWORD", CANARY), null)
                .forHost("x").orElseThrow();
        assertThat(c.toString()).contains("ci").contains("****").doesNotContain(CANARY);
        assertThat(c.basicHeader()).doesNotContain(CANARY); // base64, but the masker knows that form:
        assertThat(org.odooplatform.common.SecretMasker.global().mask(c.basicHeader())).isEqualTo("Basic ****");
    }

    @Test
    void halfOfAnEnvironmentPairIsBadInput() {
        assertThatThrownBy(() -> new RegistryCredentials(Map.of("REGISTRY_USERNAME", "ci"), null).validate())
                .isInstanceOf(BadInputException.class).hasMessageContaining("REGISTRY_PASSWORD is not set");
    }

    @Test
    void aBrokenConfigIsBadInputWithoutQuotingIt() throws Exception {
        Path config = config("{\"auths\": {\"r\": {\"auth\": \"" + CANARY + "\"");
        assertThatThrownBy(() -> new RegistryCredentials(Map.of(), config).validate())
                .isInstanceOf(BadInputException.class).hasMessageContaining("not valid JSON").hasMessageNotContaining(CANARY);
        assertThatThrownBy(() -> new RegistryCredentials(Map.of(), dir.resolve("absent.json")).validate())
                .isInstanceOf(BadInputException.class).hasMessageContaining("not found");
    }

    private Path config(String json) throws Exception {
        return Files.writeString(dir.resolve("config.json"), json);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
