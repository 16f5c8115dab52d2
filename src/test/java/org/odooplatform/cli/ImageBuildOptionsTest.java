package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.Projects;
import org.odooplatform.testsupport.TestService;

/**
 * {@code image build} takes a repository as {@code --repository}; {@code --image} means a full
 * reference in every other command, and is still accepted here for one release with a warning.
 * Dry runs: the options are parsed and the build command printed, nothing is built.
 */
class ImageBuildOptionsTest {

    private static Cli.Result dryRun(String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("image", "build", "--project", Projects.SAMPLE.toString(),
                "--tag", "abc123", "--builder", "docker", "--dry-run"));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    @NeedsServices(TestService.DOCKERD) // the dry run still checks that the builder works
    void repositoryNamesTheRepositoryBuiltInto() {
        Cli.Result r = dryRun("--repository", "127.0.0.1:5000/acme/odoo");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(lastLine(r.out())).isEqualTo("127.0.0.1:5000/acme/odoo:abc123");
        assertThat(r.err()).doesNotContain("deprecated");
    }

    @Test
    @NeedsServices(TestService.DOCKERD) // the dry run still checks that the builder works
    void registryIsPrefixedToARepositoryWithoutHost() {
        Cli.Result r = dryRun("--repository", "acme/odoo", "--registry", "registry.example.com");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(lastLine(r.out())).isEqualTo("registry.example.com/acme/odoo:abc123");
    }

    @Test
    @NeedsServices(TestService.DOCKERD) // the dry run still checks that the builder works
    void theOldImageOptionStillWorksWithAWarningNamingTheNewOne() {
        Cli.Result r = dryRun("--image", "127.0.0.1:5000/acme/odoo");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(lastLine(r.out())).isEqualTo("127.0.0.1:5000/acme/odoo:abc123");
        assertThat(r.err()).contains("warning: image build --image is deprecated: use --repository 127.0.0.1:5000/acme/odoo");
    }

    @Test
    void aRepositoryWithATagOrDigestOrBadNameIsExit2BeforeAnything() {
        for (String option : List.of("--repository", "--image")) {
            Cli.Result tagged = dryRun(option, "127.0.0.1:5000/acme/odoo:1.0");
            assertThat(tagged.code()).as(tagged.toString()).isEqualTo(2);
            assertThat(tagged.err()).contains("Invalid value for option '" + option + "'")
                    .contains("give the repository only ([REGISTRY/]PATH); the tag goes in --tag")
                    .contains("nothing was changed.");
            Cli.Result pinned = dryRun(option, "127.0.0.1:5000/acme/odoo@sha256:" + "ab".repeat(32));
            assertThat(pinned.code()).as(pinned.toString()).isEqualTo(2);
            Cli.Result upper = dryRun(option, "Acme/Odoo");
            assertThat(upper.code()).as(upper.toString()).isEqualTo(2);
            assertThat(upper.err()).contains("must be lower-case").contains("expected a repository [REGISTRY/]PATH");
            assertThat(upper.out()).isEmpty();
        }
    }

    @Test
    void theNewAndTheOldNameTogetherAreExit2() {
        Cli.Result r = dryRun("--repository", "127.0.0.1:5000/acme/odoo", "--image", "127.0.0.1:5000/acme/odoo");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("give the repository once: --repository 127.0.0.1:5000/acme/odoo").contains("nothing was changed.");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void helpShowsRepositoryAndNotTheOldName() {
        String help = Cli.run("image", "build", "--help").out();
        assertThat(help).contains("--repository=REPO").contains("--registry=HOST[:PORT]").doesNotContain("--image");
        assertThat(Cli.run("deploy", "--help").out()).contains("--image=REPO:TAG|REPO@DIGEST").doesNotContain("--repository");
    }
}
