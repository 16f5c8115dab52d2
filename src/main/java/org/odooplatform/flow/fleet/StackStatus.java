package org.odooplatform.flow.fleet;

import java.util.List;
import org.odooplatform.rancher.DeployRecord;

/**
 * What one {@code <client>-odoo-<instance>} stack runs, as read from one fleet listing.
 *
 * @param odooImage the image the deployed service (the last record's {@code service}, else {@code odoo}) runs now
 * @param pending   services left between versions, as {@code name (state)}
 * @param lock      the deploy lock held on the stack, or null
 * @param last      the last deploy record (null: never deployed by odoo-platform)
 * @param history   every deploy record the stack keeps, newest first
 */
public record StackStatus(String client, String instance, String name, String id, String state, String health,
        boolean transitioning, int services, String odooImage, List<String> pending, Lock lock, DeployRecord last,
        List<DeployRecord> history) {

    /**
     * A deploy lock as the stack's note holds it. {@code host} and {@code pid} are null in locks written
     * before the lock recorded them.
     */
    public record Lock(String holder, String since, String expires, String host, String pid, boolean live) {
    }

    public String version() {
        return last == null ? null : last.version();
    }

    /** The digest recorded by the last deploy, else the digest in the running image reference, else null. */
    public String digest() {
        if (last != null && last.digest() != null) {
            return last.digest();
        }
        int at = odooImage == null ? -1 : odooImage.indexOf("@sha256:");
        return at < 0 ? null : odooImage.substring(at + 1);
    }

    public String commit() {
        return last == null ? null : last.commit();
    }

    public boolean healthy() {
        return "healthy".equals(health) && "active".equals(state) && pending.isEmpty();
    }
}
