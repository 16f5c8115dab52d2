package org.odooplatform.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.odooplatform.common.BadInputException;

class ImageReferenceTest {

    private static final String D = "sha256:" + "ab".repeat(32);

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", value = {
        // text                                        registry          repository            tag      digest
        "odoo,                                          docker.io,        library/odoo,         -,       -",
        "camptocamp/acme_odoo:10.1.2,                   docker.io,        camptocamp/acme_odoo, 10.1.2,  -",
        "docker.io/camptocamp/acme_odoo,                docker.io,        camptocamp/acme_odoo, -,       -",
        "index.docker.io/library/busybox:1,             docker.io,        library/busybox,      1,       -",
        "127.0.0.1:5000/acme/odoo:abc123,               127.0.0.1:5000,   acme/odoo,            abc123,  -",
        "localhost/acme:dev,                            localhost,        acme,                 dev,     -",
        "registry.example.com/a/b/c:v1.0_rc-1,          registry.example.com, a/b/c,            v1.0_rc-1, -",
        "registry.example.com:443/acme/odoo,            registry.example.com:443, acme/odoo,    -,       -",
        "[::1]:5000/acme/odoo:1.0.0,                    [::1]:5000,       acme/odoo,            1.0.0,   -",
        "my-registry/acme:1,                            docker.io,        my-registry/acme,     1,       -",
    })
    void itParsesAndNormalises(String text, String registry, String repository, String tag, String digest) {
        ImageReference ref = ImageReference.parse(text);
        assertThat(ref.registry()).isEqualTo(registry);
        assertThat(ref.repository()).isEqualTo(repository);
        assertThat(ref.tag()).isEqualTo(tag);
        assertThat(ref.digest()).isEqualTo(digest);
    }

    @Test
    void itParsesADigestWithOrWithoutATag() {
        ImageReference pinned = ImageReference.parse("127.0.0.1:5000/acme/odoo@" + D);
        assertThat(pinned.digest()).isEqualTo(D);
        assertThat(pinned.manifestReference()).isEqualTo(D);
        ImageReference both = ImageReference.parse("127.0.0.1:5000/acme/odoo:1.2.3@" + D);
        assertThat(both.tag()).isEqualTo("1.2.3");
        assertThat(both.manifestReference()).as("the digest wins over the tag").isEqualTo(D);
        assertThat(both.toString()).isEqualTo("127.0.0.1:5000/acme/odoo:1.2.3@" + D);
    }

    @Test
    void withTagAndWithDigestReplaceTheOtherPart() {
        ImageReference ref = ImageReference.parse("127.0.0.1:5000/acme/odoo:abc");
        assertThat(ref.withTag("10.1.2").toString()).isEqualTo("127.0.0.1:5000/acme/odoo:10.1.2");
        assertThat(ref.withDigest(D).toString()).isEqualTo("127.0.0.1:5000/acme/odoo@" + D);
        assertThat(ImageReference.parse("odoo").toString()).isEqualTo("docker.io/library/odoo");
        assertThat(ImageReference.parse("odoo").apiHost()).isEqualTo("registry-1.docker.io");
    }

    @Test
    void onlyXYZTagsAreReleaseTags() {
        assertThat(ImageReference.parse("r.io/a:10.1.2").isReleaseTag()).isTrue();
        assertThat(ImageReference.parse("r.io/a:latest").isReleaseTag()).isFalse();
        assertThat(ImageReference.parse("r.io/a:10.1").isReleaseTag()).isFalse();
        assertThat(ImageReference.parse("r.io/a:10.1.2-rc1").isReleaseTag()).isFalse();
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
        "''                                     | empty",
        "Acme/Odoo:1                            | must be lower-case",
        "127.0.0.1:5000/acme/odoo:              | tag after ':' is empty",
        "127.0.0.1:5000/acme/odoo:-bad          | tag '-bad'",
        "127.0.0.1:5000/acme/odoo@sha256:abc    | digest 'sha256:abc'",
        "127.0.0.1:5000/acme//odoo:1            | repository part ''",
        "127.0.0.1:5000/acme/odoo-:1            | repository part 'odoo-'",
        "https://registry.example.com/acme:1    | no scheme",
        "127.0.0.1:5000/:1                      | repository is missing",
    })
    void itRejectsBadReferencesSayingWhichPartIsWrong(String text, String message) {
        assertThatThrownBy(() -> ImageReference.parse(text)).isInstanceOf(BadInputException.class)
                .hasMessageContaining(message);
    }

    @Test
    void aCommandThatReadsOneImageNeedsATagOrDigest() {
        assertThatThrownBy(() -> ImageReference.parseSpecific("127.0.0.1:5000/acme/odoo"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("expected a tag");
    }
}
