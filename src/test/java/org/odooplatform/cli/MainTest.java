package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void itPrintsItsVersion() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, "--version");
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("odoo-platform ").doesNotContain("dev")
                .containsPattern("odoo-platform \\d+\\.\\d+\\.\\d+");
    }

    @Test
    void anUnknownOptionIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), "--no-such-option");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option");
    }

    @Test
    void anUnknownInstanceIsBadInputForEveryCommandThatTakesOne() {
        String[][] commands = {
            {"check", "--instance", "staging", "--env-file", "x.env"},
            {"init-settings", "--client", "acme", "--instance", "staging"},
            {"status", "--instance", "staging"},
            {"deploy", "--instance", "prod", "--env-file", "x.env", "--image", "a/b:1", "--require-same-as", "staging"},
        };
        for (String[] command : commands) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Main.run(System.out, new PrintStream(err, true, StandardCharsets.UTF_8), command);
            assertThat(code).as(String.join(" ", command)).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).as(String.join(" ", command))
                    .contains("unknown instance 'staging': expected one of test, integration, prod");
        }
    }
}
