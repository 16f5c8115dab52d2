package org.odooplatform.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageLineTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "  image: camptocamp/acme_odoo:10.1.2|  image: camptocamp/acme_odoo:10.2.0",
        "  image:   camptocamp/acme_odoo:10.1.2|  image:   camptocamp/acme_odoo:10.2.0",
        "  image: \"camptocamp/acme_odoo:10.1.2\"|  image: \"camptocamp/acme_odoo:10.2.0\"",
        "  image: 'camptocamp/acme_odoo:10.1.2'  # pinned by release bump|  image: 'camptocamp/acme_odoo:10.2.0'  # pinned by release bump",
        "  image: camptocamp/acme_odoo:10.0.1.1.0|  image: camptocamp/acme_odoo:10.2.0",
    })
    void theProjectImageTagIsRewrittenKeepingEverythingElse(String line, String expected) {
        assertThat(ReleaseBump.rewriteImageLine(line, "camptocamp/acme_odoo", "10.2.0")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "  image: camptocamp/acme_odoo:latest",
        "  image: camptocamp/acme_odoo_exporter:10.1.2",
        "  image: camptocamp/odoo-nginx:10.0-1.1.0",
        "  # image: camptocamp/acme_odoo:10.1.2",
        "    - EXPORT_IMAGE=camptocamp/acme_odoo:10.1.2",
        "  image: registry.example.com/camptocamp/acme_odoo:10.1.2",
    })
    void otherLinesAreLeftAlone(String line) {
        assertThat(ReleaseBump.rewriteImageLine(line, "camptocamp/acme_odoo", "10.2.0")).isNull();
    }

    @ParameterizedTest
    @CsvSource({"camptocamp/acme_odoo:10.1.2, camptocamp/acme_odoo, 10.1.2",
            "registry.example.com:5000/acme_odoo:10.1.2, registry.example.com:5000/acme_odoo, 10.1.2",
            "registry.example.com:5000/acme_odoo, registry.example.com:5000/acme_odoo, ",
            "camptocamp/acme_odoo@sha256:abcd, camptocamp/acme_odoo, "})
    void imageReferencesSplitIntoRepositoryAndTag(String image, String repository, String tag) {
        assertThat(ReleaseBump.repository(image)).isEqualTo(repository);
        assertThat(ReleaseBump.tag(image)).isEqualTo(tag);
    }
}
