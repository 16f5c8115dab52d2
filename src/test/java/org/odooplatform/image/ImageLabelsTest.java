package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.common.BadInputException;
import org.odooplatform.testsupport.Projects;

class ImageLabelsTest {

    @TempDir
    Path tmp;

    @Test
    void itLabelsVersionTitleTimeAndTheGivenCommit() {
        Path project = Projects.copySample(tmp.resolve("p"));
        Clock clock = Clock.fixed(Instant.parse("2026-11-26T05:30:12.345Z"), ZoneOffset.UTC);

        var labels = ImageLabels.of(project, "acme", "0123abc", clock);

        assertThat(labels).containsEntry("org.opencontainers.image.version", "10.1.2")
                .containsEntry("org.opencontainers.image.title", "acme")
                .containsEntry("org.opencontainers.image.created", "2026-11-26T05:30:12Z")
                .containsEntry("org.opencontainers.image.revision", "0123abc");
    }

    @Test
    void aRemoteWithATokenDoesNotPutTheTokenIntoTheSourceLabel() {
        assertThat(ImageLabels.withoutUserInfo("https://ci:ghp_secret@github.com/acme/odoo.git"))
                .isEqualTo("https://github.com/acme/odoo.git");
        assertThat(ImageLabels.withoutUserInfo("git@github.com:acme/odoo.git")).isEqualTo("git@github.com:acme/odoo.git");
    }

    @Test
    void aBadVersionFileIsBadInputNamingTheFile() throws Exception {
        Path project = Projects.copySample(tmp.resolve("p"));
        Files.writeString(project.resolve("odoo/VERSION"), "ten\n");

        assertThatThrownBy(() -> ImageLabels.version(project)).isInstanceOf(BadInputException.class)
                .hasMessageContaining("odoo/VERSION").hasMessageContaining("expected a version X.Y.Z");
    }
}
