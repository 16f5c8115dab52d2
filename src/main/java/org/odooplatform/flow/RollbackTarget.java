package org.odooplatform.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.odooplatform.rancher.DeployRecord;

/**
 * What {@code rollback} goes back to, from a stack's deploy history (newest first). Rollback means: back to the
 * previous <em>successful</em> deploy, once. Only finished deploys are recorded (a failed one was rolled back by
 * the deploy itself), so the history is replayed as a stack of versions: a deploy pushes its version, a
 * rollback pops the version it went back from. The target is the newest version below the top that is another
 * image. A second rollback in a row would otherwise go "back" to the version just rolled back from (a toggle):
 * it is refused unless asked for with {@code --further}, which goes back one more successful deploy.
 *
 * @param current  the latest record (what the stack runs, as far as the tool knows)
 * @param target   the version to go back to, if any
 */
record RollbackTarget(Optional<DeployRecord> current, Optional<DeployRecord> target) {

    static RollbackTarget of(List<DeployRecord> history) {
        List<DeployRecord> versions = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0; i--) {
            DeployRecord r = history.get(i);
            if (r.isRollback()) {
                if (!versions.isEmpty()) {
                    versions.remove(versions.size() - 1);
                }
                if (versions.isEmpty() || !same(versions.get(versions.size() - 1), r)) {
                    versions.add(r);
                }
            } else {
                versions.add(r);
            }
        }
        if (versions.isEmpty()) {
            return new RollbackTarget(Optional.empty(), Optional.empty());
        }
        DeployRecord top = versions.get(versions.size() - 1);
        for (int i = versions.size() - 2; i >= 0; i--) {
            if (!same(versions.get(i), top)) {
                return new RollbackTarget(Optional.of(history.get(0)), Optional.of(versions.get(i)));
            }
        }
        return new RollbackTarget(Optional.of(history.get(0)), Optional.empty());
    }

    /** The stack was just rolled back: a rollback now needs {@code --further}. */
    boolean alreadyRolledBack() {
        return current.map(DeployRecord::isRollback).orElse(false);
    }

    private static boolean same(DeployRecord a, DeployRecord b) {
        return a.digest() != null && b.digest() != null ? a.digest().equals(b.digest())
                : String.valueOf(a.image()).equals(String.valueOf(b.image()));
    }
}
