package org.odooplatform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Prints the engine's version, filtered into version.properties by Maven (jar and container image alike). */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"odoo-platform " + version()};
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/org/odooplatform/version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            // fall through: a build without resources (an IDE) is a development build
        }
        return "dev";
    }
}
