package org.odooplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.SecretMasker;

class SecretFileMaskingTest {

    @Test
    void secretValuesOfTheSecretFileAreMaskedEverywhereButPublicSettingsAreNot(@TempDir Path dir) throws IOException {
        Path env = dir.resolve("rancher.env");
        Files.writeString(env, "export RUNNING_ENV=integration\nexport DB_PORT=5432\nexport LOG_LEVEL=info\n"
                + "export DB_PASS=Cnry0DbPass8sK2\nexport CUSTOM_ID=EXOCNRY0ACCESS77\n");
        Settings settings = Settings.load(null, env);

        String masked = SecretMasker.global().mask("rancher/integration on 5432 at info: Cnry0DbPass8sK2 EXOCNRY0ACCESS77");

        assertThat(masked).isEqualTo("rancher/integration on 5432 at info: **** ****");
        // the same rule where settings are displayed: public names in clear, the others masked
        assertThat(settings.get("RUNNING_ENV").get().displayValue()).isEqualTo("integration");
        assertThat(settings.get("DB_PASS").get().displayValue()).isEqualTo("****");
        assertThat(settings.get("CUSTOM_ID").get().displayValue()).isEqualTo("****");
    }

    @Test
    void theDatabaseNameAndOtherDocumentedPublicValuesStayReadableInLogs(@TempDir Path dir) throws IOException {
        Path env = dir.resolve("rancher.env");
        Files.writeString(env, "export DB_NAME=misty_heron_7741\nexport DB_USER=misty_heron_7741\n"
                + "export AWS_HOST=sos-ch-dk2.example.com\nexport UNKNOWN_ID=misty_heron_7742\n");
        Settings.load(null, env);

        assertThat(SecretMasker.global().mask("resetting misty_heron_7741 on sos-ch-dk2.example.com, id misty_heron_7742"))
                .isEqualTo("resetting misty_heron_7741 on sos-ch-dk2.example.com, id ****");
    }

    @Test
    void whatLooksLikeACredential() {
        assertThat(EnvFileParser.looksLikeCredential("brave_otter_4821")).isTrue();
        assertThat(EnvFileParser.looksLikeCredential("AKIAEXAMPLE01")).isTrue();
        assertThat(EnvFileParser.looksLikeCredential("abcdEFGHijkl")).isTrue();
        assertThat(EnvFileParser.looksLikeCredential("acme-odoo-integration")).isFalse();
        assertThat(EnvFileParser.looksLikeCredential("1572864000")).isFalse();
        assertThat(EnvFileParser.looksLikeCredential("Short1")).isFalse();
        assertThat(EnvFileParser.looksLikeCredential("https://test.acme.odoo.example.com")).isFalse();
    }
}
