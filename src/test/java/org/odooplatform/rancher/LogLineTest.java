package org.odooplatform.rancher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The host agent's log messages, as rancher-compose reads them (rancher/service.go pipeLogs). */
class LogLineTest {

    @Test
    void thePrefixSaysTheStreamAndDockersTimestampIsSplitOff() {
        // host-api log_wrapper.go: "01 " stdout, "02 " stderr, "00 " TTY; logs.go: Timestamps: true
        List<LogLine> out = LogLine.parse("odoo-1", "01 2026-12-02T07:36:20.216123456Z INFO odoo: ready\n");
        assertThat(out).containsExactly(new LogLine("odoo-1", false, Instant.parse("2026-12-02T07:36:20.216123456Z"), "INFO odoo: ready"));
        assertThat(LogLine.parse("odoo-1", "02 2026-12-02T07:36:20Z boom\n").get(0).stderr()).isTrue();
        // rancher-compose: anything but "01" goes to stderr, the TTY stream included
        assertThat(LogLine.parse("odoo-1", "00 2026-12-02T07:36:20Z tty\n").get(0).stderr()).isTrue();
    }

    @Test
    void shortMessagesAreSkippedAndALineWithoutTimestampIsKeptWhole() {
        // pipeLogs: `len(bytes) <= 3` is skipped
        assertThat(LogLine.parse("odoo-1", "01 ")).isEmpty();
        assertThat(LogLine.parse("odoo-1", "01 no timestamp here")).containsExactly(new LogLine("odoo-1", false, null, "no timestamp here"));
    }

    @Test
    void oneWriteWithSeveralLinesGivesOneLineEach() {
        List<LogLine> out = LogLine.parse("db-1", "01 2026-12-02T07:36:20Z first\n2026-12-02T07:36:21Z second\n");
        assertThat(out).extracting(LogLine::text).containsExactly("first", "second");
        assertThat(out.get(1).format(6)).isEqualTo("db-1   | 2026-12-02T07:36:21Z second");
    }
}
