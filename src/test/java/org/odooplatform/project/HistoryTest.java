package org.odooplatform.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.odooplatform.testsupport.Projects;

class HistoryTest {

    private static History parse(String text) {
        return History.parse(TextFile.parse(Path.of("HISTORY.rst"), text));
    }

    @Test
    void itFindsTheUnreleasedHeadingAndTheReleasedSectionsOfTheSample() {
        History history = History.load(Projects.SAMPLE.resolve("HISTORY.rst"));
        assertThat(history.problems()).isEmpty();
        assertThat(history.unreleased()).get().extracting(History.Heading::line).isEqualTo(19);
        assertThat(history.releases()).containsOnlyKeys("10.1.2", "10.1.1", "10.1.0", "10.0.0");
        assertThat(history.notes("10.1.2")).contains(
                "**Bugfixes**\n\n* Sales: the portal user can again download its quotations");
        assertThat(history.notes("10.0.0")).contains(
                "**Features and Improvements**\n\n* First release: accounting, sales, stock and the customer import");
        assertThat(history.notes("9.9.9")).isEmpty();
    }

    @Test
    void onlyTheFirstUnreleasedHeadingCountsAndEntriesMentioningTheWordAreNotHeadings() {
        History history = parse("latest (unreleased)\n+++++++++++++++++++\n\n* fix the unreleased flag\n\n"
                + "future (unreleased)\n+++++++++++++++++++\n");
        assertThat(history.unreleased()).get().extracting(History.Heading::index).isEqualTo(0);
    }

    @Test
    void aFileWithoutAnUnreleasedHeadingIsAnErrorAtTheLineThatMentionsIt() {
        History history = parse("Release History\n---------------\n\nlatest (unreleased)\n\n10.0.0 (2017-02-06)\n+++++++++++++++++++\n");
        assertThat(history.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("'unreleased' is not a heading here");
        });
        assertThat(parse("10.0.0 (2017-02-06)\n+++++++++++++++++++\n").problems())
                .singleElement().satisfies(p -> assertThat(p.message()).contains("no unreleased section"));
    }

    @Test
    void aBadDateAndATwiceReleasedVersionAreReportedWithTheirLines() {
        History history = parse("latest (unreleased)\n+++++++++++++++++++\n\n10.1.0 (2017-13-01)\n+++++++++++++++++++\n\n"
                + "10.0.0 (2017-02-06)\n+++++++++++++++++++\n\n10.0.0 (2017-02-07)\n+++++++++++++++++++\n");
        assertThat(history.problems()).extracting(p -> p.line() + ": " + p.message()).containsExactly(
                "4: release 10.1.0: date '2017-13-01' is not a date: expected YYYY-MM-DD",
                "10: release 10.0.0 already has a section on line 7: expected one section per version");
    }
}
