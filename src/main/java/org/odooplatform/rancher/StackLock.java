package org.odooplatform.rancher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.odooplatform.common.PreconditionException;

/**
 * A per-stack deploy lock kept on the stack ({@link StackNotes#LOCK}), so deploys from different
 * Jenkins agents exclude each other too. Rancher has no compare-and-set, so the lock is a lease:
 * write our token, wait {@code settle}, read it back; whoever's token survives holds it. The
 * holder renews the lease while it works; a killed deploy's lease simply expires, so a rerun
 * waits at most one lease instead of being blocked forever.
 */
public final class StackLock {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Rancher rancher;
    private final Clock clock;
    private final Duration lease;
    private final Duration settle;
    private final String holder;
    private final String token = UUID.randomUUID().toString();
    private Resource stack;
    private Instant renewAt;
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
            Optional<JsonNode> current = StackNotes.lock(fresh).filter(this::isLive);
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

    private boolean isLive(JsonNode lock) {
        try {
            return Instant.parse(lock.path("expires").asText()).isAfter(clock.instant());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void write(Resource fresh) {
        Instant now = clock.instant();
        String value = JSON.createObjectNode().put("holder", holder).put("token", token)
                .put("since", now.toString()).put("expires", now.plus(lease).toString()).toString();
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

    public void release() {
        releaseWith(null);
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
