package org.odooplatform.image;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/** What to build: context directory and Dockerfile, the target reference, build args and labels. */
public record BuildRequest(Path context, Path dockerfile, ImageReference target, Map<String, String> buildArgs,
                           Map<String, String> labels) {
    public BuildRequest {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(dockerfile, "dockerfile");
        Objects.requireNonNull(target, "target");
        buildArgs = Map.copyOf(buildArgs);
        labels = Map.copyOf(labels);
    }
}
