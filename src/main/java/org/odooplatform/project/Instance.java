package org.odooplatform.project;

import java.util.List;
import java.util.Locale;

/** The three Odoo instances of a project, each a Rancher stack {@code <client>-odoo-<name>}. */
public enum Instance {
    TEST("test", "latest"),
    INTEGRATION("integration", null),
    PROD("prod", null);

    private final String id;
    private final String historicDirectory;

    Instance(String id, String historicDirectory) {
        this.id = id;
        this.historicDirectory = historicDirectory;
    }

    /** The name used in stack names, RUNNING_ENV and on the command line. */
    public String id() {
        return id;
    }

    /** Parses {@code test|integration|prod} (case-insensitive); {@code latest} is accepted for test. */
    public static Instance parse(String text) {
        String key = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Instance instance : values()) {
            if (instance.id.equals(key) || key.equals(instance.historicDirectory)) {
                return instance;
            }
        }
        throw new IllegalArgumentException(
                "unknown instance '" + text + "': expected one of test, integration, prod");
    }

    /** The default stack name, {@code <client>-odoo-<instance>}. */
    public String stackName(String client) {
        return client + "-odoo-" + id;
    }

    /**
     * Directories under {@code rancher/} that may hold this instance's compose files, in the order
     * they are looked up: the historic name ({@code latest} for test), then {@code <client>-odoo-<id>},
     * then {@code <id>}.
     */
    public List<String> composeDirectoryCandidates(String client) {
        if (historicDirectory != null) {
            return client == null
                    ? List.of(historicDirectory, id)
                    : List.of(historicDirectory, stackName(client), id);
        }
        return client == null ? List.of(id) : List.of(id, stackName(client));
    }

    /** Integration and prod run on the shared PostgreSQL cluster; test has its own db container. */
    public boolean usesDatabaseCluster() {
        return this != TEST;
    }

    @Override
    public String toString() {
        return id;
    }
}
