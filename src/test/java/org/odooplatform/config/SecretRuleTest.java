package org.odooplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.odooplatform.common.SecretMasker;

/** The one rule of docs/check.md "Secret and public settings". */
class SecretRuleTest {

    @Test
    void publicNamesAreShownInClearWhicheverFileHoldsThem() {
        for (String name : new String[] {"RUNNING_ENV", "DB_NAME", "DB_USER", "DB_HOST", "WORKERS", "RANCHER_URL",
                "AWS_HOST", "ODOO_BASE_URL", "SMTP_HOST", "REDIS_PORT", "AWS_ACCESS_KEY_ID", "LETSENCRYPT_AWS_ACCESS_KEY"}) {
            assertThat(SecretRule.isSecret(name, "some-value-1A", true)).as(name).isFalse();
            assertThat(SecretRule.isSecret(name, "some-value-1A", false)).as(name).isFalse();
        }
    }

    @Test
    void secretNamesAreSecretWhicheverFileHoldsThem() {
        for (String name : new String[] {"DB_PASSWORD", "ADMIN_PASSWD", "AWS_SECRET_ACCESS_KEY", "LETSENCRYPT_AWS_SECRET_KEY",
                "API_TOKEN", "SMTP_PASS", "DB_PWD", "GPG_PASSPHRASE", "SERVICE_CREDENTIALS", "STRIPE_API_KEY", "KEY",
                "SIGNING_PRIVATE_KEY_PEM", "SMTP_PASSWORD_URL"}) {
            assertThat(SecretRule.isSecret(name, "x", false)).as(name).isTrue();
            assertThat(SecretRule.isSecretName(name)).as(name).isTrue();
        }
    }

    @Test
    void otherNamesAreSecretInTheSecretFileOnlyAndAUrlWithAPasswordAlways() {
        assertThat(SecretRule.isSecret("CUSTOM_SETTING", "x", true)).isTrue();
        assertThat(SecretRule.isSecret("CUSTOM_SETTING", "x", false)).isFalse();
        assertThat(SecretRule.isSecret("ODOO_BASE_URL", "https://u:p@host", false)).isTrue();
    }

    @Test
    void noPublicNameMatchesTheSecretNameRuleExceptTheDocumentedKeyIds() {
        for (String name : SecretRule.PUBLIC_NAMES) {
            if (!name.equals("LETSENCRYPT_AWS_ACCESS_KEY")) {
                assertThat(SecretMasker.isSecretName(name)).as(name).isFalse();
            }
        }
    }
}
