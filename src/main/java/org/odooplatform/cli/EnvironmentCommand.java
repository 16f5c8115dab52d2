package org.odooplatform.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.odooplatform.common.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The environment variables the CLI reads: the one list a wrapper passes on by name (the Jenkins
 * launcher's {@code docker run -e NAME}, from resources/org/odooplatform/jenkins/cli-environment.txt,
 * which a test keeps equal to this list), so a new credential variable is never dropped in container mode.
 */
@Command(name = "environment", mixinStandardHelpOptions = true,
        description = {"Prints the names of the environment variables the CLI reads, one per line.",
            "A wrapper that runs the CLI in a container passes exactly these by name (docker run -e NAME)."})
final class EnvironmentCommand implements Callable<Integer> {

    /** Name and what it is, in the order printed. */
    static final List<String[]> VARIABLES = List.of(
            new String[] {"RANCHER_URL", "Rancher API URL (deploy, diff, status, rollback, db reset --stop-odoo)"},
            new String[] {"RANCHER_ACCESS_KEY", "Rancher API access key"},
            new String[] {"RANCHER_SECRET_KEY", "Rancher API secret key"},
            new String[] {"REGISTRY_USERNAME", "registry user (image commands)"},
            new String[] {"REGISTRY_PASSWORD", "registry password or token"},
            new String[] {"DOCKER_CONFIG", "docker config directory (docker builder)"},
            new String[] {"REGISTRY_AUTH_FILE", "buildah/podman auth file (buildah builder)"},
            new String[] {"DOCKER_HOST", "the daemon the docker builder talks to"},
            new String[] {"ODOO_PLATFORM_BUILDAH_ROOT", "default of --buildah-root"},
            new String[] {"PGHOST", "PostgreSQL cluster host (db reset)"},
            new String[] {"PGPORT", "PostgreSQL port"},
            new String[] {"PGUSER", "PostgreSQL admin role"},
            new String[] {"PGPASSWORD", "PostgreSQL admin password"},
            new String[] {"ODOO_PLATFORM_DEBUG", "set: print stack traces of internal errors"});

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        VARIABLES.forEach(v -> spec.commandLine().getOut().println(v[0]));
        return ExitCode.OK;
    }
}
