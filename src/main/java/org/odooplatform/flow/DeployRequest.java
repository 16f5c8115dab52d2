package org.odooplatform.flow;

import java.nio.file.Path;
import java.time.Duration;
import org.odooplatform.project.Instance;

/**
 * Everything a deploy (or diff) is asked to do. Built with {@link #builder()}; the CLI fills it
 * from its options.
 *
 * @param image          the Odoo image reference ({@code repo:tag} or {@code repo@sha256:...}); the
 *                       registry and repository overrides are applied by the caller
 * @param stack          stack name override (else from .odoo-platform.yml or {@code <client>-odoo-<instance>})
 * @param onPending      null: {@link OnPending#defaultFor(Instance)}
 * @param requireSameAs  exit 3 unless that instance's recorded deploy runs the same image
 * @param allowOtherRepository deploy an {@code image} of another repository than the project's
 * @param batchSize      containers upgraded at a time; null: rancher-compose.yml's upgrade_strategy, else 2
 * @param batchInterval  pause between two batches; null: rancher-compose.yml's upgrade_strategy, else 1000 ms
 * @param healthGrace    how long an unhealthy reading is tolerated; null: the clients' default (30 s)
 * @param noBackup       integration/prod: do not check the migration nor back up the database (recorded; prod
 *                       needs {@code approvedBy})
 */
public record DeployRequest(
        Path projectDir,
        Instance instance,
        Path envFile,
        Path publicEnvFile,
        String client,
        String image,
        String registry,
        String stack,
        boolean recreateDb,
        boolean dryRun,
        Duration timeout,
        OnPending onPending,
        String commit,
        String triggeredBy,
        String approvedBy,
        Instance requireSameAs,
        Duration lockWait,
        boolean allowOtherRepository,
        Integer batchSize,
        Duration batchInterval,
        Duration healthGrace,
        boolean noBackup) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(15);
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofMinutes(10);

    public OnPending effectiveOnPending() {
        return onPending != null ? onPending : OnPending.defaultFor(instance);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.projectDir = projectDir;
        b.instance = instance;
        b.envFile = envFile;
        b.publicEnvFile = publicEnvFile;
        b.client = client;
        b.image = image;
        b.registry = registry;
        b.stack = stack;
        b.recreateDb = recreateDb;
        b.dryRun = dryRun;
        b.timeout = timeout;
        b.onPending = onPending;
        b.commit = commit;
        b.triggeredBy = triggeredBy;
        b.approvedBy = approvedBy;
        b.requireSameAs = requireSameAs;
        b.lockWait = lockWait;
        b.allowOtherRepository = allowOtherRepository;
        b.batchSize = batchSize;
        b.batchInterval = batchInterval;
        b.healthGrace = healthGrace;
        b.noBackup = noBackup;
        return b;
    }

    public static final class Builder {
        private Path projectDir;
        private Instance instance;
        private Path envFile;
        private Path publicEnvFile;
        private String client;
        private String image;
        private String registry;
        private String stack;
        private boolean recreateDb;
        private boolean dryRun;
        private Duration timeout = DEFAULT_TIMEOUT;
        private OnPending onPending;
        private String commit;
        private String triggeredBy;
        private String approvedBy;
        private Instance requireSameAs;
        private Duration lockWait = DEFAULT_LOCK_WAIT;
        private boolean allowOtherRepository;
        private Integer batchSize;
        private Duration batchInterval;
        private Duration healthGrace;
        private boolean noBackup;

        public Builder projectDir(Path v) { projectDir = v; return this; }
        public Builder instance(Instance v) { instance = v; return this; }
        public Builder envFile(Path v) { envFile = v; return this; }
        public Builder publicEnvFile(Path v) { publicEnvFile = v; return this; }
        public Builder client(String v) { client = v; return this; }
        public Builder image(String v) { image = v; return this; }
        public Builder registry(String v) { registry = v; return this; }
        public Builder stack(String v) { stack = v; return this; }
        public Builder recreateDb(boolean v) { recreateDb = v; return this; }
        public Builder dryRun(boolean v) { dryRun = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder onPending(OnPending v) { onPending = v; return this; }
        public Builder commit(String v) { commit = v; return this; }
        public Builder triggeredBy(String v) { triggeredBy = v; return this; }
        public Builder approvedBy(String v) { approvedBy = v; return this; }
        public Builder requireSameAs(Instance v) { requireSameAs = v; return this; }
        public Builder lockWait(Duration v) { lockWait = v; return this; }
        public Builder allowOtherRepository(boolean v) { allowOtherRepository = v; return this; }
        public Builder batchSize(Integer v) { batchSize = v; return this; }
        public Builder batchInterval(Duration v) { batchInterval = v; return this; }
        public Builder healthGrace(Duration v) { healthGrace = v; return this; }
        public Builder noBackup(boolean v) { noBackup = v; return this; }

        public DeployRequest build() {
            return new DeployRequest(projectDir, instance, envFile, publicEnvFile, client, image, registry, stack,
                    recreateDb, dryRun, timeout, onPending, commit, triggeredBy, approvedBy, requireSameAs, lockWait,
                    allowOtherRepository,
                    batchSize, batchInterval, healthGrace, noBackup);
        }
    }
}
