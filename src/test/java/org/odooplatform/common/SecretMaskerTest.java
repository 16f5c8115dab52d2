package org.odooplatform.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    private static final String CANARY = "Canary-s3cr3t+/value";

    private final SecretMasker masker = new SecretMasker();

    @Test
    void itMasksThePlainValue() {
        masker.register(CANARY);
        assertThat(masker.mask("password is " + CANARY + ".")).isEqualTo("password is ****.");
    }

    @Test
    void itMasksBase64AtEveryOffsetAsInABasicAuthHeader() {
        masker.register(CANARY);
        for (String user : new String[] {"a", "ab", "abc", "rancher-access-key"}) {
            String header = "Authorization: Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + CANARY).getBytes(StandardCharsets.UTF_8));
            String masked = masker.mask(header);
            assertThat(masked).as("user %s", user).contains("****");
            assertThat(decodesToCanary(masked)).isFalse();
        }
    }

    @Test
    void itMasksUrlEncodedAndEscapedForms() {
        masker.register(CANARY);
        String url = "postgres://u:" + URLEncoder.encode(CANARY, StandardCharsets.UTF_8) + "@db/x";
        assertThat(masker.mask(url)).doesNotContain(URLEncoder.encode(CANARY, StandardCharsets.UTF_8));
        masker.register("with\"quote");
        assertThat(masker.mask("{\"p\":\"with\\\"quote\"}")).isEqualTo("{\"p\":\"****\"}");
    }

    @Test
    void itIgnoresValuesTooShortToMaskSafely() {
        masker.register("1");
        assertThat(masker.mask("10.1.2")).isEqualTo("10.1.2");
    }

    @Test
    void itRecognisesSecretNames() {
        assertThat(SecretMasker.isSecretName("DB_PASSWORD")).isTrue();
        assertThat(SecretMasker.isSecretName("ADMIN_PASSWD")).isTrue();
        assertThat(SecretMasker.isSecretName("RANCHER_SECRET_KEY")).isTrue();
        assertThat(SecretMasker.isSecretName("AWS_SECRET_ACCESS_KEY")).isTrue();
        assertThat(SecretMasker.isSecretName("LETSENCRYPT_AWS_ACCESS_KEY")).isTrue();
        assertThat(SecretMasker.isSecretName("GITHUB_TOKEN")).isTrue();
        assertThat(SecretMasker.isSecretName("DB_NAME")).isFalse();
        assertThat(SecretMasker.isSecretName("KEYCLOAK_URL")).isFalse();
    }

    @Test
    void aSecretNeverPrintsItsValue() {
        Secret secret = Secret.of("another-Canary-9912");
        assertThat(secret.toString()).isEqualTo("****");
        assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain("Canary");
        assertThat(SecretMasker.global().mask("x another-Canary-9912 y")).isEqualTo("x **** y");
    }

    private static boolean decodesToCanary(String text) {
        for (String word : text.split("[^A-Za-z0-9+/=]")) {
            try {
                if (new String(Base64.getDecoder().decode(word), StandardCharsets.UTF_8).contains(CANARY)) {
                    return true;
                }
            } catch (IllegalArgumentException notBase64) {
                // not a base64 word
            }
        }
        return false;
    }
}
