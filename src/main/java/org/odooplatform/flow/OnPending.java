package org.odooplatform.flow;

import org.odooplatform.project.Instance;

/** What to do with a service an earlier deploy left {@code upgraded} (or otherwise between versions). */
public enum OnPending {
    /** confirm it (finishupgrade), then deploy */
    FINISH,
    /** roll it back to its old version, then deploy */
    ROLLBACK,
    /** stop with exit 3 and show it */
    FAIL;

    /** finish for test and integration; prod never ships a version nobody looked at. */
    public static OnPending defaultFor(Instance instance) {
        return instance == Instance.PROD ? FAIL : FINISH;
    }
}
