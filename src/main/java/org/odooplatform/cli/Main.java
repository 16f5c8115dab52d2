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
        wakeHttpSelectors();
        System.exit(code);
    }

    /**
     * Lets the JDK HTTP clients' selector threads end before the exit. A thread blocked in native code
     * (the selector's epoll_wait) makes System.exit wait 300 ms for it (HotSpot's
     * VM_Exit::wait_for_threads_in_native_to_block: 30 polls of 10 ms): more than an empty JVM's whole
     * start, on every command that made a request (bench/cli-start-bench.sh). Interrupting the thread
     * wakes its selector and it closes its connections; the command is over, so nothing uses them.
     * JDK 17's HttpClient has no close() (Java 21 has): matched by the name the JDK gives those threads;
     * a JDK naming them otherwise only brings the wait back.
     */
    private static void wakeHttpSelectors() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 8];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            String name = threads[i].getName();
            if (threads[i].isDaemon() && name.startsWith("HttpClient-") && name.endsWith("-SelectorManager")) {
                threads[i].interrupt();
            }
        }
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
