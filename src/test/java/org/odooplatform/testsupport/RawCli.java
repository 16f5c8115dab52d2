package org.odooplatform.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.odooplatform.cli.Main;

/**
 * Runs the CLI in-process with plain, unmasked console streams: what a command writes before the
 * masking console could hide it. Secret tests use it to prove a secret is never printed at all.
 */
public final class RawCli {

    private RawCli() {
    }

    public static Cli.Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = Main.run(Cli.environment(), o, e, args);
        o.flush();
        e.flush();
        return new Cli.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
