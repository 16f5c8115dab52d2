package org.odooplatform.rancher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.odooplatform.common.BadInputException;

class RancherEndpointTest {

    @Test
    void theBaseUrlIsNormalisedLikeGoRancher() {
        assertThat(RancherEndpoint.normalise("http://rancher:8080").toString()).isEqualTo("http://rancher:8080/v2-beta");
        assertThat(RancherEndpoint.normalise("http://rancher:8080/").toString()).isEqualTo("http://rancher:8080/v2-beta");
        assertThat(RancherEndpoint.normalise("https://rancher/v1/projects/1a5").toString())
                .isEqualTo("https://rancher/v2-beta/projects/1a5");
        assertThat(RancherEndpoint.normalise("http://rancher/v2-beta/projects/1a5/").toString())
                .isEqualTo("http://rancher/v2-beta/projects/1a5");
    }

    @Test
    void missingVariablesAreAllReportedAndTheSecretKeyIsNeverShown() {
        assertThatThrownBy(() -> RancherEndpoint.fromEnvironment(Map.of()))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("RANCHER_URL is not set")
                .hasMessageContaining("RANCHER_ACCESS_KEY is not set")
                .hasMessageContaining("RANCHER_SECRET_KEY is not set");
        RancherEndpoint endpoint = RancherEndpoint.of("http://127.0.0.1:1", "ak", "canary-endpoint-secret");
        assertThat(endpoint.toString()).doesNotContain("canary-endpoint-secret");
    }

    @Test
    void imageReferencesNeedATagOrADigest() {
        assertThat(LaunchImage.tryParse("registry:5000/acme/odoo@" + "sha256:" + "c".repeat(64)).orElseThrow().isPinned()).isTrue();
        assertThat(LaunchImage.tryParse("camptocamp/acme_odoo:10.1.2").orElseThrow().hasTagOrDigest()).isTrue();
        assertThat(LaunchImage.tryParse("camptocamp/acme_odoo").orElseThrow().hasTagOrDigest()).isFalse();
        assertThat(LaunchImage.tryParse("Camptocamp/ACME:1")).isEmpty();
        assertThat(LaunchImage.tryParse("acme@sha256:short")).isEmpty();
    }
}
