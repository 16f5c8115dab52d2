package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints the stack an instance deploys to, resolved as deploy resolves it, so that callers (the Jenkins
 * steps lock {@code rancher:<stack>}) never rebuild {@code <client>-odoo-<instance>} themselves.
 */
@Command(name = "stack-name", mixinStandardHelpOptions = true,
        description = {"Prints the name of the Rancher stack of an instance: --stack if given, else 'stacks' of"
                + " .odoo-platform.yml, else <client>-odoo-<instance> (the client from --client or .odoo-platform.yml).",
            "Reads only the project; no request is made. Exit codes: 0 printed, 2 bad input."})
final class StackNameCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions project;

    @Mixin
    StackSelection selection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String name = selection.stackName(project);
        spec.commandLine().getOut().println(name);
        return ExitCode.OK;
    }
}
