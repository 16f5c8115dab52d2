package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.rancher.ServiceWaiter.Goal;

/**
 * The service operations of a deploy, in Rancher's terms: create, upgrade in service, finish,
 * roll back, set links, scale, pull images, remove named volumes, and wait for a {@link Goal}.
 * The flows sequence these; how each maps to requests, and which states and fields tell that it
 * worked, is decided here (docs/rancher-api.md).
 */
public final class ServiceOperations {

    /** One image to pull before an upgrade, on the hosts matching {@code labels}. */
    public record Pull(LaunchImage image, Map<String, String> labels) {
    }

    private final Rancher rancher;
    private final Polling polling;
    private final Consumer<String> progress;
    private final ServiceWaiter waiter;
    /** Services of other stacks that links name, read once per deploy. */
    private final Map<String, Map<String, Resource>> external = new HashMap<>();

    public ServiceOperations(Rancher rancher, Polling polling, Consumer<String> progress) {
        this.rancher = rancher;
        this.polling = polling;
        this.progress = progress;
        this.waiter = new ServiceWaiter(rancher, polling, progress);
    }

    /** The lock's lease is renewed while the operations wait. */
    public void renewing(StackLock lock) {
        waiter.whileWaiting(lock::renewIfDue);
    }

    public Map<String, Resource> await(Resource stack, Collection<String> names, Goal goal, Instant deadline) {
        return waiter.await(stack, names, goal, deadline);
    }

    /** The stack's services as the last wait saw them (empty before any wait). */
    public List<Resource> lastList() {
        return waiter.lastList();
    }

    public Resource create(Resource stack, DesiredService service) {
        return rancher.createService(stack.id(), service.name(), service.scale(), service.launchConfig(),
                service.secondaryLaunchConfigs());
    }

    /**
     * Upgrades {@code current} in service to {@code desired}: the primary and every sidekick (a
     * sidekick no longer in the compose files is deleted), with the service's strategy.
     */
    public Resource upgrade(Resource current, DesiredService desired, UpgradeStrategy strategy) {
        List<LaunchConfig> sidekicks = new ArrayList<>(desired.secondaryLaunchConfigs());
        Set<String> wanted = new LinkedHashSet<>();
        desired.secondaryLaunchConfigs().forEach(lc -> wanted.add(lc.name()));
        current.get("secondaryLaunchConfigs").forEach(lc -> {
            if (!wanted.contains(lc.path("name").asText())) {
                sidekicks.add(LaunchConfig.removed(lc.path("name").asText()));
            }
        });
        return rancher.upgrade(current, new InServiceUpgrade(desired.launchConfig(), sidekicks, strategy.batchSize(),
                strategy.intervalMillis(), strategy.startFirst()));
    }

    /** Upgrades the primary launch config to {@code image}, keeping everything else and the last strategy used. */
    public Resource redeploy(Resource current, LaunchImage image) {
        LaunchConfig primary = LaunchConfig.fromJson(current.get("launchConfig")).withImage(image);
        JsonNode last = current.get("upgrade").path("inServiceStrategy");
        return rancher.upgrade(current, new InServiceUpgrade(primary, List.of(),
                last.path("batchSize").asInt(UpgradeStrategy.DEFAULT_BATCH_SIZE),
                last.path("intervalMillis").asLong(UpgradeStrategy.DEFAULT_INTERVAL_MILLIS),
                last.path("startFirst").asBoolean(false)));
    }

    /** The previous image Rancher keeps for a rollback while the service is between versions. */
    public static String previousImage(Resource service) {
        return Planner.previousImage(service);
    }

    public static boolean canRollBack(Resource service) {
        return service.hasAction("rollback");
    }

    public Resource finish(Resource service) {
        return rancher.action(service, "finishupgrade");
    }

    public Resource rollback(Resource service) {
        return rancher.action(service, "rollback");
    }

    /** Stops the service's containers (cattle: deactivate from active, activating, restarting, updating-active). */
    public Resource deactivate(Resource service) {
        return rancher.action(rancher.refresh(service), "deactivate");
    }

    public Resource activate(Resource service) {
        return rancher.action(rancher.refresh(service), "activate");
    }

    /** Continues a canceled upgrade ({@code canceled-upgrade} → {@code upgrading}). */
    public Resource continueUpgrade(Resource service) {
        return rancher.action(service, "continueupgrade");
    }

    public Resource scale(Resource service, int scale) {
        return rancher.scale(service, scale);
    }

    public Resource remove(Resource service) {
        return rancher.remove(service);
    }

    public Resource refresh(Resource resource) {
        return rancher.refresh(resource);
    }

    public List<Resource> services(Resource stack) {
        return rancher.services(stack);
    }

    // ------------------------------------------------------------------ links

    /**
     * Per service (of {@code services}, by name) the links the compose files want, as
     * {@code alias → service id}, for those whose links in Rancher ({@code linkedServices}) differ.
     * A target that does not exist is skipped with a warning, as rancher-compose does.
     */
    public Map<String, Map<String, String>> linkChanges(DesiredStack desired, List<Resource> services, boolean warn) {
        Map<String, Resource> local = byName(services);
        Map<String, Map<String, String>> changes = new LinkedHashMap<>();
        for (DesiredService service : desired.services()) {
            Resource current = local.get(service.name().toLowerCase(Locale.ROOT));
            if (current == null || current.isRemoved()) {
                continue;
            }
            Map<String, String> wanted = new LinkedHashMap<>();
            for (ServiceLink link : service.links()) {
                Resource target = link.isExternal()
                        ? external.computeIfAbsent(link.stack().toLowerCase(Locale.ROOT), n -> rancher.findStack(link.stack())
                                .map(s -> byName(rancher.services(s))).orElse(Map.of())).get(link.service().toLowerCase(Locale.ROOT))
                        : local.get(link.service().toLowerCase(Locale.ROOT));
                if (target == null) {
                    if (warn) {
                        progress.accept("warning: " + service.name() + ": link target " + link + " not found, link skipped"
                            + " (as rancher-compose does)");
                    }
                    continue;
                }
                wanted.putIfAbsent(link.alias(), target.id());
            }
            Map<String, String> have = new LinkedHashMap<>();
            current.get("linkedServices").fields().forEachRemaining(e -> have.put(e.getKey(), e.getValue().asText()));
            if (!have.equals(wanted)) {
                changes.put(service.name(), wanted);
            }
        }
        return changes;
    }

    /** Sets the links of every service whose links differ; {@code created} ones are reported as new. */
    public void syncLinks(Resource stack, DesiredStack desired, Set<String> created) {
        List<Resource> services = rancher.services(stack);
        Map<String, Resource> local = byName(services);
        linkChanges(desired, services, true).forEach((name, links) -> {
            Resource service = local.get(name.toLowerCase(Locale.ROOT));
            progress.accept(name + ": links " + (created.contains(name) ? "set" : "set again") + " ("
                    + (links.isEmpty() ? "none" : String.join(", ", links.keySet())) + ")");
            rancher.setServiceLinks(service, links);
        });
    }

    // ------------------------------------------------------------------ pulls

    /**
     * Pulls each image on its hosts and waits for every task to end, at most until {@code deadline}.
     * A task's per-host {@code status} must say {@code Done} for every host (Cattle ends the task
     * normally when a host failed, PullTaskCreate): anything else fails before a container is touched.
     */
    public void pull(List<Pull> pulls, Instant deadline, Duration timeout) {
        List<Resource> tasks = new ArrayList<>();
        for (Pull p : pulls) {
            progress.accept("pulling " + p.image() + " on the hosts" + (p.labels().isEmpty() ? "" : " matching "
                    + String.join(", ", p.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())));
            tasks.add(rancher.pullImage(p.image(), p.labels()));
        }
        Duration delay = null;
        Instant started = polling.clock().instant();
        while (!tasks.isEmpty()) {
            List<Resource> next = new ArrayList<>();
            for (Resource task : tasks) {
                Resource now = task.isTransitioning() ? rancher.refresh(task) : task;
                String image = now.text("image") == null ? "the image" : now.text("image").replaceFirst("^docker:", "");
                if (now.isInError() || "error".equals(now.state()) || "failed".equals(now.state())) {
                    throw new OperationFailedException("pulling " + image + " failed on the hosts ("
                            + now.transitioningMessage() + "): nothing was changed, the old version still runs; "
                            + "check that the image exists and the hosts can reach the registry");
                }
                if (now.isTransitioning()) {
                    next.add(now);
                    continue;
                }
                List<String> failed = new ArrayList<>();
                now.get("status").fields().forEachRemaining(e -> {
                    if (!"Done".equals(e.getValue().asText())) {
                        failed.add(e.getKey() + " (" + e.getValue().asText() + ")");
                    }
                });
                if (!failed.isEmpty()) {
                    throw new OperationFailedException("pulling " + image + " failed on host " + String.join(", on host ", failed)
                            + ": nothing was changed, the old version still runs; check that the image exists and "
                            + "those hosts can reach the registry");
                }
            }
            tasks = next;
            if (!tasks.isEmpty()) {
                if (!polling.clock().instant().isBefore(deadline)) {
                    throw new OperationFailedException("pulling the images did not finish within --timeout " + timeout
                            + ": nothing was changed, the old version still runs");
                }
                delay = polling.next(Duration.between(started, polling.clock().instant()), delay);
                Duration left = Duration.between(polling.clock().instant(), deadline);
                Polling.sleep(delay.compareTo(left) < 0 ? delay : left.plusMillis(1));
            }
        }
    }

    // ------------------------------------------------------------------ volumes

    /**
     * Removes the named volumes a removed service mounted (Cattle keeps them: InstanceRemove only
     * deletes unnamed ones) and waits until they are gone; returns the names removed.
     */
    public List<String> removeNamedVolumes(DesiredService service, Instant deadline) {
        List<String> removed = new ArrayList<>();
        for (String name : service.namedVolumes()) {
            List<Resource> volumes = rancher.volumes(name);
            if (volumes.isEmpty()) {
                progress.accept(service.name() + ": named volume " + name + " not known to Rancher, nothing to remove");
                continue;
            }
            for (Resource volume : volumes) {
                Resource now = rancher.remove(volume);
                Duration delay = null;
                Instant started = polling.clock().instant();
                while (!now.isGone()) {
                    if (!polling.clock().instant().isBefore(deadline)) {
                        throw new OperationFailedException("named volume " + name + " of " + service.name()
                                + " was not removed before the deadline (state " + now.state() + "): " + service.name()
                                + " was not created again; check the volume in Rancher and run the deploy again");
                    }
                    delay = polling.next(Duration.between(started, polling.clock().instant()), delay);
                    Polling.sleep(delay);
                    now = rancher.refresh(now);
                }
            }
            progress.accept(service.name() + ": named volume " + name + " removed");
            removed.add(name);
        }
        return removed;
    }

    static Map<String, Resource> byName(List<Resource> services) {
        Map<String, Resource> map = new LinkedHashMap<>();
        services.forEach(s -> map.put(s.name().toLowerCase(Locale.ROOT), s));
        return map;
    }
}
