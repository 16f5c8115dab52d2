package org.odooplatform.flow.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.Planner;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.StackNotes;

/**
 * {@code odoo-platform status --all}: every {@code <client>-odoo-<instance>} stack of the environment,
 * what it runs, its health, pending services, deploy lock, last deploy and the client's drift.
 * It reads the environment with two list calls (all stacks, all services; more only past 1000 per
 * page), never one call per stack or service, so 100 projects cost the same few requests as one.
 * Releases are what the stacks' deploy records say (no project checkout is needed): see
 * docs/fleet-status.md#drift.
 */
public final class FleetStatus {

    /** {@code <client>-odoo-<instance>}; the client is everything before the last {@code -odoo-}. */
    static final Pattern STACK_NAME = Pattern.compile("(.+)-odoo-(test|integration|prod)", Pattern.CASE_INSENSITIVE);

    private FleetStatus() {
    }

    public static FleetReport read(Rancher rancher, String rancherUrl, Clock clock) {
        int before = rancher.requestCount();
        rancher.connect();
        List<Resource> stacks = rancher.stacks();
        Map<String, List<Resource>> servicesByStack = new HashMap<>();
        for (Resource service : rancher.allServices()) {
            servicesByStack.computeIfAbsent(service.text("stackId"), k -> new ArrayList<>()).add(service);
        }
        Instant now = clock.instant();
        Map<String, List<StackStatus>> byClient = new TreeMap<>();
        int others = 0;
        for (Resource stack : stacks) {
            Matcher m = stack.name() == null ? null : STACK_NAME.matcher(stack.name());
            if (m == null || !m.matches()) {
                others++;
                continue;
            }
            String client = m.group(1).toLowerCase(Locale.ROOT);
            String instance = m.group(2).toLowerCase(Locale.ROOT);
            byClient.computeIfAbsent(client, k -> new ArrayList<>())
                    .add(stackStatus(client, instance, stack, servicesByStack.getOrDefault(stack.id(), List.of()), now));
        }
        List<ClientStatus> clients = new ArrayList<>();
        byClient.forEach((client, list) -> {
            list.sort(Comparator.comparing(s -> Instance.parse(s.instance()).ordinal()));
            clients.add(new ClientStatus(client, List.copyOf(list), drift(list)));
        });
        return new FleetReport(rancherUrl, now.truncatedTo(ChronoUnit.SECONDS), List.copyOf(clients), others, rancher.requestCount() - before);
    }

    static StackStatus stackStatus(String client, String instance, Resource stack, List<Resource> services, Instant now) {
        List<DeployRecord> history = StackNotes.history(stack);
        DeployRecord last = history.isEmpty() ? null : history.get(0);
        String odooService = last != null && last.service() != null ? last.service() : "odoo";
        String image = null;
        List<String> pending = new ArrayList<>();
        for (Resource s : services) {
            if (odooService.equalsIgnoreCase(s.name())) {
                image = s.image();
            }
            if (Planner.PENDING_STATES.contains(s.state())) {
                pending.add(s.name() + " (" + s.state() + ")");
            }
        }
        pending.sort(null);
        StackStatus.Lock lock = StackNotes.lock(stack).map(l -> lock(l, now)).orElse(null);
        return new StackStatus(client, instance, stack.name(), stack.id(), stack.state(), stack.healthState(),
                stack.isTransitioning(), services.size(), image, List.copyOf(pending), lock, last, history);
    }

    private static StackStatus.Lock lock(JsonNode l, Instant now) {
        String expires = l.path("expires").asText(null);
        boolean live;
        try {
            live = expires != null && Instant.parse(expires).isAfter(now);
        } catch (RuntimeException e) {
            live = false;
        }
        return new StackStatus.Lock(l.path("holder").asText(null), l.path("since").asText(null), expires,
                l.path("host").asText(null), l.path("pid").isMissingNode() || l.path("pid").isNull() ? null
                        : l.path("pid").asText(), live);
    }

    /** The drift flags of one client's stacks (docs/fleet-status.md#drift). */
    static List<Drift> drift(List<StackStatus> stacks) {
        List<Drift> drift = new ArrayList<>();
        Optional<StackStatus> integration = find(stacks, "integration");
        Optional<StackStatus> prod = find(stacks, "prod");
        Optional<ReleaseVersion> integrationVersion = integration.flatMap(s -> ReleaseVersion.parse(s.version()));
        Optional<ReleaseVersion> prodVersion = prod.flatMap(s -> ReleaseVersion.parse(s.version()));
        if (integrationVersion.isPresent() && prodVersion.isPresent() && prodVersion.get().compareTo(integrationVersion.get()) < 0) {
            // the releases between them that integration's own records went through
            Set<String> between = new LinkedHashSet<>();
            releases(integration.get()).stream()
                    .filter(v -> v.compareTo(prodVersion.get()) > 0 && v.compareTo(integrationVersion.get()) <= 0)
                    .sorted().forEach(v -> between.add(v.text()));
            int n = Math.max(1, between.size());
            drift.add(new Drift(Drift.Kind.PROD_BEHIND_INTEGRATION, "prod", "prod runs " + prodVersion.get()
                    + ", integration " + integrationVersion.get() + ": " + FleetText.count(n, "release")
                    + " behind" + (between.isEmpty() ? "" : " (" + String.join(", ", between) + ")")));
        }
        if (prod.isPresent() && prod.get().last() != null && integration.isPresent()) {
            DeployRecord p = prod.get().last();
            boolean ran = integration.get().history().stream().anyMatch(i -> sameImage(p, i));
            if (!ran) {
                drift.add(new Drift(Drift.Kind.PROD_IMAGE_NOT_FROM_INTEGRATION, "prod", "prod runs "
                        + (p.digest() != null ? p.digest() : p.image()) + ", which integration's "
                        + integration.get().history().size() + " recorded deploy(s) never ran"));
            }
        }
        if (integrationVersion.isPresent()) {
            Optional<ReleaseVersion> newest = stacks.stream().flatMap(s -> releases(s).stream()).max(Comparator.naturalOrder());
            if (newest.isPresent() && integrationVersion.get().compareTo(newest.get()) < 0) {
                String where = stacks.stream().filter(s -> releases(s).contains(newest.get())).map(StackStatus::instance)
                        .findFirst().orElse("?");
                drift.add(new Drift(Drift.Kind.INTEGRATION_BEHIND_RELEASE, "integration", "integration runs "
                        + integrationVersion.get() + ", the newest release recorded is " + newest.get() + " (on " + where + ")"));
            }
        }
        for (StackStatus s : stacks) {
            if (!s.pending().isEmpty() && (s.lock() == null || !s.lock().live())) {
                drift.add(new Drift(Drift.Kind.STUCK_UPGRADE, s.instance(), s.name() + ": " + String.join(", ", s.pending())
                        + " and no deploy holds the lock: finish or roll back (odoo-platform deploy --on-pending / rollback)"));
            }
        }
        return List.copyOf(drift);
    }

    private static Optional<StackStatus> find(List<StackStatus> stacks, String instance) {
        return stacks.stream().filter(s -> s.instance().equals(instance)).findFirst();
    }

    private static List<ReleaseVersion> releases(StackStatus s) {
        return s.history().stream().map(r -> ReleaseVersion.parse(r.version())).flatMap(Optional::stream).toList();
    }

    /** Same image: equal digests when both records have one, else equal references. */
    static boolean sameImage(DeployRecord a, DeployRecord b) {
        if (a.digest() != null && b.digest() != null) {
            return a.digest().equals(b.digest());
        }
        return a.image() != null && a.image().equals(b.image());
    }
}
