package org.odooplatform.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @TempDir
    Path dir;

    static Path fifo(Path at) throws Exception {
        Process p = new ProcessBuilder("mkfifo", at.toString()).start();
        assertThat(p.waitFor()).isZero();
        return at;
    }

    private static BadInputException refusal(Runnable read) {
        try {
            read.run();
        } catch (BadInputException e) {
            return e;
        }
        throw new AssertionError("expected a BadInputException");
    }

    @Test
    void aUtf8FileIsReadAndItsBomStrippedAndReported() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.env"), "export A=é\n");
        assertThat(InputFiles.read(plain)).isEqualTo(new InputFiles.Text("export A=é\n", false));
        Path bom = dir.resolve("bom.env");
        Files.write(bom, ("\uFEFFexport A=1\n").getBytes(StandardCharsets.UTF_8));
        assertThat(InputFiles.read(bom)).isEqualTo(new InputFiles.Text("export A=1\n", true));
    }

    @Test
    void latin1IsRefusedWithTheLineAndBytePositionButNotTheByte() throws Exception {
        Path file = dir.resolve("latin1.env");
        Files.write(file, "export A=1\nexport DB_PASSWORD=caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        BadInputException e = refusal(() -> InputFiles.read(file));
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).line()).isEqualTo(2);
        assertThat(e.getMessage()).contains(file.toString()).contains("byte 23 of the line is not UTF-8")
                .contains("iconv").doesNotContain("e9").doesNotContain("E9").doesNotContain("caf");
    }

    @Test
    void binaryIsRefusedAtItsFirstNulByte() throws Exception {
        Path file = dir.resolve("bin.env");
        Files.write(file, new byte[] {'A', '=', '1', '\n', 'B', 0, 1, 2});
        BadInputException e = refusal(() -> InputFiles.read(file));
        assertThat(e.problems().get(0).line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("contains a NUL byte (byte 2 of the line): expected a text file");
    }

    @Test
    void aDirectoryAMissingFileAndATooLargeFileAreRefused() throws Exception {
        assertThat(refusal(() -> InputFiles.read(dir)).getMessage()).contains("is a directory: expected a file");
        assertThat(refusal(() -> InputFiles.read(dir.resolve("nope"))).getMessage()).contains("file not found");
        Path big = Files.write(dir.resolve("big.env"), new byte[5 * 1024 * 1024]);
        assertThat(refusal(() -> InputFiles.read(big)).getMessage())
                .contains("is larger than 4 MB (5242880 bytes)");
    }

    @Test
    void devZeroEndsAtTheSizeBound() {
        long start = System.nanoTime();
        BadInputException e = refusal(() -> InputFiles.read(Path.of("/dev/zero")));
        assertThat(e.getMessage()).contains("/dev/zero").contains("is larger than 4 MB");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aFifoNobodyWritesToEndsAtTheTimeoutAndOneWithAWriterIsRead() throws Exception {
        Path silent = fifo(dir.resolve("silent.env"));
        long start = System.nanoTime();
        BadInputException e = refusal(() -> InputFiles.read(silent, InputFiles.MAX_TEXT_BYTES, Duration.ofMillis(500)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(e.getMessage()).contains(silent.toString())
                .contains("is not a regular file (a FIFO, a device or a pipe) and did not deliver its content within 500ms")
                .contains(InputFiles.TIMEOUT_VARIABLE);
        try (OutputStream release = Files.newOutputStream(silent)) {
            release.flush(); // lets the abandoned reader thread end
        }

        Path fed = fifo(dir.resolve("fed.env"));
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                Files.writeString(fed, "export A=1\n");
            } catch (Exception ex) {
                throw new RuntimeException(ex);
            }
        });
        assertThat(InputFiles.readText(fed)).isEqualTo("export A=1\n");
        writer.get();
    }
}
