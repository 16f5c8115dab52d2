package org.odooplatform.rancher;

import java.util.List;

/**
 * The input of a service's {@code upgrade} action (docs/rancher-api.md §3): the launch configs to
 * replace (a {@link LaunchConfig#removed removed} sidekick is deleted) and the batch pacing.
 *
 * @param primary null when only sidekicks change
 */
public record InServiceUpgrade(LaunchConfig primary, List<LaunchConfig> sidekicks, int batchSize, long intervalMillis,
        boolean startFirst) {

    /** Cattle's lower bounds (ServiceUpgradeValidationFilter): a smaller value is refused with 422. */
    public InServiceUpgrade {
        sidekicks = List.copyOf(sidekicks);
        batchSize = Math.max(1, batchSize);
        intervalMillis = Math.max(100, intervalMillis);
    }
}
