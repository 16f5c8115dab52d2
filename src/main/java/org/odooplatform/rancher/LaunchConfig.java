package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One launch config of a service (the primary, {@code name} null, or a named sidekick), typed where
 * the engine reasons about it: the image as a {@link LaunchImage}, the environment and labels as
 * string maps. The other fields ({@code command}, {@code dataVolumes}, {@code memory} in bytes,
 * {@code logConfig}...) are held already in the form the API takes (docs/rancher-api.md §2.4).
 * Only {@link RancherClient} turns it into JSON ({@code imageUuid: "docker:<image>"}).
 *
 * @param image null for a sidekick being deleted by an upgrade ({@code imageUuid: rancher/none})
 */
public record LaunchConfig(String name, LaunchImage image, Map<String, String> environment, Map<String, String> labels,
        Map<String, JsonNode> fields) {

    /** Labels that steer where containers run: they select the hosts a pull task pulls on. */
    public static final String SCHEDULER_LABEL_PREFIX = "io.rancher.scheduler.";

    public LaunchConfig {
        environment = Map.copyOf(new LinkedHashMap<>(environment));
        labels = Map.copyOf(new LinkedHashMap<>(labels));
        fields = Map.copyOf(new LinkedHashMap<>(fields));
    }

    /** The sidekick {@code name} is deleted by the upgrade that carries this. */
    public static LaunchConfig removed(String name) {
        return new LaunchConfig(name, null, Map.of(), Map.of(), Map.of());
    }

    /** A running launch config as the API returns it (for a redeploy of another image). */
    public static LaunchConfig fromJson(JsonNode json) {
        Map<String, String> env = new TreeMap<>();
        json.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        Map<String, String> labels = new TreeMap<>();
        json.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        Map<String, JsonNode> fields = new TreeMap<>();
        json.fields().forEachRemaining(e -> {
            if (!RancherJson.TYPED_FIELDS.contains(e.getKey()) && !e.getValue().isNull()) {
                fields.put(e.getKey(), e.getValue().deepCopy());
            }
        });
        String name = json.path("name").textValue();
        return new LaunchConfig(name, RancherJson.image(json).orElse(null), env, labels, fields);
    }

    public boolean isRemoved() {
        return image == null;
    }

    public LaunchConfig withImage(LaunchImage newImage) {
        return new LaunchConfig(name, newImage, environment, labels, fields);
    }

    /** The image as Rancher shows it without the {@code docker:} prefix; {@code rancher/none} when removed. */
    public String imageText() {
        return image == null ? RancherJson.NO_IMAGE : image.toString();
    }

    public JsonNode field(String field) {
        return fields.get(field);
    }

    /** The {@code io.rancher.scheduler.*} labels (host affinity, global). */
    public Map<String, String> schedulingLabels() {
        Map<String, String> result = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (k.startsWith(SCHEDULER_LABEL_PREFIX)) {
                result.put(k, v);
            }
        });
        return result;
    }
}
