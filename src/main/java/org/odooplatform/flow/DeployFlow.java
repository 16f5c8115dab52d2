package org.odooplatform.flow;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.odooplatform.common.OperationFailedException;
import org.odooplatform.common.PreconditionException;
import org.odooplatform.project.Instance;
import org.odooplatform.rancher.DeployInterruptedException;
import org.odooplatform.rancher.DeployRecord;
import org.odooplatform.rancher.DesiredService;
import org.odooplatform.rancher.LaunchConfig;
import org.odooplatform.rancher.PendingUpgrade;
import org.odooplatform.rancher.PlanPrinter;
import org.odooplatform.rancher.Planner;
import org.odooplatform.rancher.Rancher;
import org.odooplatform.rancher.RancherApiException;
import org.odooplatform.rancher.Resource;
import org.odooplatform.rancher.ServiceOperations;
import org.odooplatform.rancher.ServicePlan;
import org.odooplatform.rancher.ServicePlan.Action;
import org.odooplatform.rancher.StackLock;
import org.odooplatform.rancher.StackNotes;
import org.odooplatform.rancher.StackPlan;
import org.odooplatform.rancher.ServiceWaiter;
import org.odooplatform.rancher.ServiceWaiter.Goal;
import org.odooplatform.rancher.ServiceWaiter.WaitFailed;
import org.odooplatform.rancher.UpgradeStrategy;

/**
 * {@code odoo-platform deploy}: validate, plan, then bring the stack to the plan and end in a
 * defined state — the new version active and healthy, or the old one back (exit 1).
 *
 * <p>Order of work: every local input is validated and the API keys checked before the first
 * mutating call; the stack is locked; services left between versions are settled (finished,
 * rolled back, or resumed when they carry exactly this deploy's version); images are pulled
 * before any old container stops; services are created, scaled, upgraded in service; the flow
 * waits until they are upgraded and healthy, finishes the upgrades, and records the deploy on
 * the stack. Each step re-reads the state first, so a rerun after a kill converges.
 */
public final class DeployFlow {

    /** What a deploy did. */
    public record Outcome(StackPlan plan, boolean changed, DeployRecord record) {
    }

    private final DeployRequest request;
    private final Clients clients;
    private final Progress progress;
    private Rancher rancher;
    private PreparedDeploy prepared;
    private ServiceOperations ops;
    private ReleaseDatabaseSteps database;

    private DeployFlow(DeployRequest request, Clients clients) {
        this.request = request;
        this.clients = request.healthGrace() == null ? clients : clients.withHealthGrace(request.healthGrace());
        this.progress = new Progress(clients.out(), clients.clock());
    }

    public static Outcome run(DeployRequest request, Clients clients) {
        DeployFlow flow = new DeployFlow(request, clients);
        try {
            return flow.deploy();
        } catch (RuntimeException e) {
            throw new FailureReport("deploy", () -> flow.rancher, flow.prepared == null ? null : flow.prepared.stackName(),
                    "odoo-platform deploy --instance " + request.instance() + " --image " + request.image()
                            + " ... --on-pending=finish", clients.lockLease(), clients.clock()).explain(e);
        }
    }

    /** Validates and prints the plan; changes nothing (what {@code diff} and {@code --dry-run} do). */
    public static StackPlan plan(DeployRequest request, Clients clients) {
        return ReadOnlyCalls.run(() -> planReading(request, clients));
    }

    private static StackPlan planReading(DeployRequest request, Clients clients) {
        DeployFlow flow = new DeployFlow(request, clients);
        flow.validate();
        Optional<Resource> existing = flow.rancher.findStack(flow.prepared.stackName());
        flow.prepared.checkTarget(flow.rancher, existing, request.instance());
        StackPlan plan = flow.currentPlan(existing.orElse(null));
        flow.print(plan);
        return plan;
    }

    private void validate() {
        prepared = PreparedDeploy.of(request);
        prepared.warnings().forEach(w -> progress.plain(w.toString()));
        rancher = clients.rancher().get();
        rancher.connect();
        ops = new ServiceOperations(rancher, clients.polling(), progress::line);
        if (request.requireSameAs() != null) {
            checkSameAs(request.requireSameAs());
        }
    }

    private Outcome deploy() {
        validate();
        String stackName = prepared.stackName();
        Optional<Resource> existing = rancher.findStack(stackName);
        prepared.checkTarget(rancher, existing, request.instance());
        StackPlan plan = currentPlan(existing.orElse(null));
        print(plan);
        if (request.dryRun()) {
            progress.plain("--dry-run: nothing was changed.");
            return new Outcome(plan, false, null);
        }
        rancher.checkMayDeploy();
        refuseForeignPending(plan); // before the first change, so exit 3 leaves everything as it was
        Optional<DeployRecord> killed = existing.flatMap(StackNotes::inProgress);
        killed.ifPresent(k -> refuseRollbackOntoMigrated(plan, k));
        database = new ReleaseDatabaseSteps(request, prepared, clients, progress);
        database.check(plan); // migrates? refused? (read-only, before the first change too)
        killed.filter(k -> resumes(plan, k)).ifPresent(database::adoptInterruptedBackup);
        Map<String, Map<String, String>> links = existing.isPresent() ? ops.linkChanges(prepared.desired(),
                plan.services().stream().map(ServicePlan::current).filter(java.util.Objects::nonNull).toList(), false) : Map.of();
        links.keySet().forEach(name -> progress.plain("  ~ " + name + ": links differ from the compose files, set again"));
        if (existing.isPresent() && !plan.hasChanges() && links.isEmpty()) {
            Optional<DeployRecord> recorded = StackNotes.current(existing.get());
            if (recorded.isPresent() && prepared.image().toString().equals(recorded.get().image())) {
                progress.plain("Nothing to deploy: " + stackName + " already runs this version.");
                return new Outcome(plan, false, recorded.get()); // read-only: not even the lock is written
            }
        }
        Resource stack = existing.orElseGet(() -> createStack(stackName));
        StackLock lock = StackLock.acquire(rancher, stack, holder(), clients.lockLease(), clients.lockSettle(),
                request.lockWait(), clients.clock(), progress::line);
        boolean interrupted = false;
        try {
            ops.renewing(lock);
            return deployLocked(lock.stack(), lock, plan, !links.isEmpty());
        } catch (DeployInterruptedException e) {
            interrupted = true; // like a killed process: leave the lock to expire, the rerun converges
            throw e;
        } finally {
            if (!interrupted && !lock.isReleased()) {
                lock.release();
            }
        }
    }

    private Outcome deployLocked(Resource stack, StackLock lock, StackPlan printed, boolean linksDiffer) {
        Instant deadline = clients.clock().instant().plus(request.timeout());
        StackPlan plan = settleBusyServices(stack, currentPlan(stack), deadline);
        List<String> before = PlanPrinter.render(printed);
        List<String> after = PlanPrinter.render(plan);
        if (!before.subList(1, before.size()).equals(after.subList(1, after.size()))) {
            progress.plain("The stack changed while this deploy waited for it; the plan is now:");
            print(plan);
        }
        plan = settlePending(stack, plan, deadline);
        Set<String> resumed = new LinkedHashSet<>();
        for (PendingUpgrade p : plan.pending()) {
            if (p.matchesDesired() && !recreated(plan).contains(p.service())) {
                progress.line(p.service() + ": resuming the upgrade left by an interrupted deploy (" + p.newImage() + ")");
                resumed.add(p.service());
            }
        }
        if (!plan.hasChanges() && resumed.isEmpty() && !linksDiffer) {
            progress.plain("Nothing to deploy: " + stack.name() + " already runs this version.");
            DeployRecord record = recordIfNew(stack, lock);
            return new Outcome(plan, false, record);
        }
        removeForRecreate(stack, plan, deadline);
        List<ServicePlan> upgrades = plan.services().stream()
                .filter(s -> s.action() == Action.UPGRADE && !resumed.contains(s.name())).toList();
        pullImages(upgrades, deadline);
        database.backupBeforeUpgrade(); // right before marabunta runs: the smallest window of lost writes
        if (database.tookBackup()) {
            // at once, before the upgrade: a deploy killed from here on leaves its backup where rollback finds it
            DeployRecord inProgress = deployRecord();
            StackNotes.update(rancher, stack, outputs -> StackNotes.setInProgress(outputs, inProgress));
        }
        Set<String> created = createServices(stack, plan);
        ops.syncLinks(stack, prepared.desired(), created);
        Set<String> upgraded = new LinkedHashSet<>(resumed);
        Set<String> started = new LinkedHashSet<>(created);
        Map<String, Integer> scaleAfterFinish = new LinkedHashMap<>();
        for (ServicePlan s : plan.services()) {
            if (s.newScale() != null && resumed.contains(s.name())) {
                // `upgraded` runs no update process: Cattle refuses the scale there (409), so after finishupgrade
                scaleAfterFinish.put(s.name(), s.newScale());
            } else if (s.newScale() != null) {
                progress.line(s.name() + ": scale " + s.current().intValue("scale", 1) + " -> " + s.newScale());
                ops.scale(s.current(), s.newScale());
                if (s.action() == Action.SCALE) {
                    started.add(s.name());
                }
            }
            if (s.action() == Action.ACTIVATE) {
                progress.line(s.name() + ": activate");
                ops.activate(s.current());
                started.add(s.name());
            }
        }
        for (ServicePlan s : upgrades) {
            upgrade(s);
            upgraded.add(s.name());
        }
        try {
            if (!started.isEmpty()) {
                ops.await(stack, started, Goal.ACTIVE_HEALTHY, deadline);
            }
            if (!upgraded.isEmpty()) {
                ops.await(stack, upgraded, Goal.UPGRADED_HEALTHY, deadline);
            }
        } catch (WaitFailed failure) {
            throw rollBack(stack, upgraded, created, failure);
        }
        if (!upgraded.isEmpty()) {
            Map<String, Resource> now = byName(ops.services(stack));
            for (String name : upgraded) {
                progress.line(name + ": upgraded and healthy, finishing the upgrade");
                ops.finish(now.get(name.toLowerCase(Locale.ROOT)));
            }
            ops.await(stack, upgraded, Goal.ACTIVE, deadlineAfter(deadline));
        }
        if (!scaleAfterFinish.isEmpty()) {
            Map<String, Resource> now = byName(ops.services(stack));
            scaleAfterFinish.forEach((name, scale) -> {
                Resource s = now.get(name.toLowerCase(Locale.ROOT));
                progress.line(name + ": scale " + s.intValue("scale", 1) + " -> " + scale);
                ops.scale(s, scale);
            });
            ops.await(stack, scaleAfterFinish.keySet(), Goal.ACTIVE_HEALTHY, deadlineAfter(deadline));
        }
        DeployRecord record = plan.hasChanges() || !resumed.isEmpty() ? record(lock) : recordIfNew(stack, lock);
        progress.plain("Deployed " + prepared.image() + " to " + stack.name() + " in "
                + progress.elapsed().toSeconds() + " s:");
        printServices(stack);
        return new Outcome(plan, true, record);
    }

    // ------------------------------------------------------------------ plan

    private StackPlan currentPlan(Resource stack) {
        List<Resource> services = stack == null ? List.of() : rancher.services(stack);
        return Planner.plan(prepared.desired(), stack, services, recreateSet(), rancher.registryDefault().orElse(null));
    }

    private Set<String> recreateSet() {
        if (!request.recreateDb()) {
            return Set.of();
        }
        Set<String> names = new LinkedHashSet<>();
        names.add(prepared.desired().odoo().name());
        prepared.desired().service("db").ifPresent(s -> names.add(s.name()));
        return names;
    }

    private static Set<String> recreated(StackPlan plan) {
        Set<String> names = new LinkedHashSet<>();
        plan.services().stream().filter(s -> s.action() == Action.RECREATE).forEach(s -> names.add(s.name()));
        return names;
    }

    private void print(StackPlan plan) {
        PlanPrinter.render(plan).forEach(progress::plain);
        plan.pending().stream().filter(p -> !p.matchesDesired() && !recreated(plan).contains(p.service())).findAny()
                .ifPresent(p -> progress.plain("Pending upgrades will be handled with --on-pending="
                        + request.effectiveOnPending().name().toLowerCase(Locale.ROOT) + "."));
    }

    // ------------------------------------------------------------------ preconditions

    private void checkSameAs(Instance other) {
        String otherStack = prepared.config().stackName(other);
        Resource stack = rancher.findStack(otherStack).orElseThrow(() -> new PreconditionException(
                "--require-same-as " + other + ": stack " + otherStack + " does not exist, so nothing was checked there: "
                        + "deploy " + other + " first"));
        TargetCheck.stack(rancher, stack, other, prepared.config().client().orElse(null), null);
        DeployRecord record = StackNotes.current(stack).orElseThrow(() -> new PreconditionException(
                "--require-same-as " + other + ": stack " + otherStack + " has no recorded deploy: deploy it with "
                        + "odoo-platform first"));
        boolean same = prepared.image().isPinned() && record.digest() != null
                ? prepared.image().digest().equals(record.digest())
                : prepared.image().toString().equals(record.image());
        if (!same) {
            throw new PreconditionException("--require-same-as " + other + ": " + otherStack + " runs " + record.image()
                    + " (version " + record.version() + ", deployed " + record.deployedAt() + "), not "
                    + prepared.image() + ": promote only what " + other + " runs");
        }
        progress.line("checked: " + otherStack + " runs the same image (" + record.image() + ")");
        if (other != Instance.TEST) {
            ReleaseDatabaseSteps.checkReached(clients.database(), otherStack,
                    ReleaseDatabaseSteps.databaseOf(rancher.services(stack), Optional.of(record)), prepared.version(), progress);
        }
    }

    /**
     * A deploy killed after its backup left its note ({@link StackNotes#inProgress}) and its odoo service between
     * versions, on a database marabunta may have migrated: Rancher's rollback of that upgrade alone would start the
     * old image on it. Refused before the first change; {@code rollback --restore-database} restores the backup too.
     */
    private void refuseRollbackOntoMigrated(StackPlan plan, DeployRecord killed) {
        if (request.effectiveOnPending() != OnPending.ROLLBACK || !killed.tookBackup()) {
            return;
        }
        Optional<PendingUpgrade> pending = plan.pending().stream()
                .filter(p -> !p.matchesDesired() && killed.upgrades(p.service(), p.newImage())).findFirst();
        if (pending.isPresent()) {
            DeployRecord.DatabaseNote db = killed.database();
            throw new PreconditionException(pending.get().service() + " is between versions, left by a deploy of "
                    + killed.image() + " that backed up " + db.name() + " before migrating it and was interrupted:"
                    + " --on-pending=rollback would start " + pending.get().oldImage() + " again on a database it may"
                    + " not know; nothing was changed: run odoo-platform rollback --restore-database (it restores "
                    + db.backupPath() + ", sha256 " + db.backupSha256() + ", then brings back the old image), or"
                    + " deploy " + killed.image() + " again to resume it");
        }
    }

    /** This deploy resumes the odoo upgrade that {@code killed} started (same image, still pending). */
    private boolean resumes(StackPlan plan, DeployRecord killed) {
        return plan.pending().stream().anyMatch(p -> p.matchesDesired() && killed.upgrades(p.service(), p.newImage()));
    }

    private void refuseForeignPending(StackPlan plan) {
        if (request.effectiveOnPending() != OnPending.FAIL) {
            return;
        }
        List<PendingUpgrade> foreign = plan.pending().stream()
                .filter(p -> !p.matchesDesired() && !recreated(plan).contains(p.service())).toList();
        if (!foreign.isEmpty()) {
            throw new PreconditionException("an earlier deploy left services between versions:\n  "
                    + String.join("\n  ", foreign.stream().map(PendingUpgrade::describe).toList())
                    + "\nnothing was changed: check them, then deploy with --on-pending=finish (ship the pending version) "
                    + "or --on-pending=rollback (go back to the old one)");
        }
    }

    // ------------------------------------------------------------------ steps

    private Resource createStack(String name) {
        progress.line("creating stack " + name);
        try {
            return rancher.createStack(name, "Odoo " + request.instance() + " instance, deployed by odoo-platform");
        } catch (RancherApiException e) {
            if (e.status() == 422 && "NotUnique".equals(e.code())) {
                return rancher.findStack(name).orElseThrow(() -> e); // created by a concurrent deploy
            }
            throw e;
        }
    }

    /** Waits for processes started by someone else (or a killed run) to end, except our own resumable upgrade. */
    private StackPlan settleBusyServices(Resource stack, StackPlan plan, Instant deadline) {
        Set<String> busy = new LinkedHashSet<>();
        for (ServicePlan s : plan.services()) {
            if (s.current() != null && s.current().isTransitioning()) {
                boolean ours = "upgrading".equals(s.current().state()) && plan.pending().stream()
                        .anyMatch(p -> p.service().equals(s.name()) && p.matchesDesired());
                if (!ours && s.action() != Action.RECREATE) {
                    busy.add(s.current().name());
                }
            }
        }
        if (!busy.isEmpty()) {
            progress.line("waiting for " + String.join(", ", busy) + " to finish what is in progress");
            try {
                ops.await(stack, busy, Goal.SETTLED, deadline);
            } catch (WaitFailed e) {
                throw new OperationFailedException(e.getMessage() + ": nothing was changed; check the stack in Rancher", e);
            }
            return currentPlan(stack);
        }
        return plan;
    }

    private StackPlan settlePending(Resource stack, StackPlan plan, Instant deadline) {
        OnPending mode = request.effectiveOnPending();
        List<String> handled = new ArrayList<>();
        for (PendingUpgrade p : plan.pending()) {
            if (p.matchesDesired() || recreated(plan).contains(p.service())) {
                continue;
            }
            if (mode == OnPending.FAIL) {
                refuseForeignPending(plan);
            }
            Resource service = plan.service(p.service()).orElseThrow().current();
            boolean canceled = "canceled-upgrade".equals(p.state());
            String action = mode == OnPending.ROLLBACK ? "rollback" : canceled ? "continue and finish" : "finish";
            progress.line(p.service() + ": " + action + " of the pending upgrade (--on-pending="
                    + mode.name().toLowerCase(Locale.ROOT) + ")");
            if (mode == OnPending.ROLLBACK) {
                ops.rollback(service);
            } else if (canceled) {
                ops.continueUpgrade(service);
                ops.await(stack, List.of(p.service()), Goal.SETTLED, deadline);
                ops.finish(ops.refresh(service));
            } else {
                ops.finish(service);
            }
            handled.add(p.service());
        }
        if (handled.isEmpty()) {
            return plan;
        }
        try {
            ops.await(stack, handled, mode == OnPending.ROLLBACK ? Goal.ACTIVE_HEALTHY : Goal.ACTIVE, deadline);
        } catch (WaitFailed e) {
            throw new OperationFailedException("settling the pending upgrade failed: " + e.getMessage()
                    + "; nothing of this deploy was applied", e);
        }
        StackPlan fresh = currentPlan(stack);
        progress.plain("Plan after settling the pending upgrades:");
        print(fresh);
        return fresh;
    }

    private void removeForRecreate(Resource stack, StackPlan plan, Instant deadline) {
        List<String> names = new ArrayList<>();
        for (ServicePlan s : plan.services()) {
            if (s.action() == Action.RECREATE) {
                progress.line(s.name() + ": removing (--recreate-db)");
                ops.remove(s.current());
                names.add(s.name());
            }
        }
        if (!names.isEmpty()) {
            ops.await(stack, names, Goal.REMOVED, deadline);
            // from scratch: the data of a named volume would survive the service (docs/deploy.md)
            for (ServicePlan s : plan.services()) {
                if (s.action() == Action.RECREATE) {
                    ops.removeNamedVolumes(s.desired(), deadline);
                }
            }
        }
    }

    /** Pulls the changed images on the hosts that run them while the old containers still serve (what --pull did). */
    private void pullImages(List<ServicePlan> upgrades, Instant deadline) {
        Map<String, ServiceOperations.Pull> pulls = new LinkedHashMap<>();
        for (ServicePlan s : upgrades) {
            DesiredService d = s.desired();
            Map<String, String> labels = d.schedulingLabels();
            // only images that change (or a tag that may have moved): the others are on the hosts already
            if (d.mutableImage() || !d.image().equals(s.current().image())) {
                pulls.putIfAbsent(d.image(), new ServiceOperations.Pull(d.launchConfig().image(), labels));
            }
            Set<String> running = new LinkedHashSet<>();
            s.current().get("secondaryLaunchConfigs").forEach(lc -> running.add(Resource.imageOf(lc)));
            for (LaunchConfig lc : d.secondaryLaunchConfigs()) {
                if (!running.contains(lc.imageText())) {
                    pulls.putIfAbsent(lc.imageText(), new ServiceOperations.Pull(lc.image(), labels));
                }
            }
        }
        ops.pull(List.copyOf(pulls.values()), deadline, request.timeout());
    }

    private Set<String> createServices(Resource stack, StackPlan plan) {
        Set<String> created = new LinkedHashSet<>();
        for (ServicePlan s : plan.services()) {
            if (s.action() == Action.CREATE || s.action() == Action.RECREATE) {
                progress.line(s.name() + ": creating (" + s.desired().image() + ")");
                ops.create(stack, s.desired());
                created.add(s.name());
            }
        }
        return created;
    }

    private UpgradeStrategy strategy(DesiredService d) {
        return d.strategy().override(request.batchSize(),
                request.batchInterval() == null ? null : request.batchInterval().toMillis());
    }

    private void upgrade(ServicePlan s) {
        UpgradeStrategy strategy = strategy(s.desired());
        progress.line(s.name() + ": upgrading in service to " + s.desired().image() + " (" + strategy + ")");
        ops.upgrade(s.current(), s.desired(), strategy); // read under the lock just before: fresh enough
    }

    /** Rolls back what was upgraded, waits until the old version is active, and says what happened. */
    private OperationFailedException rollBack(Resource stack, Set<String> upgraded, Set<String> created, WaitFailed failure) {
        progress.line("FAILED: " + failure.getMessage());
        // before the rollback removes the new containers; never throws
        LogsFlow.printFailureLogs(rancher, stack, union(upgraded, created), progress::plain);
        List<String> rolledBack = new ArrayList<>();
        String restoring = upgraded.stream().filter(database::restoresOnRollback).findFirst().orElse(null);
        if (restoring != null) {
            try {
                database.fence(); // before the old containers start again
            } catch (org.odooplatform.common.PlatformException e) {
                throw ReleaseDatabaseSteps.fenceFailed("deploy of " + prepared.image() + " to " + stack.name() + " failed: "
                        + failure.getMessage(), e);
            }
        }
        Map<String, Resource> now = byName(ops.services(stack));
        for (String name : upgraded) {
            Resource s = now.get(name.toLowerCase(Locale.ROOT));
            if (s != null && ServiceOperations.canRollBack(s)) {
                progress.line(name + ": rolling back to " + ServiceOperations.previousImage(s));
                ops.rollback(s);
                rolledBack.add(name);
            }
        }
        String outcome;
        Instant rollbackDeadline = clients.clock().instant().plus(request.timeout());
        try {
            List<String> others = rolledBack.stream().filter(n -> !n.equals(restoring)).toList();
            if (!others.isEmpty()) {
                // the old containers restart and pass their health check again before they serve
                ops.await(stack, others, Goal.ACTIVE_HEALTHY, rollbackDeadline);
            }
            outcome = rolledBack.isEmpty() ? "Nothing was rolled back" : "Rolled back " + String.join(", ", rolledBack)
                    + ": the previous version is active and healthy again";
            if (restoring != null && rolledBack.contains(restoring)) {
                outcome = database.restoreUnder(ops, stack, restoring,
                        () -> clients.clock().instant().plus(request.timeout()))
                        + (others.isEmpty() ? "" : "; rolled back " + String.join(", ", others) + " too");
            }
        } catch (WaitFailed e) {
            outcome = "The rollback did not complete (" + e.getMessage() + "): check the stack in Rancher";
        }
        if (!rolledBack.isEmpty()) {
            clearInProgress(stack); // nothing is between versions any more: the note of this deploy's backup is done
        }
        List<String> newOnes = created.stream().filter(c -> !upgraded.contains(c)).toList();
        if (!newOnes.isEmpty()) {
            outcome += "; new service(s) " + String.join(", ", newOnes) + " have no previous version and were left as they are";
        }
        List<String> state = new ArrayList<>();
        for (Resource s : ops.services(stack)) {
            state.add(s.name() + " " + ServiceWaiter.describe(s) + " " + s.image());
        }
        return new OperationFailedException("deploy of " + prepared.image() + " to " + stack.name() + " failed: "
                + failure.getMessage() + ". " + outcome + ". Stack " + stack.name() + " now: " + String.join("; ", state), failure);
    }

    /** Records the deploy on the stack and releases the lock in the same PUT. */
    private DeployRecord record(StackLock lock) {
        DeployRecord record = deployRecord();
        lock.releaseWith(outputs -> {
            StackNotes.addRecord(outputs, record);
            StackNotes.clearInProgress(outputs);
        });
        return record;
    }

    private DeployRecord deployRecord() {
        return new DeployRecord(prepared.version(), prepared.image().toString(), prepared.image().digest(),
                prepared.desired().odoo().name(), request.commit(), request.triggeredBy(), request.approvedBy(),
                clients.clock().instant().toString(), request.instance().id(), "odoo-platform")
                .withDatabase(database == null ? null : database.note());
    }

    /** Best effort: a note left behind is ignored once its upgrade is no longer pending. */
    private void clearInProgress(Resource stack) {
        try {
            if (StackNotes.inProgress(rancher.refresh(stack)).isPresent()) {
                StackNotes.update(rancher, stack, StackNotes::clearInProgress);
            }
        } catch (org.odooplatform.common.PlatformException e) {
            progress.line("could not clear the note of this deploy's backup on " + stack.name() + " (" + e.getMessage()
                    + "); it is ignored now that nothing is between versions");
        }
    }

    private DeployRecord recordIfNew(Resource stack, StackLock lock) {
        Optional<DeployRecord> current = StackNotes.current(lock.stack());
        if (current.isPresent() && prepared.image().toString().equals(current.get().image())) {
            return current.get();
        }
        return record(lock);
    }

    private void printServices(Resource stack) {
        for (Resource s : ops.lastList().isEmpty() ? ops.services(stack) : ops.lastList()) {
            progress.plain("  " + s.name() + ": " + ServiceWaiter.describe(s) + ", image " + s.image());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, Resource> byName(List<Resource> services) {
        Map<String, Resource> map = new LinkedHashMap<>();
        services.forEach(s -> map.put(s.name().toLowerCase(Locale.ROOT), s));
        return map;
    }

    private Instant deadlineAfter(Instant deadline) {
        // finishing is quick and must not be cut short by a deadline spent waiting for health
        Instant minimum = clients.clock().instant().plus(Duration.ofMinutes(2));
        return deadline.isAfter(minimum) ? deadline : minimum;
    }

    private String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        String by = request.triggeredBy() != null ? request.triggeredBy() : System.getProperty("user.name");
        return "deploy of " + prepared.image() + " by " + by + " on " + host + " (pid " + ProcessHandle.current().pid() + ")";
    }
}
