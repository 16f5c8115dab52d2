package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.odooplatform.common.JsonTrees;
import org.odooplatform.common.PreconditionException;

/**
 * A per-stack deploy lock kept on the stack ({@link StackNotes#LOCK}), so deploys from different
 * Jenkins agents exclude each other too. Rancher has no compare-and-set, so the lock is a lease:
 * write our token, wait {@code settle}, read it back; whoever's token survives holds it. The
 * holder renews the lease while it works; a killed deploy's lease simply expires, so a rerun
 * waits at most one lease instead of being blocked forever.
 *
 * <p>The lock records the holder's host, process id and pid namespace. A deploy on the same host
 * (and in the same pid namespace: containers sharing a host name do not see each other's
 * processes) that finds the holder's process gone takes the lock over at once instead of
 * waiting for the lease to run out.
 */
public final class StackLock {

    private final Rancher rancher;
    private final Clock clock;
    private final Duration lease;
    private final Duration settle;
    private final String holder;
    private final String token = UUID.randomUUID().toString();
    private Resource stack;
    private Instant renewAt;
    private Instant since;
    private Instant expires;
    private boolean released;

    private StackLock(Rancher rancher, Resource stack, String holder, Duration lease, Duration settle, Clock clock) {
        this.rancher = rancher;
        this.stack = stack;
        this.holder = holder;
        this.lease = lease;
        this.settle = settle;
        this.clock = clock;
    }

    /**
     * Takes the lock, waiting at most {@code maxWait} for the current holder; then fails with exit 3
     * naming the holder.
     */
    public static StackLock acquire(Rancher rancher, Resource stack, String holder, Duration lease, Duration settle,
            Duration maxWait, Clock clock, Consumer<String> progress) {
        StackLock lock = new StackLock(rancher, stack, holder, lease, settle, clock);
        lock.acquire(maxWait, progress);
        return lock;
    }

    private void acquire(Duration maxWait, Consumer<String> progress) {
        Instant giveUp = clock.instant().plus(maxWait);
        String reported = null;
        while (true) {
            Resource fresh = rancher.refresh(stack);
            Optional<JsonNode> held = StackNotes.lock(fresh).filter(this::isLive);
            Optional<JsonNode> current = held.filter(l -> !holderIsDeadHere(l));
            if (held.isPresent() && current.isEmpty() && !token.equals(held.get().path("token").asText())) {
                progress.accept("the deploy lock of " + fresh.name() + " is held by " + held.get().path("holder").asText("?")
                        + ", but its process " + held.get().path("pid").asText() + " no longer runs on this host: taking the"
                        + " lock over (its lease would have expired " + held.get().path("expires").asText("?") + ")");
            }
            if (current.isEmpty() || token.equals(current.get().path("token").asText())) {
                write(fresh);
                RancherClient.sleep(settle);
                Optional<JsonNode> after = StackNotes.lock(rancher.refresh(stack));
                if (after.isPresent() && token.equals(after.get().path("token").asText())) {
                    return;
                }
                continue; // another deploy wrote after us: its token won, wait for it
            }
            String other = current.get().path("holder").asText("another deploy");
            if (!clock.instant().isBefore(giveUp)) {
                throw new PreconditionException("stack " + fresh.name() + " is locked by " + other + " since "
                        + current.get().path("since").asText("?") + ": wait for that deploy to end (its lease expires "
                        + current.get().path("expires").asText("?") + " if it was killed), or raise --lock-wait");
            }
            if (!other.equals(reported)) {
                progress.accept("waiting for the deploy lock of " + fresh.name() + ", held by " + other);
                reported = other;
            }
            RancherClient.sleep(Duration.ofMillis(Math.max(100, Math.min(lease.toMillis() / 4, 2000))));
        }
    }

    /** This process, as the lock records it. */
    public record Process(String host, long pid, String pidNamespace, String started) {
        static Process current() {
            ProcessHandle self = ProcessHandle.current();
            return new Process(readHostName(), self.pid(), readPidNamespace(),
                    self.info().startInstant().map(Instant::toString).orElse(null));
        }
    }

    private static final Process SELF = Process.current();

    /**
     * True when the lock was written by a process of this host and pid namespace that is not
     * running any more (or whose pid now belongs to a process started later). Unknown = alive.
     */
    static boolean holderIsDeadHere(JsonNode lock) {
        if (SELF.pidNamespace() == null || !SELF.host().equals(lock.path("host").asText(null))
                || !SELF.pidNamespace().equals(lock.path("pidNamespace").asText(null)) || !lock.path("pid").canConvertToLong()) {
            return false;
        }
        long pid = lock.path("pid").asLong();
        if (pid == SELF.pid()) {
            return false; // ourselves (an earlier lock of this process, e.g. a test running two deploys)
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        String started = lock.path("started").asText(null);
        String now = process.get().info().startInstant().map(Instant::toString).orElse(null);
        return started != null && now != null && !started.equals(now); // the pid was reused
    }

    /**
     * What {@code status} says of the lock on {@code stack}: held by whom, since and until when,
     * and whether its holder is known to be dead; empty when there is no lock.
     */
    public static Optional<String> describe(Resource stack, Clock clock) {
        return StackNotes.lock(stack).map(lock -> {
            String text = "held by " + lock.path("holder").asText("?") + " since " + lock.path("since").asText("?");
            Instant expires;
            try {
                expires = Instant.parse(lock.path("expires").asText());
            } catch (RuntimeException e) {
                return text + " (unreadable expiry: the next deploy replaces it)";
            }
            if (!expires.isAfter(clock.instant())) {
                return text + ", expired " + expires + " (the holder was killed; the next deploy takes it)";
            }
            return text + ", expires " + expires + (holderIsDeadHere(lock)
                    ? " (its process " + lock.path("pid").asText() + " no longer runs on this host: the next deploy here takes it over)"
                    : " unless renewed");
        });
    }

    private static String readHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    private static String readPidNamespace() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
        } catch (Exception e) {
            return null; // not Linux: no way to tell a dead holder from one in another namespace
        }
    }

    /** When the lock expires unless renewed (null before it was written). */
    public Instant expires() {
        return expires;
    }

    private boolean isLive(JsonNode lock) {
        try {
            return Instant.parse(lock.path("expires").asText()).isAfter(clock.instant());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void write(Resource fresh) {
        Instant now = clock.instant();
        com.fasterxml.jackson.databind.node.ObjectNode note = JsonTrees.object().put("holder", holder).put("token", token)
                .put("since", since == null ? now.toString() : since.toString()).put("expires", now.plus(lease).toString())
                .put("host", SELF.host()).put("pid", SELF.pid());
        if (SELF.pidNamespace() != null) {
            note.put("pidNamespace", SELF.pidNamespace());
        }
        if (SELF.started() != null) {
            note.put("started", SELF.started());
        }
        String value = JsonTrees.write(note);
        since = since == null ? now : since;
        expires = now.plus(lease);
        stack = StackNotes.updateFresh(rancher, fresh, outputs -> outputs.put(StackNotes.LOCK, value));
        renewAt = now.plus(lease.dividedBy(3));
    }

    /** Extends the lease when a third of it has passed (called from the wait loops). */
    public void renewIfDue() {
        if (clock.instant().isAfter(renewAt)) {
            write(rancher.refresh(stack));
        }
    }

    /** The stack as last written by the lock (its outputs include the lock). */
    public Resource stack() {
        return stack;
    }

    /**
     * Releases the lock. A failure to do so (Rancher gone) is not an error of its own: the lease
     * expires, and the failure that brought the flow here must stay the one reported.
     */
    public void release() {
        try {
            releaseWith(null);
        } catch (org.odooplatform.common.PlatformException e) {
            released = false;
        }
    }

    /** Releases the lock and applies {@code change} to the stack's outputs in the same PUT. */
    public void releaseWith(Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
        Resource fresh = rancher.refresh(stack);
        Optional<JsonNode> current = StackNotes.lock(fresh);
        boolean ours = current.isPresent() && token.equals(current.get().path("token").asText());
        released = true;
        if (!ours && change == null) {
            return;
        }
        StackNotes.updateFresh(rancher, fresh, outputs -> {
            if (change != null) {
                change.accept(outputs);
            }
            if (ours) {
                outputs.remove(StackNotes.LOCK);
            }
        });
    }

    public boolean isReleased() {
        return released;
    }
}
