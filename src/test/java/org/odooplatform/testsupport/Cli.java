package org.odooplatform.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.odooplatform.cli.Main;
import org.odooplatform.common.Environment;
import org.odooplatform.common.MaskingPrintStream;
import org.odooplatform.common.SecretMasker;

/** Runs the CLI in-process with masked, captured console streams, as bin/odoo-platform would. */
public final class Cli {

    /** Exit code and everything printed. */
    public record Result(int code, String out, String err) {
        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    /** The environment in-process runs see (null: this JVM's own); a test sets it, and resets it after. */
    private static volatile Map<String, String> environment;

    private Cli() {
    }

    /** The commands run after this see exactly {@code env} as their environment (null: this JVM's own again). */
    public static void useEnvironment(Map<String, String> env) {
        environment = env == null ? null : Map.copyOf(env);
    }

    /** What {@link #useEnvironment} set, for a test that runs {@link Main} itself. */
    public static Environment environment() {
        Map<String, String> env = environment;
        return env == null ? Environment.system() : Environment.of(env);
    }

    public static Result run(String... args) {
        // each run is a fresh process for the masker too: what an earlier test registered must not garble this output
        SecretMasker.global().clear();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new MaskingPrintStream(out, SecretMasker.global());
        PrintStream errStream = new MaskingPrintStream(err, SecretMasker.global());
        int code = Main.run(environment(), outStream, errStream, args);
        outStream.flush();
        errStream.flush();
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
