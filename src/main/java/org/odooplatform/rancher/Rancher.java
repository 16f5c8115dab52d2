package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls the deploy engine makes to Rancher 1.6 (docs/rancher-api.md §3). One implementation
 * talks HTTP ({@link RancherClient}); tests point it at the simulator. Requests take typed values
 * ({@link LaunchConfig}, {@link InServiceUpgrade}); only the implementation writes JSON. Every
 * method that changes something is safe to call again after a crash: callers re-read state first.
 * {@link ServiceOperations} sequences these calls into service operations.
 */
public interface Rancher {

    /** Schema bootstrap: proves the server is reachable and the keys are valid. Read-only. */
    void connect();

    /**
     * Fails with a clear message (exit 2) unless the API key may create stacks and services (the
     * schemas' {@code collectionMethods} hold POST), before a deploy changes anything.
     */
    void checkMayDeploy();

    /** The server's {@code registry.default} setting, the host Cattle gives an image written without one. */
    Optional<String> registryDefault();

    /** The non-removed stack of that name (case-insensitive, as rancher-compose matches). */
    Optional<Resource> findStack(String name);

    Resource createStack(String name, String description);

    /**
     * Every non-removed stack of the environment, in as few list calls as the server's page size
     * allows (pagination followed, bounded): one read for a whole fleet, not one per stack.
     */
    List<Resource> stacks();

    /** Every non-removed service of the environment, listed the same way (not one call per stack). */
    List<Resource> allServices();

    /** The stack's non-removed services. */
    List<Resource> services(Resource stack);

    /** The service's containers (GET links.instances): their version, image, state and health. Read-only. */
    List<Resource> instances(Resource service);

    /** A fresh copy of the resource (GET links.self). */
    Resource refresh(Resource resource);

    /** {@code POST services} with {@code startOnCreate}; a lost answer is checked by name before a retry. */
    Resource createService(String stackId, String name, int scale, LaunchConfig primary, List<LaunchConfig> sidekicks);

    /**
     * The {@code upgrade} action. Never sent twice once Rancher has saved the new launch config (it
     * would record the new config as the previous one): then it stops with an error instead.
     */
    Resource upgrade(Resource service, InServiceUpgrade upgrade);

    /** {@code setservicelinks}: the service's links become exactly {@code aliasToServiceId}. */
    Resource setServiceLinks(Resource service, Map<String, String> aliasToServiceId);

    /** PUT of the service's scale. */
    Resource scale(Resource service, int scale);

    /** PUT of updatable fields (stack outputs). */
    Resource update(Resource resource, JsonNode body);

    /** DELETE; a resource already removing or removed is returned as is. */
    Resource remove(Resource resource);

    /**
     * POST of an action without input from the resource's {@code actions} (finishupgrade, rollback,
     * activate, deactivate, continueupgrade). Retried on transient errors only after a re-read
     * shows the action has not taken effect yet.
     */
    Resource action(Resource resource, String action);

    /** Starts pulling an image on the hosts matching the scheduling {@code labels} ({@code pullTask}). */
    Resource pullImage(LaunchImage image, Map<String, String> labels);

    /** The non-removed volumes of that name (empty when the server has no volume API). */
    List<Resource> volumes(String name);

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
