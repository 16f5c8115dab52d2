package org.odooplatform.cli;

import org.odooplatform.common.BadInputException;
import org.odooplatform.flow.TargetCheck;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import picocli.CommandLine.Option;

/** {@code --instance I} (stack from the project) or {@code --stack NAME}: which stack a read or rollback is about. */
final class StackSelection {

    @Option(names = "--instance", paramLabel = "test|integration|prod", converter = InstanceConverter.class,
            description = "The instance; its stack is <client>-odoo-<instance> (or 'stacks' of .odoo-platform.yml).")
    Instance instance;

    @Option(names = "--stack", paramLabel = "NAME",
            description = "The stack name, instead of or with --instance (then it must be that instance's stack).")
    String stack;

    /** The stack, its name checked against the instance and client (TargetCheck) before any request. */
    String stackName(ProjectOptions project) {
        if (stack == null && instance == null) {
            throw new BadInputException("give --instance test|integration|prod or --stack NAME");
        }
        ProjectConfig config = project.config();
        String client = instance != null ? config.requireClient() : config.client().orElse(null);
        TargetCheck.requireName(config, instance, client, stack);
        return TargetCheck.stackName(config, instance, stack);
    }

    Instance instance() {
        return instance;
    }
}
