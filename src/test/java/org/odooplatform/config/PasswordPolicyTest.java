package org.odooplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void pwgenStylePasswordsPassAndTheGeneratorMakesOnlySuch() {
        assertThat(PasswordPolicy.weakness("Ahphae6Ieghoo4iePh1u", "acme")).isEmpty();
        PasswordGenerator generator = new PasswordGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = generator.generate("acme");
            assertThat(password).hasSize(20).matches("[A-Za-z0-9]{20}");
            assertThat(PasswordPolicy.weakness(password, "acme")).isEmpty();
            seen.add(password);
        }
        assertThat(seen).hasSize(200);
    }

    @Test
    void weakPasswordsAreExplainedWithoutTheirValue() {
        assertThat(PasswordPolicy.weakness("Short1", null)).get().asString().contains("is too short").doesNotContain("Short1").doesNotContain("6");
        assertThat(PasswordPolicy.weakness("ABCDEFGHIJKLMNOPQRSTUV", null)).get().asString().contains("single kind");
        assertThat(PasswordPolicy.weakness("ab12ab12ab12ab12ab12ab", null)).get().asString().contains("too few different").doesNotContain("4");
        assertThat(PasswordPolicy.weakness("xyzACME1234567890QWEr", "acme")).get().asString().contains("client name");
    }
}
