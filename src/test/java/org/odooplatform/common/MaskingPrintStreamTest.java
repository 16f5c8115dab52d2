package org.odooplatform.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskingPrintStreamTest {

    @Test
    void everyLineIsMaskedBeforeItLeaves() {
        SecretMasker masker = new SecretMasker();
        masker.register("Canary-Stream-Secret");
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream out = new MaskingPrintStream(target, masker);
        out.println("a Canary-Stream-Secret b");
        out.printf("%s%n", "x Canary-Stream-Secret");
        out.print("prompt Canary-Stream-Secret: ");
        out.flush();
        new IllegalStateException("boom Canary-Stream-Secret").printStackTrace(out);
        out.flush();
        String text = target.toString(StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("Canary-Stream-Secret").contains("a **** b", "x ****", "prompt ****: ",
                "boom ****");
    }

    @Test
    void noControlSequenceLeavesButNewlinesAndTabsDo() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        PrintStream out = new MaskingPrintStream(target, new SecretMasker());
        out.println("a\u001b[2Jb\tc\rd\u202Ee\u0007");
        out.flush();
        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("a\\e[2Jb\tc\\rd\\u202Ee\\u0007" + System.lineSeparator());
    }
}
