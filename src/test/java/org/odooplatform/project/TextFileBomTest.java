package org.odooplatform.project;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file with a UTF-8 BOM is read without it and written back with it, so an edit changes only its line. */
class TextFileBomTest {

    @Test
    void theBomIsNotPartOfTheFirstLineAndIsWrittenBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("VERSION");
        byte[] bytes = "\uFEFF10.0.1\r\n".getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        TextFile text = TextFile.read(file);
        assertThat(text.bom()).isTrue();
        assertThat(text.line(0)).isEqualTo("10.0.1");
        assertThat(text.text().getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
        assertThat(text.withLine(0, "10.0.2").text()).isEqualTo("\uFEFF10.0.2\r\n");
    }
}
