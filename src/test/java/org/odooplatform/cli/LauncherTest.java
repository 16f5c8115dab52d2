package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/odoo-platform's first run (the jar is missing): what it prints when its output is not a terminal. */
class LauncherTest {

    @Test
    void theFirstRunPrintsNoEscapeCodesWhenOutputIsNotATerminal(@TempDir Path dir) throws Exception {
        // Maven 3.8 in batch mode still writes ESC[0m resets (seen on this machine's mvn 3.8.7): a stand-in that
        // does the same, and a java that only says it ran, so the test builds nothing
        Path bin = Files.createDirectories(dir.resolve("bin"));
        script(bin.resolve("mvn"), "printf '\\033[0m\\033[0m\\033[1mbuilt\\033[m\\n'");
        script(bin.resolve("java"), "echo \"java $*\"");
        ProcessBuilder pb = new ProcessBuilder(Paths.get("bin/odoo-platform").toAbsolutePath().toString(), "--version");
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("ODOO_PLATFORM_JAR", dir.resolve("missing.jar").toString());
        pb.redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(dir.resolve("out"));
        String err = Files.readString(dir.resolve("err"));
        assertThat(p.exitValue()).as(out + err).isZero();
        assertThat(err).contains("building").contains("built").doesNotContain("\u001b").doesNotContain("[0m");
        assertThat(out).containsPattern("^java (-\\S+ )*-jar ").doesNotContain("\u001b");
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
