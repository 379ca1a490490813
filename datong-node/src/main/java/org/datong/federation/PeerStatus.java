package org.datong.federation;

import org.datong.store.ObjectStore;
import org.datong.store.StoredCollection;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * How far behind the exchange with one peer is, in each direction, read from
 * what the sync engine persists (cursors and link state) and from the store.
 * The same figures back {@code datong peer status} (on a running node's data
 * folder or a stopped one) and the per-peer gauges at {@code /metrics}.
 *
 * @param peer        the peer's name
 * @param pushBacklog object versions in the collections this node shares that lie beyond the peer's push
 *                    cursor: not yet offered to the peer (the policy decides per object when they are)
 * @param pushLag     how long the oldest of those has been waiting; zero when there is none
 * @param pullLag     time since a pull from the peer last reached the end of every collection pulled (since
 *                    the peer was added when none did); null when nothing is pulled from the peer
 * @param push        last success and last error of pushing to the peer
 * @param pull        last success and last error of pulling from the peer
 * @param state       both directions together: failures in a row and object counts
 */
public record PeerStatus(String peer, long pushBacklog, Duration pushLag, Duration pullLag, PeerRegistry.Link push,
                         PeerRegistry.Link pull, PeerRegistry.State state) {

    /** Whether the last exchange with the peer, in either direction, failed. */
    public boolean failing() {
        return state.failures() > 0 || push.lastError() != null || pull.lastError() != null;
    }

    /**
     * Reads the status of one peer. Counting the backlog takes two indexed
     * counts per shared collection; no object is read.
     */
    public static PeerStatus of(Peer peer, PeerRegistry registry, ObjectStore store, FederationConfig config,
                                Clock clock) {
        Instant now = clock.instant();
        Set<String> inboxes = registry.inboxes().keySet();
        Map<String, String> cursors = registry.cursors(peer.name(), PeerRegistry.Direction.PUSH);
        long backlog = 0;
        Instant oldest = null;
        for (StoredCollection c : store.collections()) {
            if (!config.shares(c.id(), inboxes)) {
                continue;
            }
            SyncEngine.Position pos = SyncEngine.Position.parse(cursors.get(c.id()));
            ObjectStore.Added fromMs = store.addedSince(c.id(), Instant.ofEpochMilli(pos.millis()));
            ObjectStore.Added afterMs = store.addedSince(c.id(), Instant.ofEpochMilli(pos.millis() + 1));
            long leftAtMs = Math.max(0, fromMs.count() - afterMs.count() - pos.count());
            backlog += leftAtMs + afterMs.count();
            Instant first = leftAtMs > 0 ? Instant.ofEpochMilli(pos.millis()) : afterMs.first();
            if (first != null && (oldest == null || first.isBefore(oldest))) {
                oldest = first;
            }
        }
        Duration pushLag = oldest == null ? Duration.ZERO : nonNegative(Duration.between(oldest, now));
        PeerRegistry.Link pull = registry.link(peer.name(), PeerRegistry.Direction.PULL);
        Duration pullLag = null;
        if (!peer.collections().isEmpty()) {
            Instant since = pull.caughtUp() != null ? pull.caughtUp() : registry.added(peer.name());
            pullLag = since == null ? Duration.ZERO : nonNegative(Duration.between(since, now));
        }
        return new PeerStatus(peer.name(), backlog, pushLag, pullLag,
                registry.link(peer.name(), PeerRegistry.Direction.PUSH), pull, registry.state(peer.name()));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
