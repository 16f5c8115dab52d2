package org.odooplatform.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.MaskingPrintStream;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.Problem;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.flow.ImageTestFlow;
import org.odooplatform.flow.ImageTestRequest;
import org.odooplatform.flow.PreviousReleaseImage;
import org.odooplatform.image.ContainerRuntime;
import org.odooplatform.image.Flake8Linter;
import org.odooplatform.image.ImageReference;
import org.odooplatform.image.RegistryCredential;
import org.odooplatform.image.RegistryCredentials;
import org.odooplatform.image.RegistryLogin;
import org.odooplatform.project.ComposeService;
import org.odooplatform.project.Instance;
import org.odooplatform.project.InstanceComposition;
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

    /** Read in validate() when --upgrade-from previous-release. */
    private PreviousReleaseImage previousRelease;

    @Override
    public Integer call() {
        ImageTestRequest request = validate();
        if (previousRelease != null) {
            request = withPreviousRelease(request);
        }
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
            Function<String, Optional<RegistryLogin>> logins = ref -> {
                ImageReference r = ImageReference.parse(ref);
                // the environment's pair only for the tested image's registry, like the other image commands
                Optional<RegistryCredential> c = r.apiHost().equals(ImageReference.parse(image).apiHost())
                        ? credentials.forHost(r.apiHost()) : credentials.forOtherHost(r.apiHost());
                return c.map(cred -> new RegistryLogin(r.apiHost(), cred, registryOptions.insecureFor(r)));
            };
            summary = new ImageTestFlow(runtime, Flake8Linter.onAgent("flake8"), logins, err, Clock.systemUTC()).run(request);
        } finally {
            err.flush();
        }
        spec.commandLine().getOut().println("image test passed: " + String.join(", ", summary.phases().values()));
        return 0;
    }

    /** Everything checked before the first container: bad input exits 2 with nothing created. */
    private ImageTestRequest validate() {
        Path dir = project.projectDir();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir.resolve("odoo"))) {
            problems.add(Problem.error(dir, "no odoo/ directory: expected the root of an Odoo project"));
        }
        if (image == null) {
            problems.add(Problem.error(null, "--image REF is required: the built image, e.g. registry/acme/acme_odoo:<commit>"));
        } else {
            reference("--image", image, problems);
        }
        String db = dbImage;
        if (db == null && problems.isEmpty()) {
            db = composeDbImage(dir, problems);
        } else if (db != null) {
            reference("--db-image", db, problems);
        }
        if (PreviousReleaseImage.KEYWORD.equals(upgradeFrom)) {
            try {
                previousRelease = PreviousReleaseImage.find(dir);
            } catch (BadInputException e) {
                problems.addAll(e.problems());
                problems.add(Problem.error(null, "--upgrade-from previous-release reads odoo/VERSION and HISTORY.rst: fix them,"
                        + " or give the image to upgrade from (--upgrade-from REF)"));
            }
        } else if (upgradeFrom != null) {
            reference("--upgrade-from", upgradeFrom, problems);
        }
        if (noLint && noTests && noScenario && upgradeFrom == null) {
            problems.add(Problem.error(null, "every phase is turned off (--no-lint --no-tests --no-scenario, no --upgrade-from):"
                    + " nothing to test"));
        }
        for (Duration d : List.of(lintTimeout, dbTimeout, testsTimeout, scenarioTimeout, upgradeTimeout)) {
            if (d.isZero() || d.isNegative()) {
                problems.add(Problem.error(null, "timeouts must be positive durations such as 90s, 30m or 1h"));
                break;
            }
        }
        Path reportDir = reports.toAbsolutePath().normalize();
        if (Files.exists(reportDir) && !Files.isDirectory(reportDir)) {
            problems.add(Problem.error(reportDir, "--junit: exists and is not a directory"));
        }
        if (!junitInImage.startsWith("/")) {
            problems.add(Problem.error(null, "--junit-in-image '" + junitInImage + "': expected an absolute path in the image"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        Path cache = dbCache != null ? dbCache : defaultCache(env);
        return new ImageTestRequest(dir, image, pull, db, reportDir, !noLint, lintIn, !noTests, !noScenario, upgradeFrom, null,
                cache.toAbsolutePath().normalize(), junitInImage,
                new ImageTestRequest.Timeouts(lintTimeout, dbTimeout, testsTimeout, scenarioTimeout, upgradeTimeout));
    }

    /** The previous release's image, by digest from the registry, or none for the first release (exit 3 when its tag is missing). */
    private ImageTestRequest withPreviousRelease(ImageTestRequest r) {
        String from = null;
        if (previousRelease.previous().isPresent()) {
            ImageReference tested = ImageReference.parse(image);
            from = previousRelease.resolve(tested, registryOptions.client(tested, registryOptions.credentials(), registryTimeout));
        }
        return new ImageTestRequest(r.project(), r.image(), r.pull(), r.dbImage(), r.reports(), r.lint(), r.lintIn(), r.tests(), r.scenario(),
                from, previousRelease.describe(from), r.dbCache(), r.junitInImage(), r.timeouts());
    }

    private static void reference(String option, String value, List<Problem> problems) {
        try {
            ImageReference ref = ImageReference.parse(value);
            if (ref.tag() == null && ref.digest() == null) {
                problems.add(Problem.error(null, option + " " + value + ": give a tag or a digest (REPO:TAG or REPO@sha256:...)"));
            }
        } catch (PlatformException e) {
            problems.add(Problem.error(null, option + ": " + e.getMessage()));
        }
    }

    /** The db service's image of the test instance's compose file, the database the project runs with. */
    private String composeDbImage(Path dir, List<Problem> problems) {
        try {
            String client = project.config().client().orElse(null);
            InstanceComposition composition = InstanceComposition.load(dir, Instance.TEST, client);
            ComposeService db = composition.services().get("db");
            if (db == null || db.image() == null || db.image().contains("$")) {
                problems.add(Problem.error(composition.dockerComposeFile(), "no db service with a literal image: give --db-image REF"));
                return null;
            }
            return db.image();
        } catch (BadInputException e) {
            problems.addAll(e.problems());
            problems.add(Problem.error(null, "cannot read the test instance's db image: give --db-image REF"));
            return null;
        }
    }

    private static Path defaultCache(Environment env) {
        String xdg = env.get("XDG_CACHE_HOME").orElse(null);
        Path base = xdg != null && !xdg.isBlank() ? Paths.get(xdg) : Paths.get(System.getProperty("user.home"), ".cache");
        return base.resolve("odoo-platform").resolve("db-dumps");
    }
}
