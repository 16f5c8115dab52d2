package org.odooplatform.cli;

import picocli.CommandLine;

/** Prints the engine's version from the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"odoo-platform " + (version == null ? "dev" : version)};
    }
}
