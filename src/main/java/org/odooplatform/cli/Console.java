package org.odooplatform.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.odooplatform.common.MaskingPrintStream;
import org.odooplatform.common.SecretMasker;
import picocli.CommandLine.Model.CommandSpec;

/** The command's standard output as a masked PrintStream, for flows that print progress. */
final class Console {

    private Console() {
    }

    static PrintStream out(CommandSpec spec) {
        PrintWriter writer = spec.commandLine().getOut();
        OutputStream target = new OutputStream() {
            @Override
            public void write(int b) {
                writer.write(b);
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                writer.write(new String(bytes, off, len, StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                writer.flush();
            }
        };
        return new MaskingPrintStream(target, SecretMasker.global());
    }
}
