package org.odooplatform.flow.sandbox;

import java.util.List;
import java.util.Map;

/** Runs one {@code odoo-platform} command line, as a Jenkins agent or an operator would. */
public interface CommandRunner {

    /** Exit code and standard output (standard error is streamed to the console as it comes). */
    record Result(int exitCode, String stdout) {
    }

    /**
     * @param args the command line after {@code odoo-platform}
     * @param env  extra environment variables (credentials go here, never in {@code args})
     */
    Result run(List<String> args, Map<String, String> env);
}
