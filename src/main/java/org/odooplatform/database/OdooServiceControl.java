package org.odooplatform.database;

/**
 * Stops the Odoo service of a stack so it stops reconnecting to the database during a reset.
 * The Rancher implementation lives with the Rancher client; it leaves the service stopped for
 * the deploy that follows.
 */
@FunctionalInterface
public interface OdooServiceControl {

    /** Deactivates the stack's {@code odoo} service, returns once it is inactive, and says what it did. */
    String stopOdoo(String stack);

    /** For runs without {@code --stop-odoo}: using it is a programming error. */
    OdooServiceControl NONE = stack -> {
        throw new IllegalStateException("no Rancher client configured to stop odoo in " + stack);
    };
}
