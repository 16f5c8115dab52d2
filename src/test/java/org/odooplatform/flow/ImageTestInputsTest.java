package org.odooplatform.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Environment;
import org.odooplatform.image.Flake8Linter;
import org.odooplatform.image.ImageReference;
import org.odooplatform.image.RegistryClient;
import org.odooplatform.image.RegistryCredentials;
import org.odooplatform.image.RegistryLogin;
import org.odooplatform.testsupport.Projects;

/** image test's inputs: every bad one at once before anything, the defaults the project and environment give. */
class ImageTestInputsTest {

    @TempDir
    Path dir;

    private static ImageTestRequest given(Path project, String image, String dbImage, boolean phases, String upgradeFrom,
            Path reports, String junitInImage, Duration timeout) {
        return new ImageTestRequest(project, image, false, dbImage, reports, phases, Flake8Linter.Where.AUTO, phases, phases,
                upgradeFrom, null, null, junitInImage, new ImageTestRequest.Timeouts(timeout, timeout, timeout, timeout, timeout));
    }

    private static RegistryClient noRegistry(ImageReference ref) {
        throw new AssertionError("the registry must not be asked before every input is checked");
    }

    @Test
    void everyBadInputIsSaidAtOnceAndNothingIsAskedOfTheRegistryOrTheProject() throws Exception {
        Path notAProject = Files.createDirectories(dir.resolve("empty"));
        Path reportsFile = Files.writeString(dir.resolve("reports"), "x");
        AtomicInteger clientReads = new AtomicInteger();

        assertThatThrownBy(() -> ImageTestInputs.complete(given(notAProject, "acme/odoo", "Bad Image", false, "previous-release",
                reportsFile, "relative", Duration.ZERO), () -> {
                    clientReads.incrementAndGet();
                    return null;
                }, Environment.of(Map.of()), ImageTestInputsTest::noRegistry))
                .isInstanceOf(BadInputException.class)
                .satisfies(e -> assertThat(((BadInputException) e).problems()).extracting(Object::toString).anySatisfy(
                        p -> assertThat(p).contains("no odoo/ directory")).anySatisfy(
                        p -> assertThat(p).contains("--image acme/odoo: give a tag or a digest")).anySatisfy(
                        p -> assertThat(p).contains("--db-image")).anySatisfy(
                        p -> assertThat(p).contains("--upgrade-from previous-release reads odoo/VERSION")).anySatisfy(
                        p -> assertThat(p).contains("timeouts must be positive")).anySatisfy(
                        p -> assertThat(p).contains("--junit: exists and is not a directory")).anySatisfy(
                        p -> assertThat(p).contains("--junit-in-image 'relative'")));
        assertThat(clientReads).as("the db image was given: the compose file is not read").hasValue(0);
    }

    @Test
    void theDatabaseImageComesFromTheTestComposeFileAndTheCacheFromTheGivenEnvironment() {
        Path project = Projects.copySample(dir.resolve("p"));

        ImageTestRequest r = ImageTestInputs.complete(given(project, "127.0.0.1:5000/acme/odoo:abc", null, true, null,
                dir.resolve("junit"), "/tmp/junit", Duration.ofMinutes(1)), () -> null,
                Environment.of(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString())), ImageTestInputsTest::noRegistry);

        assertThat(r.dbImage()).isEqualTo("camptocamp/postgresql:pg9.5-latest");
        assertThat(r.dbCache()).isEqualTo(dir.resolve("cache/odoo-platform/db-dumps").toAbsolutePath().normalize());
        assertThat(r.reports()).isAbsolute();
        assertThat(r.upgradeFrom()).isNull();
    }

    @Test
    void theEnvironmentsRegistryPairIsForTheTestedImagesRegistryOnly() {
        RegistryCredentials credentials = new RegistryCredentials(Map.of(RegistryCredentials.USERNAME_ENV, "ci",
                RegistryCredentials.PASSWORD_ENV, "canary-image-test-inputs"), null);

        var logins = ImageTestInputs.logins("registry.example.com/acme/odoo:abc", credentials, ref -> false);

        assertThat(logins.apply("registry.example.com/acme/odoo:10.1.0")).map(RegistryLogin::host)
                .contains("registry.example.com");
        assertThat(logins.apply("other.example.com/acme/postgres:15")).isEmpty();
    }
}
