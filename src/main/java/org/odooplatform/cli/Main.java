package org.odooplatform.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import org.odooplatform.common.MaskingPrintStream;
import org.odooplatform.common.SecretMasker;

/** Entry point of {@code bin/odoo-platform}: installs the masking console, runs one command, exits. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setOut(new MaskingPrintStream(new FileOutputStream(FileDescriptor.out), SecretMasker.global()));
        System.setErr(new MaskingPrintStream(new FileOutputStream(FileDescriptor.err), SecretMasker.global()));
        int code = run(System.out, System.err, args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command line with the given console streams (tests call this in-process). */
    public static int run(PrintStream out, PrintStream err, String... args) {
        if (OdooPlatformCommand.needed(args).isEmpty()) {
            // a bare --version, the first thing a pipeline step runs: without picocli, whose first
            // command model alone costs a few times the JVM's own start (bench/cli-start-bench.sh)
            out.println("odoo-platform " + VersionProvider.version());
            out.flush();
            return 0;
        }
        return OdooPlatformCommand.commandLine(out, err, args).execute(args);
    }
}
