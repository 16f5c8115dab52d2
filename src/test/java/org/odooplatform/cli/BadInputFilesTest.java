package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.odooplatform.flow.DeployFixtures;
import org.odooplatform.flow.SimulatorHarness;
import org.odooplatform.testsupport.Cli;

/**
 * Every file the CLI reads, given as something that is not a small UTF-8 text file: exit 2 naming
 * the file (and the line where there is one), before any request to Rancher, whichever command.
 */
class BadInputFilesTest {

    @TempDir
    Path dir;

    Path project;
    SimulatorHarness h;
    final List<Path> fifos = new ArrayList<>();

    @BeforeEach
    void start() {
        project = DeployFixtures.project(dir);
        h = new SimulatorHarness();
        Cli.useEnvironment(h.env());
    }

    @AfterEach
    void stop() throws Exception {
        Cli.useEnvironment(null);
        assertThat(h.sim.mutations()).as("nothing was changed on Rancher").isEmpty();
        h.close();
        for (Path fifo : fifos) {
            try (OutputStream release = Files.newOutputStream(fifo)) {
                release.flush(); // ends the reader abandoned at the time-out
            }
        }
    }

    private Path fifo(String name) throws Exception {
        Path at = dir.resolve(name);
        assertThat(new ProcessBuilder("mkfifo", at.toString()).start().waitFor()).isZero();
        fifos.add(at);
        return at;
    }

    private Cli.Result deploy(Path publicEnv, Path env) {
        return Cli.run("deploy", "--project", project.toString(), "--instance", "integration",
                "--public-env-file", publicEnv.toString(), "--env-file", env.toString(),
                "--image", DeployFixtures.IMAGE_A);
    }

    private Cli.Result check(Path env) {
        return Cli.run("check", "--project", project.toString(), "--instance", "integration", "--env-file", env.toString());
    }

    private Path publicEnv() {
        return DeployFixtures.publicEnv(project, "integration");
    }

    private Path secretEnv() {
        return DeployFixtures.secretEnv(project, "integration");
    }

    private void assertRefused(Cli.Result r, Path file, String message) {
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(h.sim.requests()).as("refused before any request to Rancher").isEmpty();
        assertThat(r.all()).as(r.toString()).contains(file.toString()).contains(message);
        for (String canary : DeployFixtures.CANARIES) {
            assertThat(r.all()).doesNotContain(canary);
        }
    }

    @Test
    void anEnvFileThatIsADirectoryDevZeroBinaryOrLatin1() throws Exception {
        assertRefused(deploy(publicEnv(), dir), dir, "is a directory: expected a file");
        Cli.Result checked = check(dir);
        assertRefused(checked, dir, "is a directory");
        assertThat(checked.out()).as("said once, not once per setting the file would have held")
                .doesNotContain("is missing").doesNotContain("has no value in the settings");
        Path zero = Path.of("/dev/zero");
        assertRefused(deploy(publicEnv(), zero), zero, "is larger than 4 MB");
        assertRefused(deploy(zero, secretEnv()), zero, "is larger than 4 MB");
        Path binary = Files.write(dir.resolve("binary.env"), new byte[] {'\u007f', 'E', 'L', 'F', 2, 1, 1, 0, 0});
        assertRefused(deploy(publicEnv(), binary), binary, ":1: error: contains a NUL byte");
        Path latin1 = dir.resolve("latin1.env");
        byte[] secret = Files.readAllBytes(secretEnv());
        byte[] withLatin1 = ("export ODOO_SESSION_REDIS_PREFIX=caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] both = new byte[secret.length + withLatin1.length];
        System.arraycopy(secret, 0, both, 0, secret.length);
        System.arraycopy(withLatin1, 0, both, secret.length, withLatin1.length);
        Files.write(latin1, both);
        int line = (int) new String(secret, StandardCharsets.UTF_8).lines().count() + 1;
        assertRefused(deploy(publicEnv(), latin1), latin1, ":" + line + ": error: byte 37 of the line is not UTF-8");
        assertRefused(check(latin1), latin1, ":" + line + ": error: byte 37 of the line is not UTF-8");
    }

    @Test
    void anEnvFileWithABomIsReadWithoutIt() throws Exception {
        Path bom = dir.resolve("bom.env");
        byte[] secret = Files.readAllBytes(secretEnv());
        byte[] withBom = new byte[secret.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(secret, 0, withBom, 3, secret.length);
        Files.write(bom, withBom);
        Cli.Result r = Cli.run("deploy", "--project", project.toString(), "--instance", "integration",
                "--public-env-file", publicEnv().toString(), "--env-file", bom.toString(),
                "--image", DeployFixtures.IMAGE_A, "--dry-run");
        // the BOM did not become part of the first variable's name: the settings are valid, the plan is made
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("--dry-run: nothing was changed.");
        assertThat(check(bom).all()).doesNotContain("invalid variable name");
    }

    @Test
    void aFifoNobodyWritesToEndsWithExit2() throws Exception {
        Path fifo = fifo("rancher.env");
        long start = System.nanoTime();
        Cli.Result r = deploy(publicEnv(), fifo);
        assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(20);
        assertRefused(r, fifo, "did not deliver its content within 10s");
    }

    @Test
    void composeFilesAndTheProjectFileAreReadTheSameWay() throws Exception {
        Path compose = project.resolve("rancher/integration/docker-compose.yml");
        Path rancherCompose = project.resolve("rancher/integration/rancher-compose.yml");
        Files.write(rancherCompose, "odoo:\n  scale: 1\n  # r\u00e9plicas\n".getBytes(StandardCharsets.ISO_8859_1));
        assertRefused(deploy(publicEnv(), secretEnv()), rancherCompose, ":3: error: byte 6 of the line is not UTF-8");
        Files.delete(compose);
        Files.createDirectory(compose);
        assertRefused(check(secretEnv()), compose, "is a directory: expected a file");
        Path config = project.resolve(".odoo-platform.yml");
        Files.write(config, new byte[] {'c', 'l', 0});
        assertRefused(check(secretEnv()), config, "contains a NUL byte");
    }

    @Test
    void aRegistryConfigThatIsADirectory() throws Exception {
        Cli.Result r = Cli.run("image", "resolve", "127.0.0.1:5999/acme/acme_odoo:1.0", "--registry-config", dir.toString());
        assertRefused(r, dir, "is a directory");
    }
}
