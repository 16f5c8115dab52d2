package org.odooplatform.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.odooplatform.common.BadInputException;
import org.odooplatform.project.History;
import org.odooplatform.project.OdooVersion;
import org.odooplatform.project.TextFile;
import org.odooplatform.testsupport.Projects;

class PreviousReleaseTest {

    static History history(String releases) {
        return History.parse(TextFile.parse(Path.of("HISTORY.rst"), "Release History\n---------------\n\nlatest (unreleased)\n"
                + "+++++++++++++++++++\n\n" + releases));
    }

    static Optional<String> before(History history, String version) {
        return PreviousRelease.before(history, OdooVersion.parse(version)).map(r -> r.version().toString());
    }

    @Test
    void theHighestReleaseBelowTheOneBuiltIsTheOneItUpgradesFrom() {
        History sample = History.load(Projects.SAMPLE.resolve("HISTORY.rst"));

        assertThat(before(sample, "10.2.0")).contains("10.1.2");
        assertThat(before(sample, "10.1.2")).as("a tag build of 10.1.2 whose section is already written").contains("10.1.1");
        assertThat(before(sample, "10.1.0")).contains("10.0.0");
        assertThat(PreviousRelease.before(sample, OdooVersion.parse("10.1.2")).orElseThrow().heading().line()).isEqualTo(43);
    }

    @Test
    void theOrderIsTheVersionsNotTheFilesAndFiveNumberVersionsCompareAsMarabuntaDoes() {
        History unordered = history("10.1.0 (2017-03-02)\n+++++++++++++++++++\n\n10.1.10 (2017-05-01)\n++++++++++++++++++++\n\n"
                + "10.1.9 (2017-04-01)\n+++++++++++++++++++\n\n10.0.1.3.0 (2018-01-01)\n++++++++++++++++++++++++\n");

        assertThat(before(unordered, "10.2.0")).contains("10.1.10");
        assertThat(before(unordered, "10.1.10")).contains("10.1.9");
        // x.y.z compares as x.0.0.y.z: 10.0.1.3.0 is above 10.1.10 (10.0.0.1.10)
        assertThat(before(unordered, "10.0.1.4.0")).contains("10.0.1.3.0");
    }

    @Test
    void theFirstReleaseHasNone() {
        assertThat(before(history("10.0.0 (2017-02-06)\n+++++++++++++++++++\n"), "10.0.0")).isEmpty();
        assertThat(before(history(""), "10.0.0")).isEmpty();
    }

    @Test
    void aMalformedHistoryIsBadInputWithItsLine() {
        History broken = history("10.1.0 (2017-13-02)\n+++++++++++++++++++\n");

        assertThatThrownBy(() -> PreviousRelease.before(broken, OdooVersion.parse("10.2.0"))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("HISTORY.rst:7").hasMessageContaining("date '2017-13-02' is not a date");
    }
}
