package org.odooplatform.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.RawCli;

/**
 * Runs against the original fixture {@code ../shared/fixtures/sample-project} when it is present
 * (from the main checkout or a worktree one level deeper); skipped otherwise. The fixture is optional
 * and not part of the repository: examples/sample-project covers the same cases in every run. Its test
 * instance lives in the historic {@code rancher/latest/}.
 */
class SharedFixtureTest {

    static Path fixture() {
        return Stream.of(Projects.SHARED_FIXTURE, Paths.get("../../shared/fixtures/sample-project").toAbsolutePath().normalize())
                .filter(Files::isDirectory).findFirst().orElse(null);
    }

    @Test
    void checkFindsTheTestInstanceInRancherLatestAndPassesOnGeneratedSettings(@TempDir Path tmp) {
        Path fixture = fixture();
        assumeTrue(fixture != null, "../shared/fixtures/sample-project is not present");
        Path env = tmp.resolve("rancher.env");
        Cli.Result init = Cli.run("init-settings", "--client", "acme", "--instance", "test",
                "--domain", "test.acme.odoo.example.com", "--out", env.toString());
        assertThat(init.code()).isZero();
        Cli.Result check = RawCli.run("check", "--project", fixture.toString(), "--client", "acme", "--instance", "test",
                "--env-file", env.toString());
        assertThat(check.out()).contains(fixture.resolve("rancher/latest/docker-compose.yml").toString());
        // the generated file leaves the Let's Encrypt secret to fill: one warning, no error
        assertThat(check.code()).as(check.toString()).isZero();
    }

    @Test
    void bumpOnTheFixtureGivesTheFeatureGoldenFiles(@TempDir Path tmp) throws IOException {
        Path fixture = fixture();
        assumeTrue(fixture != null, "../shared/fixtures/sample-project is not present");
        Path project = Projects.copy(fixture, tmp.resolve("p"));
        Cli.Result result = Cli.run("release", "bump", "--feature", "--date", "2017-04-10", "--project", project.toString());
        assertThat(result.code()).as(result.toString()).isZero();
        Map<String, String> golden = ReleaseBumpGoldenTest.tree(ReleaseBumpGoldenTest.CASES.resolve("feature/after"));
        for (String file : new String[] {"odoo/VERSION", "HISTORY.rst", "odoo/migration.yml", "rancher/integration/docker-compose.yml"}) {
            assertThat(Files.readString(project.resolve(file))).as(file).isEqualTo(golden.get(file));
        }
        assertThat(Files.readString(project.resolve("rancher/latest/docker-compose.yml")))
                .isEqualTo(Files.readString(fixture.resolve("rancher/latest/docker-compose.yml")));
    }
}
