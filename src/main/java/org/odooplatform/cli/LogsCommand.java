package org.odooplatform.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.ExitCode;
import org.odooplatform.flow.Clients;
import org.odooplatform.flow.LogsFlow;
import org.odooplatform.rancher.ContainerLogs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Prints the logs of an instance's containers, as Rancher serves them (the container logs action"
                + " and the host agent's websocket), each line prefixed with the container's name.",
            "Without --follow it ends when the logs end; with --follow it runs until interrupted and follows the new"
                + " containers an upgrade starts.",
            "Exit codes: 0 ok, 1 a log could not be read, 2 bad input, 3 the stack or service does not exist."})
final class LogsCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions project;

    @Mixin
    StackSelection selection;

    @Mixin
    RancherOptions rancher;

    @Option(names = "--service", paramLabel = "NAME", description = "Only this service (repeatable; default: every service).")
    List<String> services = new ArrayList<>();

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines (and new containers) until interrupted.")
    boolean follow;

    @Option(names = "--since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Only lines of the last DURATION (e.g. 10m, 1h).")
    Duration since;

    @Option(names = "--tail", paramLabel = "N",
            description = "At most the last N lines of each container's existing log (0 to " + ContainerLogs.AGENT_TAIL
                    + ": Rancher 1.6's host agent replays at most " + ContainerLogs.AGENT_TAIL + ").")
    Integer tail;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (tail != null && (tail < 0 || tail > ContainerLogs.AGENT_TAIL)) {
            throw new BadInputException("--tail " + tail + ": expected 0 to " + ContainerLogs.AGENT_TAIL
                    + " (Rancher 1.6's host agent replays at most the last " + ContainerLogs.AGENT_TAIL + " lines)");
        }
        String stackName = selection.stackName(project);
        Clients clients = rancher.clients(Console.out(spec));
        Instant from = since == null ? null : clients.clock().instant().minus(since);
        LogsFlow.run(clients.rancher().get(), stackName, services, ContainerLogs.Options.of(follow, tail, from), line -> {
            clients.out().println(line);
            clients.out().flush();
        });
        return ExitCode.OK;
    }
}
