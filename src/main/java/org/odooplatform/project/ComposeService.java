package org.odooplatform.project;

import java.util.List;
import java.util.Map;
import org.odooplatform.common.RegistryHost;

/**
 * One service of an instance's {@code docker-compose.yml}, values as written (placeholders not
 * substituted), with the lines they are on.
 *
 * @param environment variables in file order; list form {@code - K=V} and map form both read
 * @param labels      labels in file order; list form {@code - k=v} and map form both read
 * @param raw         every key of the service as plain Java values, for the fields not modelled
 */
public record ComposeService(
        String name,
        int line,
        String image,
        int imageLine,
        Map<String, String> environment,
        Map<String, Integer> environmentLines,
        Map<String, String> labels,
        List<String> links,
        List<String> externalLinks,
        Map<String, Object> raw) {

    /**
     * {@code mem_limit} as written (a number of bytes, or a text such as {@code 2g}); null when
     * not given. Converting it to the bytes Rancher stores is the deploy's job.
     */
    public Object memLimit() {
        return raw.get("mem_limit");
    }

    /** {@code log_driver} as written; null when not given. */
    public String logDriver() {
        Object driver = raw.get("log_driver");
        return driver == null ? null : String.valueOf(driver);
    }

    /** {@code log_opt} as written, values as texts; empty when not given. */
    public Map<String, String> logOptions() {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (raw.get("log_opt") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> options.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        }
        return java.util.Collections.unmodifiableMap(options);
    }

    /** {@code volumes_from} as written (service or sidekick names); empty when not given. */
    public List<String> volumesFrom() {
        return raw.get("volumes_from") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** True when this service's image is {@code repository}, whatever its tag, digest or registry host. */
    public boolean runsRepository(String repository) {
        return image != null && repository != null && sameRepository(repositoryOf(image), repositoryOf(repository));
    }

    /** The repository of an image reference: without tag or digest ({@code camptocamp/acme_odoo}). */
    public static String repositoryOf(String image) {
        int at = image.indexOf('@');
        String name = at >= 0 ? image.substring(0, at) : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        return colon > slash ? name.substring(0, colon) : name;
    }

    /**
     * The same repository, one possibly written with a registry host (Cattle may add the default
     * registry to {@code imageUuid}) or Docker Hub's {@code docker.io/} and {@code library/}.
     */
    public static boolean sameRepository(String a, String b) {
        return withoutRegistry(a).equals(withoutRegistry(b));
    }

    private static String withoutRegistry(String repository) {
        String r = RegistryHost.strip(repository);
        return r.startsWith("library/") ? r.substring("library/".length()) : r;
    }

    /** Names listed in {@code io.rancher.sidekicks}. */
    public List<String> sidekicks() {
        String value = labels.get("io.rancher.sidekicks");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s*,\\s*"));
    }
}
