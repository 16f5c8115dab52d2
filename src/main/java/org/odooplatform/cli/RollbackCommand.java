package org.odooplatform.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import org.odooplatform.common.BadInputException;
import org.odooplatform.flow.DeployMetadata;
import org.odooplatform.flow.RollbackFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Rolls an instance back: Rancher's rollback while a service is between versions (upgraded),"
                + " else redeploys the previous successful deploy recorded on the stack, once: right after a rollback,"
                + " a second one is refused unless --further.",
            "Exit codes: 0 rolled back, 1 failed, 2 bad input, 3 nothing to roll back, already rolled back or lock held."})
final class RollbackCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions project;

    @Mixin
    StackSelection selection;

    @Mixin
    RancherOptions rancher;

    @Option(names = "--further", description = "The stack was just rolled back: go back one more successful deploy"
            + " (without it, a second rollback in a row is refused: it would return to the version rolled back from).")
    boolean further;

    @Option(names = "--database-restored", description = "The deploy rolled back from migrated the database (a backup"
            + " is recorded on it): the database was restored to that backup first, so the previous image may run on it.")
    boolean databaseRestored;

    @Option(names = "--dry-run", description = "Print what would be rolled back; change nothing.")
    boolean dryRun;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "15m", converter = DurationConverter.Positive.class,
            description = "How long to wait for the previous version to be healthy. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--triggered-by", paramLabel = "TEXT", description = "Who or what started the rollback, recorded on the stack.")
    String triggeredBy;

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for a deploy of the same stack to end before exiting 3. Default: ${DEFAULT-VALUE}.")
    Duration lockWait;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String stackName = selection.stackName(project);
        DeployMetadata.text("--triggered-by", triggeredBy).ifPresent(p -> {
            throw new BadInputException(java.util.List.of(p));
        });
        RollbackFlow.run(new RollbackFlow.Request(stackName, dryRun, timeout, triggeredBy, lockWait, selection.instance(),
                project.config().client().orElse(null), further, databaseRestored), rancher.clients(Console.out(spec)));
        return ExitCode.OK;
    }
}
