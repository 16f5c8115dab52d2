package org.odooplatform.cli;

import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "image", mixinStandardHelpOptions = true, description = "Odoo images: build, test, publish, promote by digest, resolve, registry-host.")
// subcommands: registered by OdooPlatformCommand (GROUPS), only the one being run
final class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.BAD_INPUT;
    }
}
