package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.odooplatform.testsupport.Cli;

/** Every "backups kept" option takes 0 (keep all) to 1000 and refuses the rest with exit 2, before any connection. */
class BackupCountConverterTest {

    @Test
    void everyBackupCountOptionRefusesNegativeHugeAndNonNumericCounts() {
        String[][] commands = {
            {"db", "backup", "--instance", "integration", "--env-file", "/nonexistent.env", "--keep"},
            {"db", "refresh", "--instance", "integration", "--from", "prod", "--env-file", "/nonexistent.env", "--keep"},
            {"deploy", "--instance", "integration", "--env-file", "/nonexistent.env", "--image", "x/y:1", "--keep-backups"},
        };
        for (String[] command : commands) {
            for (String bad : new String[] {"-1", "1001", "five"}) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 1);
                args[command.length] = bad;
                Cli.Result r = Cli.run(args);
                assertThat(r.code()).as(String.join(" ", args) + "\n" + r).isEqualTo(2);
                assertThat(r.err()).as(String.join(" ", args)).contains("'" + bad + "': expected 0 (keep all) to 1000")
                        .contains("nothing was changed");
            }
        }
    }

    @Test
    void zeroAndTheBoundsAreCounts() {
        BackupCountConverter converter = new BackupCountConverter();
        assertThat(converter.convert("0")).isZero();
        assertThat(converter.convert("1000")).isEqualTo(1000);
        assertThat(converter.convert(" 5 ")).isEqualTo(5);
    }
}
