package org.odooplatform.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import org.odooplatform.common.Environment;
import org.odooplatform.common.InputFiles;
import org.odooplatform.common.MaskingPrintStream;
import org.odooplatform.common.SecretMasker;

/** Entry point of {@code bin/odoo-platform}: installs the masking console, runs one command, exits. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.setOut(new MaskingPrintStream(new FileOutputStream(FileDescriptor.out), SecretMasker.global()));
        System.setErr(new MaskingPrintStream(new FileOutputStream(FileDescriptor.err), SecretMasker.global()));
        int code = run(Environment.system(), System.out, System.err, args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command line with this process' environment and the given console streams. */
    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(Environment.system(), out, err, args);
    }

    /**
     * Runs one command line reading {@code env} (tests call this in-process with the variables they
     * mean: a JVM cannot change its own environment) with the given console streams.
     */
    public static int run(Environment env, PrintStream out, PrintStream err, String... args) {
        InputFiles.useEnvironment(env);
        if (OdooPlatformCommand.needed(args).isEmpty()) {
            // a bare --version, the first thing a pipeline step runs: without picocli, whose first
            // command model alone costs a few times the JVM's own start (bench/cli-start-bench.sh)
            out.println("odoo-platform " + VersionProvider.version());
            out.flush();
            return 0;
        }
        return OdooPlatformCommand.commandLine(env, out, err, args).execute(args);
    }
}
