package org.odooplatform.cli;

import java.time.Duration;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --registry-timeout}: the bound of one registry API request, for the commands that call the registry API. */
public final class RegistryTimeout {

    @Option(names = "--registry-timeout", paramLabel = "DURATION", defaultValue = "120s", converter = DurationConverter.Positive.class,
            description = "How long one registry API request may take, its answer included (e.g. 30s, 5m). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Progress lines of a slow request, on the command's error stream (the masking console). */
    Consumer<String> progress() {
        return line -> command.commandLine().getErr().println(line);
    }
}
