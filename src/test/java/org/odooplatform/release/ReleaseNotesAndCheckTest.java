package org.odooplatform.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.testsupport.Cli;
import org.odooplatform.testsupport.Projects;

class ReleaseNotesAndCheckTest {

    @Test
    void notesPrintTheVersionsSectionForTheTagMessage() {
        Cli.Result result = Cli.run("release", "notes", "--project", Projects.SAMPLE.toString(), "10.1.0");
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("**Features and Improvements**\n\n* Sales: margin per order line\n"
                + "* Install the cloud platform addons (S3 attachments, Redis sessions, JSON logs)\n\n**Build**\n\n"
                + "* Upgrade the base image to camptocamp/odoo-project:10.0-2.1.0\n");
    }

    @Test
    void notesDefaultToTheVersionInVersionFile() {
        Cli.Result result = Cli.run("release", "notes", "--project", Projects.SAMPLE.toString());
        assertThat(result.out()).isEqualTo("**Bugfixes**\n\n* Sales: the portal user can again download its quotations\n");
    }

    @Test
    void notesOfAnUnreleasedVersionExitThree() {
        Cli.Result result = Cli.run("release", "notes", "--project", Projects.SAMPLE.toString(), "10.3.0");
        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("no section for 10.3.0", "10.1.2, 10.1.1, 10.1.0, 10.0.0");
        assertThat(Cli.run("release", "notes", "--project", Projects.SAMPLE.toString(), "latest").code()).isEqualTo(2);
    }

    @Test
    void checkPassesWhenMigrationHasTheVersion() {
        Cli.Result result = Cli.run("release", "check", "--project", Projects.SAMPLE.toString());
        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).isEqualTo("odoo/migration.yml:46: has an entry for 10.1.2 (odoo/VERSION)\n");
    }

    @Test
    void checkExitsThreeWhenTheEntryIsMissingEvenIfALongerVersionIsThere(@TempDir Path tmp) throws IOException {
        Path project = Projects.copySample(tmp.resolve("p"));
        Files.writeString(project.resolve("odoo/VERSION"), "10.1.1\n");
        Path migration = project.resolve("odoo/migration.yml");
        Files.writeString(migration, Files.readString(migration).replace("    - version: 10.1.1\n", "    - version: 10.1.10\n")
                .replace("    - version: 10.1.2\n", ""));
        Cli.Result result = Cli.run("release", "check", "--project", project.toString());
        assertThat(result.code()).as(result.toString()).isEqualTo(3);
        assertThat(result.err()).contains("no entry for 10.1.1 (odoo/VERSION)");
    }

    @Test
    void checkExitsTwoOnAMalformedFile(@TempDir Path tmp) throws IOException {
        Path project = Projects.copySample(tmp.resolve("p"));
        Files.writeString(project.resolve("odoo/migration.yml"), "migration:\n  versions:\n    - version: 10.1.2\n  extra: 1\n");
        Cli.Result result = Cli.run("release", "check", "--project", project.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("migration.yml:4: error: migration: unknown key 'extra'");
    }
}
