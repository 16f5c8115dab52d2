package org.odooplatform.cli;

import org.odooplatform.flow.DatabaseTarget;
import picocli.CommandLine.Mixin;

/**
 * {@link ProjectOptions} then {@link InstanceOptions}: the project and the instance whose database
 * {@code db backup}, {@code db restore} and {@code db refresh} work on, handed to their flow as one source.
 */
public final class DbInstanceOptions {

    @Mixin
    ProjectOptions project;

    @Mixin
    InstanceOptions instance;

    /** The project is loaded now; the instance's settings when the flow asks for them. */
    DatabaseTarget.Source source() {
        return instance.source(project);
    }
}
