package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.ExitCode;
import org.odooplatform.flow.Clients;
import org.odooplatform.flow.ReadOnlyCalls;
import org.odooplatform.flow.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints what runs on an instance's stack: services, states, health, images, pending upgrades"
                + " and the recorded deploys (version, image, commit, who, when).",
            "With --all: every <client>-odoo-<instance> stack of the environment, its drift and locks"
                + " (docs/fleet-status.md).",
            "Exit codes: 0 ok, 2 bad input, 3 the stack does not exist."})
final class StatusCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    StatusCommand(Environment env) {
        this.env = env;
    }

    enum Format { text, json }

    @Mixin
    ProjectOptions project;

    @Mixin
    StackSelection selection;

    @Mixin
    RancherOptions rancher;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "Output format: text (default) or json.")
    Format format;

    @Option(names = "--all", description = "The whole fleet: every <client>-odoo-<instance> stack (not with --instance/--stack).")
    boolean all;

    @Option(names = "--json", description = "With --all: the fleet as JSON (schema in docs/fleet-status.md).")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "With --all: also write a self-contained HTML page to FILE.")
    java.nio.file.Path html;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (all || json || html != null) {
            return FleetStatusPrinter.print(this);
        }
        String stackName = selection.stackName(project);
        Clients clients = rancher.clients(Console.out(spec));
        StatusReport report = ReadOnlyCalls.run(() -> StatusReport.of(clients.rancher().get(), stackName, selection.instance(),
                project.config().client().orElse(null)));
        if (format == Format.json) {
            clients.out().println(report.json());
        } else {
            report.text().forEach(clients.out()::println);
            // with the cluster variables set (as for db reset), the database's marabunta version too
            org.odooplatform.flow.DatabaseAccess.fromEnvironment(env::value, null, null, 0,
                    java.time.Duration.ZERO).flatMap(db -> db.statusLine(report)).ifPresent(clients.out()::println);
        }
        clients.out().flush();
        return ExitCode.OK;
    }
}
