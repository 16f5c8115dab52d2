package org.odooplatform.cli;

import org.odooplatform.common.BadInputException;
import org.odooplatform.project.Instance;
import picocli.CommandLine.Option;

/** {@code --instance I} (stack from the project) or {@code --stack NAME}: which stack a read or rollback is about. */
final class StackSelection {

    @Option(names = "--instance", paramLabel = "test|integration|prod", converter = InstanceConverter.class,
            description = "The instance; its stack is <client>-odoo-<instance> (or 'stacks' of .odoo-platform.yml).")
    Instance instance;

    @Option(names = "--stack", paramLabel = "NAME", description = "The stack name, instead of --instance.")
    String stack;

    String stackName(ProjectOptions project) {
        if (stack != null) {
            return stack;
        }
        if (instance == null) {
            throw new BadInputException("give --instance test|integration|prod or --stack NAME");
        }
        return project.config().stackName(instance);
    }
}
