package org.odooplatform.rancher;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.odooplatform.common.BadInputException;
import org.odooplatform.common.Problem;
import org.odooplatform.common.Secret;
import org.odooplatform.common.SecretMasker;
import org.odooplatform.common.Urls;

/**
 * Where the Rancher API is and the API key to use: {@code RANCHER_URL}, {@code RANCHER_ACCESS_KEY},
 * {@code RANCHER_SECRET_KEY}, as rancher-compose read them. The base URL is normalised as
 * go-rancher does: an empty path becomes {@code /v2-beta}, {@code /v1...} is rewritten to
 * {@code /v2-beta...}, any other path (e.g. {@code /v2-beta/projects/1a5}) is kept.
 */
public record RancherEndpoint(URI baseUrl, String accessKey, Secret secretKey) {

    public static RancherEndpoint of(String url, String accessKey, String secretKey) {
        List<Problem> problems = new ArrayList<>();
        URI base = null;
        if (url == null || url.isBlank()) {
            problems.add(Problem.error(null, "RANCHER_URL is not set: expected the Rancher server URL, e.g. https://rancher.example.com"));
        } else if (Urls.hasUserInfo(url)) {
            Urls.userInfo(url).ifPresent(SecretMasker.global()::register);
            problems.add(Problem.error(null, "RANCHER_URL '" + Urls.redact(url.trim()) + "' carries user info: expected"
                    + " http(s)://host[:port][/v2-beta[/projects/ID]], with the API key in RANCHER_ACCESS_KEY/RANCHER_SECRET_KEY"));
        } else {
            try {
                base = normalise(url.trim());
            } catch (IllegalArgumentException e) {
                problems.add(Problem.error(null, "RANCHER_URL: " + e.getMessage()));
            }
        }
        if (accessKey == null || accessKey.isBlank()) {
            problems.add(Problem.error(null, "RANCHER_ACCESS_KEY is not set: expected the access key of a Rancher environment API key"));
        }
        if (secretKey == null || secretKey.isBlank()) {
            problems.add(Problem.error(null, "RANCHER_SECRET_KEY is not set: expected the secret key of a Rancher environment API key"));
        }
        if (!problems.isEmpty()) {
            throw new BadInputException(problems);
        }
        Secret secret = Secret.of(secretKey);
        SecretMasker.global().registerCredential(accessKey, secretKey);
        return new RancherEndpoint(base, accessKey, secret);
    }

    public static RancherEndpoint fromEnvironment(Map<String, String> env) {
        return of(env.get("RANCHER_URL"), env.get("RANCHER_ACCESS_KEY"), env.get("RANCHER_SECRET_KEY"));
    }

    /** go-rancher's setupRancherBaseClient rule (docs/rancher-api.md §1). */
    static URI normalise(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + Urls.redact(url) + "' is not a URL: expected http(s)://host[:port][/v2-beta[/projects/ID]]");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("'" + Urls.redact(url) + "': port " + uri.getPort()
                    + " is not between 1 and 65535");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + Urls.redact(url) + "': expected http(s)://host[:port][/v2-beta[/projects/ID]]");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.isEmpty() || path.equals("/")) {
            path = "/v2-beta";
        } else if (path.equals("/v1") || path.startsWith("/v1/")) {
            path = "/v2-beta" + path.substring(3);
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * Refuses to send the API key over plain HTTP to another machine (it travels in every request's basic-auth
     * header), unless {@code allowPlainHttp}: the rule the registry client follows for registry passwords.
     */
    public RancherEndpoint requireSecureTransport(boolean allowPlainHttp) {
        if (allowPlainHttp || !"http".equals(baseUrl.getScheme()) || isLoopback(baseUrl.getHost())) {
            return this;
        }
        throw new BadInputException("RANCHER_URL " + baseUrl + " is plain HTTP to another machine: the API key would"
                + " cross the network unencrypted; expected https://" + baseUrl.getAuthority() + "/..., or --insecure-rancher"
                + " to allow plain HTTP (a trusted network only)");
    }

    static boolean isLoopback(String host) {
        String name = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
        return name.equals("localhost") || name.equals("[::1]") || name.equals("::1")
                || name.matches("127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}");
    }

    @Override
    public String toString() {
        return baseUrl + " (access key " + accessKey + ")";
    }
}
