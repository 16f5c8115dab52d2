package org.odooplatform.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A console stream that masks every registered secret (and URL user info) and escapes control characters
 * other than newline and tab before a line leaves the process. The CLI
 * installs it as System.out and System.err, so no output path can bypass the masker.
 */
public final class MaskingPrintStream extends PrintStream {

    public MaskingPrintStream(OutputStream target, SecretMasker masker) {
        super(new LineMaskingStream(target, masker), true, StandardCharsets.UTF_8);
    }

    private static final class LineMaskingStream extends OutputStream {
        private final OutputStream target;
        private final SecretMasker masker;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineMaskingStream(OutputStream target, SecretMasker masker) {
            this.target = target;
            this.masker = masker;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            line.write(b);
            if (b == '\n') {
                emit();
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            // a prompt has no line end yet; each secret is still written whole by one print call
            emit();
        }

        @Override
        public synchronized void close() throws IOException {
            emit();
            target.close();
        }

        private void emit() throws IOException {
            if (line.size() == 0) {
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            // no terminal control sequence leaves the tool (picocli's colours are off): text from a stack or an
            // option cannot clear the screen or overwrite a line
            target.write(Printable.terminal(masker.mask(text)).getBytes(StandardCharsets.UTF_8));
            target.flush();
        }
    }
}
