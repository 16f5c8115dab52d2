package org.odooplatform.project;

import java.util.List;
import java.util.Map;

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

    /** Names listed in {@code io.rancher.sidekicks}. */
    public List<String> sidekicks() {
        String value = labels.get("io.rancher.sidekicks");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return List.of(value.trim().split("\\s*,\\s*"));
    }
}
