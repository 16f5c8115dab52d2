package org.odooplatform.rancher;

/**
 * How a service is upgraded in service: rancher-compose.yml's {@code upgrade_strategy}
 * ({@code start_first}, {@code batch_size}, {@code interval_millis}), else what
 * {@code rancher-compose up --upgrade} sends by default (its {@code --batch-size 2} and
 * {@code --interval 1000}; docs/deploy.md, "Upgrade pacing").
 */
public record UpgradeStrategy(boolean startFirst, int batchSize, long intervalMillis) {

    public static final int DEFAULT_BATCH_SIZE = 2;
    public static final long DEFAULT_INTERVAL_MILLIS = 1000;

    /** The same strategy with the deploy's options applied (null: keep). */
    public UpgradeStrategy override(Integer batch, Long interval) {
        return new UpgradeStrategy(startFirst, batch == null ? batchSize : batch, interval == null ? intervalMillis : interval);
    }

    @Override
    public String toString() {
        return (startFirst ? "start first" : "stop first") + ", batch " + batchSize + ", interval " + intervalMillis + " ms";
    }
}
