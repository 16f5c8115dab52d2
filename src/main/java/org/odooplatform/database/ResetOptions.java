package org.odooplatform.database;

/** How a reset runs: the command-line switches of {@code db reset}. */
public record ResetOptions(boolean yes, boolean dryRun, boolean stopOdoo, String stack, boolean forceDrop,
                           int maxAttempts) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private boolean yes;
        private boolean dryRun;
        private boolean stopOdoo;
        private String stack;
        private boolean forceDrop = true;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

        public Builder yes(boolean value) {
            yes = value;
            return this;
        }

        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        public Builder stopOdoo(boolean value) {
            stopOdoo = value;
            return this;
        }

        public Builder stack(String value) {
            stack = value;
            return this;
        }

        /** False forces the fallback path (block connections, terminate, drop) even on PostgreSQL 13+. */
        public Builder forceDrop(boolean value) {
            forceDrop = value;
            return this;
        }

        public Builder maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public ResetOptions build() {
            return new ResetOptions(yes, dryRun, stopOdoo, stack, forceDrop, maxAttempts);
        }
    }
}
