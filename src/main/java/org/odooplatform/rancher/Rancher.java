package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The calls the deploy engine makes to Rancher 1.6 (rancher-api.md §3). One implementation talks
 * HTTP ({@link RancherClient}); tests point it at the simulator. Every method that changes
 * something is safe to call again after a crash: callers re-read state first.
 */
public interface Rancher {

    /** Schema bootstrap: proves the server is reachable and the keys are valid. Read-only. */
    void connect();

    /** The non-removed stack of that name (case-insensitive, as rancher-compose matches). */
    Optional<Resource> findStack(String name);

    Resource createStack(String name, String description);

    /** The stack's non-removed services. */
    List<Resource> services(Resource stack);

    /** The service's containers (GET links.instances): their image, state and health. Read-only. */
    List<Resource> instances(Resource service);

    /** A fresh copy of the resource (GET links.self). */
    Resource refresh(Resource resource);

    Resource createService(JsonNode body);

    /** PUT of updatable fields (scale, metadata; stack outputs/description). */
    Resource update(Resource resource, JsonNode body);

    /** DELETE; a resource already removing or removed is returned as is. */
    Resource remove(Resource resource);

    /**
     * POST of an action from the resource's {@code actions} (the URL the server gave). Retried on
     * transient errors only after a re-read shows the action has not taken effect yet.
     */
    Resource action(Resource resource, String action, JsonNode input);

    /** Starts pulling an image on every host ({@code pullTask}, what {@code --pull} did). */
    Resource pullImage(String image);

    /** Number of HTTP requests sent so far (for the bench). */
    int requestCount();

    /**
     * Number of requests sent so far that may have changed something (POST, PUT, DELETE, answered
     * or not): 0 means this process has changed nothing on Rancher.
     */
    default int mutationCount() {
        return 0;
    }
}
