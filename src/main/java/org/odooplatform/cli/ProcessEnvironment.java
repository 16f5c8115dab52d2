package org.odooplatform.cli;

import java.util.Map;

/**
 * The environment commands read credentials from (RANCHER_*, ...). In-process tests replace it,
 * since a JVM cannot change its own environment; the real CLI always uses {@link System#getenv()}.
 */
public final class ProcessEnvironment {

    private static volatile Map<String, String> override;

    private ProcessEnvironment() {
    }

    public static Map<String, String> get() {
        Map<String, String> current = override;
        return current != null ? current : System.getenv();
    }

    /** Tests only: commands run in this JVM see {@code env} instead of the process environment (null resets). */
    public static void overrideForTests(Map<String, String> env) {
        override = env == null ? null : Map.copyOf(env);
    }
}
