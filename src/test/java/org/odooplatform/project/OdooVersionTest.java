package org.odooplatform.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OdooVersionTest {

    @ParameterizedTest
    @CsvSource({"10.1.2, 10.2.0, 10.1.3", "9.0.9, 9.1.0, 9.0.10", "10.0.1.2.0, 10.0.1.3.0, 10.0.1.2.1",
            "11.0.0, 11.1.0, 11.0.1"})
    void featureAndPatchBumpsFollowTheOldTasks(String from, String feature, String patch) {
        OdooVersion version = OdooVersion.parse(from);
        assertThat(version.bumpFeature()).hasToString(feature);
        assertThat(version.bumpPatch()).hasToString(patch);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9.1", "10.1.2.3", "10.1.2-beta", "v10.1.2", "10.01.2", "", " 10.1.2", "10.1.x", "1.2.3.4.5.6"})
    void anythingButThreeOrFiveNumbersIsRejected(String text) {
        assertThat(OdooVersion.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> OdooVersion.parse(text)).hasMessageContaining("expected x.y.z");
    }

    @Test
    void versionsCompareLikeMarabunta() {
        assertThat(OdooVersion.parse("10.1.10")).isGreaterThan(OdooVersion.parse("10.1.9"));
        assertThat(OdooVersion.parse("10.2.0")).isGreaterThan(OdooVersion.parse("10.1.10"));
        // x.y.z compares as x.0.0.y.z
        assertThat(OdooVersion.parse("10.1.0")).isEqualByComparingTo(OdooVersion.parse("10.0.0.1.0"));
        assertThat(OdooVersion.parse("10.0.1.0.0")).isGreaterThan(OdooVersion.parse("10.5.0"));
    }
}
