package org.odooplatform.cli;

import java.time.Duration;
import org.odooplatform.common.BadInputException;
import org.odooplatform.flow.DeployRequest;
import org.odooplatform.flow.OnPending;
import org.odooplatform.project.Instance;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options {@code deploy} and {@code diff} share, and the request they make. */
final class DeployOptions {

    @Mixin
    ProjectOptions project;

    @Mixin
    InstanceOptions instance;

    @Mixin
    ImageOptions image;

    @Mixin
    RancherOptions rancher;

    @Option(names = "--allow-other-repository",
            description = "Deploy an --image of another repository than the project's ('image' of .odoo-platform.yml,"
                    + " else the odoo service's image in the compose file), e.g. a hotfix built elsewhere.")
    boolean allowOtherRepository;

    @Option(names = "--stack", paramLabel = "NAME",
            description = "Rancher stack to deploy to. Default: 'stacks' of .odoo-platform.yml, else <client>-odoo-<instance>."
                    + " It must be the instance's: named with the client and no other instance, and saying so itself"
                    + " (deploy record, RUNNING_ENV, Redis prefix).")
    String stack;

    @Option(names = "--recreate-db",
            description = "Test instance only: remove the odoo and db services (and so the database) and create them from scratch.")
    boolean recreateDb;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.Positive.class,
            description = "How long to wait for the new version to be healthy before rolling back (e.g. 90s, 15m). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--on-pending", paramLabel = "finish|rollback|fail",
            description = "What to do with a service an earlier deploy left 'upgraded': finish it, roll it back, or stop"
                    + " with exit 3. Default: finish for test and integration, fail for prod.")
    OnPending onPending;

    @Option(names = "--commit", paramLabel = "SHA", description = "Git commit of the deployed version, recorded on the stack.")
    String commit;

    @Option(names = "--triggered-by", paramLabel = "TEXT", description = "Who or what started the deploy (e.g. the Jenkins build URL), recorded on the stack.")
    String triggeredBy;

    @Option(names = "--approved-by", paramLabel = "NAME", description = "Who approved the deploy (prod), recorded on the stack.")
    String approvedBy;

    @Option(names = "--require-same-as", paramLabel = "INSTANCE", converter = InstanceConverter.class,
            description = "Exit 3 unless that instance's recorded deploy runs the same image (digest when both are pinned). Used to promote integration to prod.")
    Instance requireSameAs;

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for another deploy of the same stack to end before exiting 3. Default: ${DEFAULT-VALUE}.")
    Duration lockWait;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Containers upgraded at a time. Default: rancher-compose.yml's upgrade_strategy.batch_size, else 2 (as rancher-compose up --upgrade).")
    Integer batchSize;

    @Option(names = "--batch-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Pause between two upgrade batches. Default: rancher-compose.yml's upgrade_strategy.interval_millis, else 1s (as rancher-compose).")
    Duration batchInterval;

    @Option(names = "--health-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long an unhealthy reading is tolerated before the deploy fails and rolls back (new containers "
                    + "Rancher marked unhealthy, a stale service health, an activity error Rancher retries). Default: 30s.")
    Duration healthGrace;

    @Option(names = "--no-backup", description = "Integration and prod: do not check whether the release migrates the"
            + " database and take no backup before it (recorded on the stack). Prod needs --approved-by.")
    boolean noBackup;

    @Mixin
    DatabaseAccessOptions databaseAccess;

    @Option(names = "--keep-backups", paramLabel = "N", defaultValue = "5", converter = BackupCountConverter.class,
            description = "Backups of the stack kept after a new one (default: ${DEFAULT-VALUE}; 0 keeps all).")
    int keepBackups;

    /** The cluster access of the deploy: PGHOST... from the environment (empty when PGHOST is not set). */
    java.util.Optional<org.odooplatform.flow.DatabaseAccess> database(java.util.Map<String, String> env) {
        if (instance.instance() == Instance.TEST) {
            return java.util.Optional.empty(); // the test stack's database is recreated, never backed up: no cluster login needed
        }
        return databaseAccess.access(env, keepBackups, org.odooplatform.database.DatabaseBackup.DEFAULT_TIMEOUT);
    }

    DeployRequest request(boolean dryRun) {
        if (batchSize != null && batchSize < 1) {
            throw new BadInputException("--batch-size " + batchSize + ": expected a number of containers, 1 or more");
        }
        if (batchInterval != null && batchInterval.toMillis() < 100) {
            throw new BadInputException("--batch-interval " + org.odooplatform.common.Durations.format(batchInterval) + ": expected 100ms or more (Rancher's minimum)");
        }
        return DeployRequest.builder()
                .projectDir(project.projectDir())
                .instance(instance.instance())
                .envFile(instance.envFile)
                .publicEnvFile(instance.publicEnvFile)
                .client(project.client)
                .image(image.image)
                .registry(image.registry())
                .stack(stack)
                .recreateDb(recreateDb)
                .dryRun(dryRun)
                .timeout(timeout)
                .onPending(onPending)
                .commit(commit)
                .triggeredBy(triggeredBy)
                .approvedBy(approvedBy)
                .requireSameAs(requireSameAs)
                .lockWait(lockWait)
                .allowOtherRepository(allowOtherRepository)
                .batchSize(batchSize)
                .batchInterval(batchInterval)
                .healthGrace(healthGrace)
                .noBackup(noBackup)
                .build();
    }
}
