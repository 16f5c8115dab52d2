package org.odooplatform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.project.Instance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init-settings} without the CLI: the naming rules, the environment lookup, the file. */
class SettingsInitialiserTest {

    @TempDir
    Path dir;

    private static final Map<String, String> ENV = Map.of("AWS_HOST", "s3.example.net",
            "AWS_SECRET_ACCESS_KEY", "canary-aws-secret-51c2");

    private final SettingsInitialiser initialiser = new SettingsInitialiser(ENV::get);

    @Test
    void theTestInstanceIsNamedAfterTheClientTheClusterInstancesNeverAre() {
        SettingsTemplate.Values test = initialiser.run(request(Instance.TEST, null)).values();
        assertThat(test.dbName()).isEqualTo("acme_test_db");
        assertThat(test.dbUser()).isEqualTo("acme_test");

        SettingsTemplate.Values prod = initialiser.run(request(Instance.PROD, null)).values();
        assertThat(prod.dbUser()).isEqualTo(prod.dbName());
        assertThat(DatabaseNamePolicy.clusterProblems(prod.dbName(), prod.dbUser(), "acme")).isEmpty();
    }

    @Test
    void platformCredentialsComeFromTheLookupPassedInAndItsSecretsAreMasked() {
        SettingsInitialiser.Result result = initialiser.run(request(Instance.INTEGRATION, null));

        assertThat(result.values().provider()).containsEntry("AWS_HOST", "s3.example.net")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "canary-aws-secret-51c2");
        assertThat(result.missing()).contains("AWS_ACCESS_KEY_ID").doesNotContain("AWS_HOST");
        assertThat(SecretMasker.global().mask("key canary-aws-secret-51c2")).doesNotContain("canary-aws-secret-51c2");
        assertThat(result.domainDefaulted()).isTrue();
        assertThat(result.values().domain()).isEqualTo("integration.acme.odoo.example.com");
    }

    @Test
    void theFileIsWrittenWithMode0600() throws Exception {
        Path out = dir.resolve("prod.env");
        SettingsInitialiser.Result result = initialiser.run(request(Instance.PROD, out));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(Files.readString(out)).contains("DB_NAME=" + result.values().dbName());
    }

    @Test
    void badInputChangesNothing() throws Exception {
        Path out = dir.resolve("prod.env");
        Files.writeString(out, "kept\n");

        assertThatThrownBy(() -> initialiser.run(request(Instance.PROD, out))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("already exists");
        assertThat(Files.readString(out)).isEqualTo("kept\n");
        assertThatThrownBy(() -> initialiser.run(new SettingsInitialiser.Request("Acme-1", Instance.PROD, null,
                dir.resolve("new.env"), false, null, false))).isInstanceOf(BadInputException.class);
        assertThat(dir.resolve("new.env")).doesNotExist();
    }

    private static SettingsInitialiser.Request request(Instance instance, Path out) {
        return new SettingsInitialiser.Request("acme", instance, null, out, false, null, false);
    }
}
