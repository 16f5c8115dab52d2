package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Rancher service as the compose files say it should be: primary launch config, sidekicks
 * ({@code secondaryLaunchConfigs}, named), scale, upgrade strategy and links.
 *
 * @param secretEnvironment per launch config name, the environment keys whose value comes from a
 *                          secret setting (printed {@code ****})
 * @param mutableImage      the Odoo image is given by tag only: its content may have changed, so
 *                          the service is upgraded even when its configuration is identical
 * @param global            {@code io.rancher.scheduler.global}: one container per host, scale unused
 */
public record DesiredService(
        String name,
        ObjectNode launchConfig,
        List<ObjectNode> secondaryLaunchConfigs,
        int scale,
        boolean global,
        UpgradeStrategy strategy,
        List<ServiceLink> links,
        Map<String, Set<String>> secretEnvironment,
        boolean odoo,
        boolean mutableImage) {

    public String image() {
        return Resource.imageOf(launchConfig);
    }

    /** The body of {@code POST services}. */
    public ObjectNode createBody(String stackId) {
        ObjectNode body = launchConfig.objectNode();
        body.put("name", name);
        body.put("stackId", stackId);
        body.put("scale", scale);
        body.put("startOnCreate", true);
        body.set("launchConfig", launchConfig.deepCopy());
        body.putArray("secondaryLaunchConfigs").addAll(secondaryLaunchConfigs.stream().map(ObjectNode::deepCopy).toList());
        return body;
    }

    public Set<String> secretKeys(String launchConfigName) {
        return secretEnvironment.getOrDefault(launchConfigName, Set.of());
    }
}
