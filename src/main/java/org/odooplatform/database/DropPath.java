package org.odooplatform.database;

/** How the old database is dropped while clients keep reconnecting to it. */
public enum DropPath {
    /** PostgreSQL 13+: {@code DROP DATABASE ... WITH (FORCE)} terminates and drops under one lock. */
    FORCE("DROP DATABASE ... WITH (FORCE)"),
    /** Older servers, or {@code --no-force-drop}: refuse new connections, terminate, drop, retry. */
    BLOCK_TERMINATE_DROP("ALLOW_CONNECTIONS false + CONNECTION LIMIT 0, terminate, DROP DATABASE");

    private final String description;

    DropPath(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
