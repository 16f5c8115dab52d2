package org.odooplatform.cli;

import org.odooplatform.common.BadInputException;
import org.odooplatform.project.Instance;
import org.odooplatform.project.ProjectConfig;
import picocli.CommandLine.Option;

/** {@code --instance I} (stack from the project) or {@code --stack NAME}: which stack a read or rollback is about. */
final class StackSelection {

    @Option(names = "--instance", paramLabel = "test|integration|prod",
            description = "The instance; its stack is <client>-odoo-<instance> (or 'stacks' of .odoo-platform.yml).")
    String instance;

    @Option(names = "--stack", paramLabel = "NAME", description = "The stack name, instead of --instance.")
    String stack;

    String stackName(ProjectOptions project) {
        if (stack != null) {
            return stack;
        }
        if (instance == null) {
            throw new BadInputException("give --instance test|integration|prod or --stack NAME");
        }
        Instance parsed;
        try {
            parsed = Instance.parse(instance);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--instance: " + e.getMessage());
        }
        ProjectConfig config = project.config();
        return config.stackName(parsed);
    }
}
