package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "release", mixinStandardHelpOptions = true, description = "Release management: bump the version, print notes, check migration.yml.")
// subcommands: registered by OdooPlatformCommand (GROUPS), only the one being run
final class ReleaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT;
    }
}
