package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odooplatform.common.Environment;

/** --buildah-root falls back to the run's environment (the one handed down from Main), not the process one. */
class BuilderOptionsTest {

    @Test
    void theOptionWinsElseTheGivenEnvironmentElseBuildahsOwnDefault() {
        Environment env = Environment.of(Map.of(BuilderOptions.BUILDAH_ROOT_VARIABLE, "/srv/buildah"));

        assertThat(BuilderOptions.buildahRoot(Path.of("/opt/b"), env)).isEqualTo(Path.of("/opt/b"));
        assertThat(BuilderOptions.buildahRoot(null, env)).isEqualTo(Path.of("/srv/buildah"));
        assertThat(BuilderOptions.buildahRoot(null, Environment.of(Map.of(BuilderOptions.BUILDAH_ROOT_VARIABLE, " "))))
                .isNull();
        assertThat(BuilderOptions.buildahRoot(null, Environment.of(Map.of()))).isNull();
    }
}
