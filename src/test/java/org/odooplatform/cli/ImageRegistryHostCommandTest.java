package org.odooplatform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odooplatform.testsupport.Cli;

/**
 * {@code image registry-host}: what withRegistryLogin(dockerConfig: true) writes as the
 * config.json key. Docker Hub's key is the one {@code docker login} writes (moby registry/config.go
 * {@code registry.IndexServer}, "https://index.docker.io/v1/"); the host rule is
 * {@link org.odooplatform.common.RegistryHostTest}'s.
 */
class ImageRegistryHostCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "camptocamp/acme_odoo:abc123,               https://index.docker.io/v1/",
        "odoo,                                      https://index.docker.io/v1/",
        "docker.io/camptocamp/acme_odoo,            https://index.docker.io/v1/",
        "registry.example.com/acme/acme_odoo,       registry.example.com",
        "127.0.0.1:5000/acme/acme_odoo:1.0.0,       127.0.0.1:5000",
        "localhost/acme,                            localhost",
    })
    void itPrintsTheDockerConfigKeyOfTheImagesRegistry(String image, String key) {
        Cli.Result r = Cli.run("image", "registry-host", image);
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out().strip()).isEqualTo(key);
    }

    @org.junit.jupiter.api.Test
    void aBadNameIsExit2() {
        Cli.Result r = Cli.run("image", "registry-host", "Acme/Odoo");
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("must be lower-case");
    }
}
