package org.odooplatform.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule follows Docker's own: {@code splitDockerDomain} in distribution/reference
 * {@code normalize.go} takes the part before the first '/' as the domain when it is
 * {@code localhost} or contains '.' or ':' (a host name, an IP address, a port, {@code [::1]}).
 * One difference, kept on purpose: {@code splitDockerDomain} also takes a first part with
 * upper-case letters as a domain; we do not, so {@code MyHost/acme} stays a (refused, since not
 * lower-case) Docker Hub path as it always was here.
 */
class RegistryHostTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        // name                                   host                   without the host
        "odoo,                                     -,                     odoo",
        "odoo:10.0,                                -,                     odoo:10.0",
        "camptocamp/acme_odoo:10.1.2,              -,                     camptocamp/acme_odoo:10.1.2",
        "my-registry/acme,                         -,                     my-registry/acme",
        "localhost/acme:dev,                       localhost,             acme:dev",
        "localhost:5000/acme,                      localhost:5000,        acme",
        "localhostx/acme,                          -,                     localhostx/acme",
        "127.0.0.1:5000/acme/odoo,                 127.0.0.1:5000,        acme/odoo",
        "registry.example.com/a/b/c,               registry.example.com,  a/b/c",
        "registry:5000/acme,                       registry:5000,         acme",
        "[::1]:5000/acme/odoo,                     [::1]:5000,            acme/odoo",
        "docker.io/camptocamp/acme_odoo,           docker.io,             camptocamp/acme_odoo",
        "index.docker.io/library/busybox,          index.docker.io,       library/busybox",
        "MyHost/acme,                              -,                     MyHost/acme",
        "/acme,                                    -,                     /acme",
    })
    void theFirstPartIsAHostWhenItHasADotOrAColonOrIsLocalhost(String name, String host, String stripped) {
        assertThat(RegistryHost.of(name).orElse(null)).isEqualTo(host);
        assertThat(RegistryHost.strip(name)).isEqualTo(stripped);
    }
}
