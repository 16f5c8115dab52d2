package org.odooplatform.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.testsupport.Projects;

class OdooProjectTest {

    @Test
    void theSampleProjectLoads() {
        OdooProject project = OdooProject.load(Projects.SAMPLE);
        assertThat(project.version()).hasToString("10.1.2");
        assertThat(project.migration().hasVersion("10.1.2")).isTrue();
        assertThat(project.history().unreleased()).isPresent();
    }

    @Test
    void problemsOfEveryFileAreReportedTogether(@TempDir Path dir) throws Exception {
        Path project = Projects.copySample(dir.resolve("p"));
        Files.writeString(project.resolve("odoo/VERSION"), "10.1\n");
        Files.delete(project.resolve("HISTORY.rst"));
        Files.writeString(project.resolve("odoo/migration.yml"), "migration:\n  versions:\n    - version: 10.0.0\n      addon: {}\n");
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> OdooProject.load(project));
        assertThat(e.problems()).extracting(p -> project.relativize(p.file()) + ":" + p.line() + ": " + p.message())
                .containsExactly(
                        "odoo/VERSION:1: '10.1' is not a version: expected x.y.z (e.g. 10.1.2) or the 5-number form (e.g. 10.0.1.2.0)",
                        "HISTORY.rst:0: file not found",
                        "odoo/migration.yml:4: versions[0]: unknown key 'addon', expected one of addons, backup, modes, operations, version");
    }

    @Test
    void anEmptyVersionFileIsReported(@TempDir Path dir) throws Exception {
        Path project = Projects.copySample(dir.resolve("p"));
        Files.writeString(project.resolve("odoo/VERSION"), "\n");
        BadInputException e = catchThrowableOfType(BadInputException.class, () -> OdooProject.load(project));
        assertThat(e.getMessage()).contains("the version file is empty");
    }
}
