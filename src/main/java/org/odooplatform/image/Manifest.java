package org.odooplatform.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.odooplatform.common.JsonTrees;
import org.odooplatform.common.OperationFailedException;

/**
 * A manifest exactly as the registry stored it: its bytes (never re-serialised, or the digest
 * would change), media type and digest (sha256 of the bytes, verified on read).
 */
public record Manifest(byte[] bytes, String mediaType, String digest) {

    public static final String DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    /** Sent on every manifest GET/HEAD: without it the registry answers 400, with fewer some images are 404. */
    public static final String ACCEPT = String.join(", ", DOCKER_V2, DOCKER_LIST, OCI_MANIFEST, OCI_INDEX);

    public boolean isIndex() {
        return mediaType.equals(DOCKER_LIST) || mediaType.equals(OCI_INDEX);
    }

    /** The config and layer blobs of an image manifest (what a cross-repository promote must mount). */
    public List<String> blobDigests() {
        JsonNode root = json();
        List<String> digests = new ArrayList<>();
        if (root.path("config").hasNonNull("digest")) {
            digests.add(root.path("config").get("digest").asText());
        }
        root.path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
        return digests;
    }

    /** The platform manifests of an index or manifest list. */
    public List<String> childDigests() {
        List<String> digests = new ArrayList<>();
        json().path("manifests").forEach(m -> digests.add(m.path("digest").asText()));
        return digests;
    }

    private JsonNode json() {
        try {
            return JsonTrees.parse(bytes);
        } catch (IOException e) {
            throw new OperationFailedException("manifest " + digest + " is not valid JSON: the registry returned something"
                    + " else than a manifest; check that the registry is a Docker registry v2");
        }
    }
}
