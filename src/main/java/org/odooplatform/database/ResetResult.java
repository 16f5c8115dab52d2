package org.odooplatform.database;

import java.time.Duration;
import java.util.List;

/** What a reset did: the drop path, how many drop attempts, each step and its time. */
public record ResetResult(String database, ServerVersion server, DropPath path, int dropAttempts,
                          boolean dryRun, List<String> statements, List<Step> steps, Duration total) {

    public ResetResult {
        statements = List.copyOf(statements);
        steps = List.copyOf(steps);
    }

    public record Step(String name, Duration duration) {
    }
}
