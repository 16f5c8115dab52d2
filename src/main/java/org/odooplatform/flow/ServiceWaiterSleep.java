package org.odooplatform.flow;

import java.time.Duration;
import org.odooplatform.rancher.DeployInterruptedException;

final class ServiceWaiterSleep {
    private ServiceWaiterSleep() {
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployInterruptedException("interrupted while waiting");
        }
    }
}
