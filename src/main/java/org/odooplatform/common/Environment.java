package org.odooplatform.common;

import java.util.Map;
import java.util.Optional;

/**
 * The process environment as the engine reads it: an immutable copy taken once at start
 * ({@link #system()}, called by {@code cli.Main} only) and handed to whoever needs a variable, so
 * no class reads {@code System.getenv} behind the caller's back and an in-process test gives a
 * command exactly the variables it means ({@link #of}).
 */
public final class Environment {

    private final Map<String, String> variables;

    private Environment(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** This process' environment: the one place that reads it. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    public static Environment of(Map<String, String> variables) {
        return new Environment(variables);
    }

    /** The variable's value; empty when it is not set (an empty value is a value). */
    public Optional<String> get(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    /** The variable's value, or null: for the components that take a {@code Function<String, String>} lookup. */
    public String value(String name) {
        return variables.get(name);
    }

    /** Every variable, for the components that read several (RANCHER_*, PG*). */
    public Map<String, String> asMap() {
        return variables;
    }
}
