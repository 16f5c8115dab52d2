package org.odooplatform.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;

/** Every refusal exits 2 and leaves every file of the project as it was. */
class ReleaseBumpRefusalTest {

    @TempDir
    Path tmp;
    Path project;
    Map<String, String> before;

    @BeforeEach
    void copySample() throws IOException {
        project = Projects.copySample(tmp.resolve("project"));
    }

    private Cli.Result bump(String... options) throws IOException {
        before = ReleaseBumpGoldenTest.tree(project);
        String[] args = new String[options.length + 4];
        args[0] = "release";
        args[1] = "bump";
        args[2] = "--project";
        args[3] = project.toString();
        System.arraycopy(options, 0, args, 4, options.length);
        return Cli.run(args);
    }

    private void assertRefusedUnchanged(Cli.Result result, String... messages) throws IOException {
        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(messages);
        assertThat(ReleaseBumpGoldenTest.tree(project)).isEqualTo(before);
    }

    @Test
    void neitherNorBothKindsIsRefused() throws IOException {
        assertRefusedUnchanged(bump(), "give exactly one of --feature");
        assertRefusedUnchanged(bump("--feature", "--patch"), "give exactly one of --feature");
    }

    @Test
    void aBadDateIsRefused() throws IOException {
        assertRefusedUnchanged(bump("--feature", "--date", "15.03.2017"), "--date '15.03.2017' is not a date: expected YYYY-MM-DD");
    }

    @Test
    void aBadVersionIsRefusedInsteadOfCrashing() throws IOException {
        Files.writeString(project.resolve("odoo/VERSION"), "10.1.2-rc1\n");
        assertRefusedUnchanged(bump("--patch"), "odoo/VERSION:1: error: '10.1.2-rc1' is not a version");
        Files.writeString(project.resolve("odoo/VERSION"), "");
        assertRefusedUnchanged(bump("--patch"), "the version file is empty");
    }

    @Test
    void missingFilesAreAllReportedAtOnce() throws IOException {
        Files.delete(project.resolve("HISTORY.rst"));
        Files.delete(project.resolve("odoo/migration.yml"));
        Files.delete(project.resolve("rancher/integration/docker-compose.yml"));
        assertRefusedUnchanged(bump("--feature"), "HISTORY.rst: error: file not found",
                "odoo/migration.yml: error: file not found", "no docker-compose.yml for the integration instance");
    }

    @Test
    void aHistoryWithoutUnreleasedHeadingIsRefused() throws IOException {
        String history = Files.readString(project.resolve("HISTORY.rst"));
        Files.writeString(project.resolve("HISTORY.rst"), history.replace("latest (unreleased)\n+++++++++++++++++++\n", ""));
        assertRefusedUnchanged(bump("--feature"), "HISTORY.rst: error: no unreleased section");
    }

    @Test
    void aMalformedMigrationFileIsRefusedWithItsLine() throws IOException {
        Files.writeString(project.resolve("odoo/migration.yml"),
                Files.readString(project.resolve("odoo/migration.yml")) + "      addons:\n        remove:\n          - sale_margin\n");
        assertRefusedUnchanged(bump("--feature"), "odoo/migration.yml:48: error: versions[4].addons.remove");
    }

    @Test
    void aMalformedComposeFileIsRefused() throws IOException {
        Files.writeString(project.resolve("rancher/integration/docker-compose.yml"), "odoo:\n  image: [\n");
        assertRefusedUnchanged(bump("--feature"), "rancher/integration/docker-compose.yml:", "invalid YAML");
    }

    @Test
    void aVersionAlreadyInHistoryIsRefused() throws IOException {
        Files.writeString(project.resolve("odoo/VERSION"), "10.1.1\n");
        assertRefusedUnchanged(bump("--patch"), "HISTORY.rst already has a section for 10.1.2 while odoo/VERSION is 10.1.1");
    }

    @Test
    void aFlowStyleVersionsListIsRefusedRatherThanBroken() throws IOException {
        Files.writeString(project.resolve("odoo/migration.yml"),
                "migration:\n  versions: [{version: setup}, {version: 10.1.2}]\n");
        assertRefusedUnchanged(bump("--patch"), "cannot append '- version: 10.1.3' to the versions list");
    }

    @Test
    void whenVersionsIsNotTheLastBlockTheEntryGoesRightAfterTheList() throws IOException {
        Files.writeString(project.resolve("odoo/migration.yml"), "migration:\n  versions:\n    - version: 10.1.2\n"
                + "      operations:\n        post:\n          - anthem songs.upgrade::main\n\n"
                + "  options:\n    install_command: odoo\n");
        Cli.Result result = bump("--patch");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(Files.readString(project.resolve("odoo/migration.yml"))).isEqualTo("migration:\n  versions:\n"
                + "    - version: 10.1.2\n      operations:\n        post:\n          - anthem songs.upgrade::main\n"
                + "    - version: 10.1.3\n\n  options:\n    install_command: odoo\n");
    }

    @Test
    void anExistingEntryIsNotAppendedAgainAndThatIsSaid() throws IOException {
        Files.writeString(project.resolve("odoo/migration.yml"),
                Files.readString(project.resolve("odoo/migration.yml")) + "\n    - version: 10.2.0\n      addons:\n        upgrade:\n          - sale_margin\n");
        String migration = Files.readString(project.resolve("odoo/migration.yml"));
        Cli.Result result = bump("--feature", "--date", "2017-04-10");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).contains("odoo/migration.yml: already has an entry for 10.2.0, not changed");
        assertThat(Files.readString(project.resolve("odoo/migration.yml"))).isEqualTo(migration);
    }

    @Test
    void theJavaApiReturnsWhatChanged() {
        BumpResult result = ReleaseBump.run(project, BumpKind.PATCH, LocalDate.of(2017, 4, 2), true);
        assertThat(result.newVersion()).hasToString("10.1.3");
        assertThat(result.migrationEntryAdded()).isTrue();
        assertThat(result.composeChanges()).singleElement().satisfies(c -> {
            assertThat(c.line()).isEqualTo(2);
            assertThat(c.after()).isEqualTo("  image: camptocamp/acme_odoo:10.1.3");
        });
        assertThat(result.changes()).extracting(FileChange::relative).containsExactly("odoo/migration.yml",
                "odoo/VERSION", "HISTORY.rst", "rancher/integration/docker-compose.yml");
        assertThat(result.diff()).contains("-  image: camptocamp/acme_odoo:10.1.2", "+  image: camptocamp/acme_odoo:10.1.3");
    }
}
