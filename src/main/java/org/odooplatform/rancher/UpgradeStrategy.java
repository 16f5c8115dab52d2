package org.odooplatform.rancher;

/** rancher-compose.yml's {@code upgrade_strategy}; Rancher's defaults when a value is not given. */
public record UpgradeStrategy(boolean startFirst, int batchSize, long intervalMillis) {

    public static final int DEFAULT_BATCH_SIZE = 1;
    public static final long DEFAULT_INTERVAL_MILLIS = 2000;

    @Override
    public String toString() {
        return (startFirst ? "start first" : "stop first") + ", batch " + batchSize + ", interval " + intervalMillis + " ms";
    }
}
