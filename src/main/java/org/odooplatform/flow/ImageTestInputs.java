package org.odooplatform.flow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.common.PlatformException;
import org.odooplatform.common.Problem;
import org.odooplatform.image.ImageReference;
import org.odooplatform.image.RegistryClient;
import org.odooplatform.image.RegistryCredentials;
import org.odooplatform.image.RegistryLogin;
import org.odooplatform.image.RegistryLogins;
import org.odooplatform.project.ComposeService;
import org.odooplatform.project.Instance;
import org.odooplatform.project.InstanceComposition;

/**
 * {@code image test}'s inputs, checked and completed before the first container: every bad input
 * at once (exit 2, nothing created), the database image from the test instance's compose file when
 * none is given, the dump cache under the XDG cache, and {@code --upgrade-from previous-release}
 * resolved to the previous release's image by digest (exit 3 when the registry lacks it).
 */
public final class ImageTestInputs {

    private ImageTestInputs() {
    }

    /**
     * {@code given} holds the options as typed: {@code dbImage} and {@code dbCache} null when not given,
     * {@code upgradeFrom} a reference, {@value PreviousReleaseImage#KEYWORD} or null. {@code registry} makes
     * the client that reads the previous release's digest; it is called only after every check passed.
     * {@code client} (the project's client name, may be null) is read only to find the compose file's db image.
     */
    public static ImageTestRequest complete(ImageTestRequest given, Supplier<String> client, Environment env,
            Function<ImageReference, RegistryClient> registry) {
        Path dir = given.project();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir.resolve("odoo"))) {
            problems.add(Problem.error(dir, "no odoo/ directory: expected the root of an Odoo project"));
        }
        if (given.image() == null) {
            problems.add(Problem.error(null, "--image REF is required: the built image, e.g. registry/acme/acme_odoo:<commit>"));
        } else {
            reference("--image", given.image(), problems);
        }
        String db = given.dbImage();
        if (db == null && problems.isEmpty()) {
            db = composeDbImage(dir, client, problems);
        } else if (db != null) {
            reference("--db-image", db, problems);
        }
        PreviousReleaseImage previousRelease = null;
        if (PreviousReleaseImage.KEYWORD.equals(given.upgradeFrom())) {
            try {
                previousRelease = PreviousReleaseImage.find(dir);
            } catch (BadInputException e) {
                problems.addAll(e.problems());
                problems.add(Problem.error(null, "--upgrade-from previous-release reads odoo/VERSION and HISTORY.rst: fix them,"
                        + " or give the image to upgrade from (--upgrade-from REF)"));
            }
        } else if (given.upgradeFrom() != null) {
            reference("--upgrade-from", given.upgradeFrom(), problems);
        }
        if (!given.lint() && !given.tests() && !given.scenario() && given.upgradeFrom() == null) {
            problems.add(Problem.error(null, "every phase is turned off (--no-lint --no-tests --no-scenario, no --upgrade-from):"
                    + " nothing to test"));
        }
        ImageTestRequest.Timeouts t = given.timeouts();
        for (Duration d : List.of(t.lint(), t.database(), t.tests(), t.scenario(), t.upgrade())) {
            if (d.isZero() || d.isNegative()) {
                problems.add(Problem.error(null, "timeouts must be positive durations such as 90s, 30m or 1h"));
                break;
            }
        }
        Path reportDir = given.reports().toAbsolutePath().normalize();
        if (Files.exists(reportDir) && !Files.isDirectory(reportDir)) {
            problems.add(Problem.error(reportDir, "--junit: exists and is not a directory"));
        }
        if (!given.junitInImage().startsWith("/")) {
            problems.add(Problem.error(null, "--junit-in-image '" + given.junitInImage() + "': expected an absolute path in the image"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        Path cache = (given.dbCache() != null ? given.dbCache() : defaultCache(env)).toAbsolutePath().normalize();
        String upgradeFrom = given.upgradeFrom();
        String upgradeNote = given.upgradeNote();
        if (previousRelease != null) {
            upgradeFrom = null;
            if (previousRelease.previous().isPresent()) {
                ImageReference tested = ImageReference.parse(given.image());
                upgradeFrom = previousRelease.resolve(tested, registry.apply(tested));
            }
            upgradeNote = previousRelease.describe(upgradeFrom);
        }
        return new ImageTestRequest(dir, given.image(), given.pull(), db, reportDir, given.lint(), given.lintIn(),
                given.tests(), given.scenario(), upgradeFrom, upgradeNote, cache, given.junitInImage(), t);
    }

    /**
     * The login for pulling {@code ref} in a run testing {@code image}: the environment's pair only for the
     * tested image's registry, another host its own registry config entry, as for build and publish.
     */
    public static Function<String, Optional<RegistryLogin>> logins(String image, RegistryCredentials credentials,
            Predicate<ImageReference> insecure) {
        ImageReference tested = ImageReference.parse(image);
        return ref -> {
            ImageReference pulled = ImageReference.parse(ref);
            return RegistryLogins.forImages(credentials, tested, List.of(pulled), insecure).logins().stream()
                    .filter(l -> l.host().equals(pulled.apiHost())).findFirst();
        };
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
    private static String composeDbImage(Path dir, Supplier<String> client, List<Problem> problems) {
        try {
            InstanceComposition composition = InstanceComposition.load(dir, Instance.TEST, client.get());
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
