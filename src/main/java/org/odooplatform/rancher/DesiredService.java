package org.odooplatform.rancher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
        LaunchConfig launchConfig,
        List<LaunchConfig> secondaryLaunchConfigs,
        int scale,
        boolean global,
        UpgradeStrategy strategy,
        List<ServiceLink> links,
        Map<String, Set<String>> secretEnvironment,
        boolean odoo,
        boolean mutableImage) {

    public String image() {
        return launchConfig.imageText();
    }

    public Set<String> secretKeys(String launchConfigName) {
        return secretEnvironment.getOrDefault(launchConfigName, Set.of());
    }

    /** The scheduling labels of all its launch configs: the hosts that run it (what a pull task is given). */
    public Map<String, String> schedulingLabels() {
        Map<String, String> labels = new TreeMap<>(launchConfig.schedulingLabels());
        secondaryLaunchConfigs.forEach(lc -> labels.putAll(lc.schedulingLabels()));
        return labels;
    }

    /** Named volumes ({@code name:/path}) its launch configs mount: they outlive the service. */
    public List<String> namedVolumes() {
        List<String> names = new ArrayList<>();
        List<LaunchConfig> all = new ArrayList<>();
        all.add(launchConfig);
        all.addAll(secondaryLaunchConfigs);
        for (LaunchConfig lc : all) {
            var volumes = lc.field("dataVolumes");
            if (volumes == null) {
                continue;
            }
            volumes.forEach(v -> {
                String text = v.asText();
                int colon = text.indexOf(':');
                String source = colon < 0 ? null : text.substring(0, colon);
                if (source != null && !source.isEmpty() && !source.startsWith("/") && !source.startsWith(".")
                        && !source.startsWith("~") && !names.contains(source)) {
                    names.add(source);
                }
            });
        }
        return names;
    }
}
