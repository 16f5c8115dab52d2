package org.odooplatform.project;

import java.util.Map;

/**
 * One service of an instance's {@code rancher-compose.yml}: scale, health check and upgrade
 * strategy, as rancher-compose read them.
 *
 * @param scale       null when not given (Rancher's default is 1)
 * @param healthCheck health_check keys as written (port, request_line, interval, ...); empty if none
 */
public record RancherComposeService(
        String name,
        int line,
        Integer scale,
        Map<String, Object> healthCheck,
        boolean startFirst,
        Integer batchSize,
        Long intervalMillis,
        Map<String, Object> raw) {
}
