package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @Test
    void itReadsTheDurationsUsersWrite() {
        assertThat(converter.convert("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(converter.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void anythingElseSaysWhatIsExpected() {
        assertThatThrownBy(() -> converter.convert("15 minutes")).isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("expected a duration such as 0, 250ms, 90s, 15m, 1h30m");
        assertThatThrownBy(() -> converter.convert("m")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> converter.convert("250")).as("a unit is needed except for 0")
                .isInstanceOf(TypeConversionException.class);
    }
}
