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

    @Test
    void negativeOverflowingAndDaysLongDurationsAreRefused() {
        for (String value : new String[] {"PT-5M", "-5m", "99999999999999999999s", "9999999999h", "25h", "PT25H", "30d"}) {
            assertThatThrownBy(() -> converter.convert(value)).as(value).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("'" + value + "'");
        }
        assertThat(converter.convert("24h")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aTimeOutMustBePositive() {
        DurationConverter positive = new DurationConverter.Positive();
        for (String value : new String[] {"0", "0s", "0ms", "PT0S", "0h0m"}) {
            assertThatThrownBy(() -> positive.convert(value)).as(value).isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("expected a positive duration");
        }
        assertThat(positive.convert("1ms")).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void durationsPrintAsPeopleWriteThem() {
        assertThat(org.odooplatform.common.Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(org.odooplatform.common.Durations.format(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(org.odooplatform.common.Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(org.odooplatform.common.Durations.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        assertThat(org.odooplatform.common.Durations.format(converter.convert("PT2M"))).isEqualTo("2m");
    }
}
