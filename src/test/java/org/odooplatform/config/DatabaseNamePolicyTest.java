package org.odooplatform.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseNamePolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"acme_prod", "ACME", "a_c_m_e_db", "db-acme", "my_AcMe_1", "xacmex"})
    void aNameThatRevealsTheClientIsRefusedOnTheCluster(String name) {
        assertThat(DatabaseNamePolicy.revealsClient(name, "acme")).isTrue();
    }

    @Test
    void aRandomNameIsAccepted() {
        assertThat(DatabaseNamePolicy.clusterProblems("brave_otter_4821", "brave_otter_4821", "acme")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Brave", "1brave", "brave-otter", "brave\"; drop database x; --", "postgres", "template1",
        "a_name_that_is_far_too_long_for_a_postgresql_identifier_1234567890"})
    void namesThatAreNotPlainIdentifiersAreRefused(String name) {
        assertThat(DatabaseNamePolicy.identifierProblems("DB_NAME", name)).isNotEmpty();
    }

    @Test
    void theRoleMustBeNamedLikeItsDatabase() {
        assertThat(DatabaseNamePolicy.clusterProblems("brave_otter_4821", "someone_else", "acme"))
                .singleElement().asString().contains("DB_USER 'someone_else' differs from DB_NAME");
    }

    @RepeatedTest(20)
    void generatedNamesFollowThePolicy() {
        String name = new DatabaseNameGenerator().generate("river");
        assertThat(name).matches("[a-z]+_[a-z]+_[0-9]{4}");
        assertThat(DatabaseNamePolicy.clusterProblems(name, name, "river")).isEmpty();
    }
}
