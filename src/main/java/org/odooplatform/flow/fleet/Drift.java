package org.odooplatform.flow.fleet;

/**
 * One drift flag of a client's stacks (docs/fleet-status.md#drift).
 *
 * @param kind     what drifted
 * @param instance the stack the flag is shown on ({@code test}, {@code integration}, {@code prod})
 * @param message  one line for an operator
 */
public record Drift(Kind kind, String instance, String message) {

    public enum Kind {
        /** prod runs an older release than integration: N releases behind. */
        PROD_BEHIND_INTEGRATION("prod-behind"),
        /** prod runs an image (digest, else reference) integration's recorded deploys never ran. */
        PROD_IMAGE_NOT_FROM_INTEGRATION("prod-image-unvetted"),
        /** integration runs an older version than the newest release any of the client's stacks recorded. */
        INTEGRATION_BEHIND_RELEASE("integration-behind"),
        /** services left between versions ({@code upgraded}, {@code upgrading}, ...) while no deploy holds the lock. */
        STUCK_UPGRADE("stuck-upgrade");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The flag as JSON and HTML show it. */
        public String id() {
            return id;
        }
    }
}
