package org.odooplatform.database;

/** The server's version: {@code server_version_num} (e.g. 150018) and its display text. */
public record ServerVersion(int number, String text) {

    /** {@code DROP DATABASE ... WITH (FORCE)} exists from PostgreSQL 13. */
    public boolean supportsForceDrop() {
        return number >= 130000;
    }

    /** SCRAM password verifiers exist from PostgreSQL 10. */
    public boolean supportsScram() {
        return number >= 100000;
    }

    @Override
    public String toString() {
        return "PostgreSQL " + text;
    }
}
