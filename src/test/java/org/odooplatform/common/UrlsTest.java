package org.odooplatform.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlsTest {

    @Test
    void userInfoIsStrippedFromEveryUrlValidOrNot() {
        String[][] cases = {
            {"RANCHER_URL 'http://user:pass@host:abc' is bad", "RANCHER_URL 'http://****@host:abc' is bad"},
            {"at https://ak:sk@rancher.example.com/v2-beta/projects/1a5", "at https://****@rancher.example.com/v2-beta/projects/1a5"},
            {"http://token@host", "http://****@host"},
            {"http://user:p@ss@host/x", "http://****@host/x"},
            {"http://user:pa/ss@host", "http://****@host"},
            {"http://user:pass@[::1", "http://****@[::1"},
            {"two: ftp://a:b@h1 and postgres://c:d@h2:5432/db", "two: ftp://****@h1 and postgres://****@h2:5432/db"},
            {"http://host:8080/v2-beta", "http://host:8080/v2-beta"},
            {"https://registry.example.com/v2/acme/manifests/sha256:abc", "https://registry.example.com/v2/acme/manifests/sha256:abc"},
            {"image camptocamp/acme_odoo@sha256:aaaa", "image camptocamp/acme_odoo@sha256:aaaa"},
            {"no url here", "no url here"},
        };
        for (String[] c : cases) {
            assertThat(Urls.redact(c[0])).as(c[0]).isEqualTo(c[1]);
        }
        assertThat(Urls.userInfo("http://user:pass@host:abc")).contains("user:pass");
        assertThat(Urls.hasUserInfo("https://integration.acme.odoo.example.com")).isFalse();
    }

    @Test
    void theMaskerStripsUserInfoEvenWithNoSecretRegistered() {
        assertThat(new SecretMasker().mask("GET http://u:never-registered@h/x failed")).isEqualTo("GET http://****@h/x failed");
    }
}
