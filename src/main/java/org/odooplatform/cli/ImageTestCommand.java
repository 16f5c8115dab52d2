package org.odooplatform.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.odooplatform.common.Environment;
import org.odooplatform.common.MaskingPrintStream;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.flow.ImageTestFlow;
import org.odooplatform.flow.ImageTestInputs;
import org.odooplatform.flow.ImageTestRequest;
import org.odooplatform.image.ContainerRuntime;
import org.odooplatform.image.Flake8Linter;
import org.odooplatform.image.RegistryCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Tests a built Odoo image before it is published, as Travis did: lint (flake8 over odoo/local-src and",
            "odoo/songs), the project's tests (runtests), the install scenario (odoo --stop-after-init, MARABUNTA_MODE=demo)",
            "and optionally the upgrade from the previous release (runmigration on its database), against a PostgreSQL",
            "container on a private network made for the run and removed afterwards, also on failure or SIGTERM.",
            "Progress and the containers' output go to stderr; JUnit XML and the logs to --junit DIR; stdout gets a summary."})
final class ImageTestCommand implements Callable<Integer> {

    /** The run's environment (the factory of {@link OdooPlatformCommand} passes it). */
    private final Environment env;

    ImageTestCommand(Environment env) {
        this.env = env;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ProjectOptions project;

    @Mixin
    RegistryOptions registryOptions;

    @Mixin
    RegistryTimeout registryTimeout;

    @Option(names = "--image", paramLabel = "REPO:TAG|REPO@DIGEST",
            description = "The built image to test (what 'image build' printed); it must be in the engine's local storage.")
    String image;

    @Option(names = "--pull",
            description = "Pull --image when the engine does not have it (a tag build tests the image a master build published),"
                    + " with the registry login of --registry-config or REGISTRY_USERNAME/REGISTRY_PASSWORD.")
    boolean pull;

    @Option(names = "--runtime", paramLabel = "docker|podman|auto", defaultValue = "auto",
            description = "Container engine. auto: docker when its daemon answers, else podman. Default: ${DEFAULT-VALUE}.")
    ContainerRuntime.Choice runtimeChoice;

    @Option(names = "--buildah-root", paramLabel = "DIR",
            description = "For podman: buildah's storage (DIR/storage, DIR/run, vfs), to run what 'image build --builder buildah' built.")
    Path buildahRoot;

    @Option(names = "--db-image", paramLabel = "REF",
            description = "PostgreSQL server image (POSTGRES_USER/POSTGRES_PASSWORD like the official one)."
                    + " Default: the image of the db service of the project's test compose file.")
    String dbImage;

    @Option(names = "--junit", paramLabel = "DIR", defaultValue = "test-reports",
            description = "Where JUnit XML files and the phases' logs go (created). Default: ${DEFAULT-VALUE}.")
    Path reports;

    @Option(names = "--no-lint", description = "Do not run flake8.")
    boolean noLint;

    @Option(names = "--lint-in", paramLabel = "auto|agent|image", defaultValue = "auto",
            description = "Where flake8 runs: agent (its PATH), image (a container of --image, no network, with a copy of"
                    + " the project's odoo/local-src, odoo/songs and flake8 configuration), auto: the agent when it has"
                    + " flake8, else the image. Default: ${DEFAULT-VALUE}.")
    Flake8Linter.Where lintIn;

    @Option(names = "--no-tests", description = "Do not run runtests.")
    boolean noTests;

    @Option(names = "--no-scenario", description = "Do not run the install scenario.")
    boolean noScenario;

    @Option(names = "--upgrade-from", paramLabel = "REF|previous-release",
            description = "Also test the upgrade from this image (the previous release): its database, built once and cached"
                    + " by image ID in --db-cache, is migrated by the new image's runmigration. previous-release: the highest"
                    + " release of HISTORY.rst below odoo/VERSION, its tag in --image's repository, pinned by digest (read from"
                    + " the registry: --registry-config or REGISTRY_USERNAME/REGISTRY_PASSWORD); none before it (the first"
                    + " release): the upgrade is skipped, said in one line; its tag missing in the registry: exit 3.")
    String upgradeFrom;

    @Option(names = "--db-cache", paramLabel = "DIR",
            description = "Cache of the previous releases' databases. Default: $XDG_CACHE_HOME or ~/.cache, /odoo-platform/db-dumps.")
    Path dbCache;

    @Option(names = "--junit-in-image", paramLabel = "PATH", defaultValue = "/tmp/junit",
            description = "Directory where the image's runtests writes JUnit XML (given to it as JUNIT_DIR)."
                    + " Without files there, the report is made from Odoo's test log. Default: ${DEFAULT-VALUE}.")
    String junitInImage;

    @Option(names = "--lint-timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Default: ${DEFAULT-VALUE}.")
    Duration lintTimeout;

    @Option(names = "--db-timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "Until the database accepts connections. Default: ${DEFAULT-VALUE}.")
    Duration dbTimeout;

    @Option(names = "--tests-timeout", paramLabel = "DURATION", defaultValue = "60m", converter = DurationConverter.class,
            description = "Default: ${DEFAULT-VALUE}.")
    Duration testsTimeout;

    @Option(names = "--scenario-timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "Default: ${DEFAULT-VALUE}.")
    Duration scenarioTimeout;

    @Option(names = "--upgrade-timeout", paramLabel = "DURATION", defaultValue = "60m", converter = DurationConverter.class,
            description = "For each step of the upgrade (install of the previous release, dump, runmigration). Default: ${DEFAULT-VALUE}.")
    Duration upgradeTimeout;

    @Override
    public Integer call() {
        ImageTestRequest given = new ImageTestRequest(project.projectDir(), image, pull, dbImage, reports, !noLint, lintIn,
                !noTests, !noScenario, upgradeFrom, null, dbCache, junitInImage,
                new ImageTestRequest.Timeouts(lintTimeout, dbTimeout, testsTimeout, scenarioTimeout, upgradeTimeout));
        ImageTestRequest request = ImageTestInputs.complete(given, () -> project.config().client().orElse(null), env,
                tested -> registryOptions.client(tested, registryOptions.credentials(), registryTimeout));
        PrintStream err = new MaskingPrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                spec.commandLine().getErr().write(b);
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                spec.commandLine().getErr().write(new String(bytes, off, len, java.nio.charset.StandardCharsets.UTF_8));
            }

            @Override
            public void flush() {
                spec.commandLine().getErr().flush();
            }
        }, SecretMasker.global());
        ContainerRuntime runtime = ContainerRuntime.select(runtimeChoice, BuilderOptions.buildahRoot(buildahRoot, env));
        ImageTestFlow.Summary summary;
        try {
            RegistryCredentials credentials = registryOptions.credentials();
            summary = new ImageTestFlow(runtime, Flake8Linter.onAgent("flake8"),
                    ImageTestInputs.logins(request.image(), credentials, registryOptions::insecureFor), err, Clock.systemUTC())
                    .run(request);
        } finally {
            err.flush();
        }
        spec.commandLine().getOut().println("image test passed: " + String.join(", ", summary.phases().values()));
        return 0;
    }
}
