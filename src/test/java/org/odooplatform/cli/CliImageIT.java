package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.odooplatform.testsupport.NeedsServices;
import org.odooplatform.testsupport.TestService;
import org.odooplatform.testsupport.Projects;

/**
 * The CLI's container image (built by {@code mvn -Pjib package}, as scripts/test.sh does) loads into
 * a real Docker engine and runs the engine: what Jenkins agents in container mode use.
 */
@NeedsServices(TestService.DOCKERD)
class CliImageIT {

    private static final Path TARBALL = Paths.get("target/odoo-platform-image.tar");

    record Run(int code, String output) {
    }

    @Test
    void theImageRunsTheCliWithTheProjectMountedAndReportsBadSettingsWithExit2() throws Exception {
        assumeTrue(Files.isRegularFile(TARBALL), "the image tarball is built by the jib profile (mvn -Pjib verify)");
        Run load = docker("load", "-i", TARBALL.toString());
        assertThat(load.code()).as(load.output()).isZero();
        String image = "odoo-platform:" + VersionProvider.version();
        assertThat(load.output()).contains(image);

        Run version = docker("run", "--rm", "--network", "none", image, "--version");
        assertThat(version.output().strip()).isEqualTo("odoo-platform " + VersionProvider.version());

        Run check = docker("run", "--rm", "--network", "none", "-v", Projects.SAMPLE + ":/workspace/p:ro", image,
                "check", "--project", "p", "--instance", "prod", "--env-file", "p/rancher/prod/rancher.env.example");
        assertThat(check.code()).as(check.output()).isEqualTo(2);
        assertThat(check.output()).contains("p/rancher/prod/rancher.env.example:10: error: DB_PASSWORD is empty");
    }

    @Test
    void theImageStartsWithTheClassDataSharingArchiveDumpedInIt() throws Exception {
        assumeTrue(Files.isRegularFile(TARBALL), "the image tarball is built by the jib profile (mvn -Pjib verify)");
        assertThat(docker("load", "-i", TARBALL.toString()).code()).isZero();
        String image = "odoo-platform:" + VersionProvider.version();

        Run entrypoint = docker("inspect", "--format", "{{json .Config.Entrypoint}}", image);
        assertThat(entrypoint.output()).contains("\"-XX:SharedArchiveFile=/app/odoo-platform.jsa\"");
        // -Xshare:on: the JVM refuses to start unless the archive maps (same JVM build, same class path and jars);
        // the classes then come from it, ours included (scripts/image-cds.sh)
        Run mapped = docker("run", "--rm", "--network", "none", "--entrypoint", "java", image,
                "-XX:SharedArchiveFile=/app/odoo-platform.jsa", "-Xshare:on", "-Xlog:class+load", "-cp",
                "@/app/jib-classpath-file", "org.odooplatform.cli.Main", "--help");
        assertThat(mapped.code()).as(mapped.output()).isZero();
        assertThat(mapped.output()).contains("org.odooplatform.cli.Main source: shared objects file")
                .contains("picocli.CommandLine source: shared objects file")
                .contains("org.odooplatform.cli.DeployCommand source: shared objects file")
                .contains("Builds, releases and deploys Odoo projects");
    }

    private static Run docker(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
