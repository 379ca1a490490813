package org.datong.federation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.datong.auth.Principal;
import org.datong.stix.Timestamp;
import org.datong.stix.json.Canonical;
import org.datong.stix.json.JsonObject;
import org.datong.store.ObjectQuery;
import org.datong.store.ObjectStore;
import org.datong.store.Page;
import org.datong.store.StoredCollection;
import org.datong.store.StixInput;
import org.datong.store.StoredObject;
import org.datong.taxii.TaxiiApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/*
 * Design: the sync engine.
 *
 * One worker thread per peer and one for the local inbox. Nothing is held only
 * in memory: every position is a persisted cursor, advanced after the data it
 * covers is safe (the peer answered with a complete status, or the local store
 * committed), so a crash at any point repeats work but never skips it, and
 * repetition is harmless because every step is idempotent (the store treats
 * an (id, version) it holds as a duplicate; admission checks "held" first).
 *
 * Positions. A local collection is read in date-added order. The store gives
 * each version a date_added (ms) that never decreases in commit order, but a
 * later commit may share the last millisecond. A push cursor is therefore
 * "ms:k": everything added before ms, plus the first k versions added at ms,
 * is done. Reading resumes with added_after = ms - 1 and skips k. A pull
 * cursor is the X-TAXII-Date-Added-Last of the last page admitted; the next
 * pull asks for added_after = cursor - 1 ms (the same millisecond again,
 * for the same reason) and the few repeats are no-ops. A pull that finds
 * nothing new is one request per collection.
 *
 * Push. A store listener wakes every peer worker when a shareable collection
 * grows; the worker reads from its cursor, asks the policy about each object
 * (outbound decision on this node, written to the ledger by the policy),
 * signs the allowed ones as one batch (Provenance: origin for our objects,
 * a hop for relayed ones, a new origin for relayed ones the policy changed)
 * and posts them to the peer's inbox; a peer without an inbox is served by
 * pull instead: the batch goes into the local collection outbox-PEER, which
 * that peer pulls. Under load a pass naturally batches everything stored
 * since the last one, up to batchSize per request.
 *
 * Receive. Pulled objects, and objects peers pushed into this node, go
 * through one admission path: verify the signature chain (refused and
 * recorded when unsigned, unknown signer, altered...), drop loops (our own
 * signature is in the chain), skip versions already held, then the policy's
 * inbound decision, then the received collection. Whoever signed last is the
 * partner the object came from, and must be the peer it came through.
 *
 * Inboxes. The store keeps one copy per (collection, id, version), so a
 * collection every peer writes into would let the first copy of a version
 * stand in for every later one: a forged copy pushed first would turn the
 * genuine push into a duplicate that is never examined. Each peer's pushes
 * are therefore stored in a collection of its own, inbox-PEER, which only
 * that peer may write (the TAXII server files a POST to the shared inbox
 * address there, see inboxFor); each copy is admitted or refused on its own
 * and a refused copy blocks nothing: it is deleted from the inbox in the
 * transaction that records its refusal, so the same peer pushing the same
 * version again gets it stored and examined (the cursor's count at its last
 * millisecond is lowered by the copies deleted there). The shared inbox
 * collection itself is still drained for what was stored in it before
 * per-peer inboxes existed.
 *
 * Relay. An object that originated elsewhere goes to a next peer only when
 * the policy says relay is allowed (origin's agreement and our policy for
 * the next partner), never back to a node already in its chain, and never
 * past the hop limit.
 *
 * Failure. A failed exchange leaves the cursor where it was and the worker
 * waits retryMin, doubling up to retryMax, then tries again; "peer status"
 * and /metrics show the last error, consecutive failures and lag.
 */

/**
 * Syncs this node with its peers: pull with persisted cursors, push within
 * moments of objects being stored, both directions through the sharing
 * policy, every object signed on leaving and verified on arrival. See the
 * design comment in the source for the invariants.
 */
public final class SyncEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncEngine.class);
    /** Name of the partner recorded for refusals whose sender cannot be told. */
    static final String UNKNOWN_PARTNER = "unknown";

    private final NodeIdentity me;
    private final ObjectStore store;
    private final PeerRegistry registry;
    private final SharingPolicy policy;
    private final FederationConfig config;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final List<SyncListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Function<Peer, PeerLink> links;
    private final Map<String, PeerWorker> workers = new ConcurrentHashMap<>();
    private final Worker inbox;
    private volatile Directory directory;
    /** Peer inbox collections (collection id to peer), as recorded in the registry. */
    private volatile Map<String, String> inboxes = Map.of();
    private volatile boolean running;

    /**
     * Creates an engine; nothing happens until {@link #start()}.
     *
     * @param metrics  where per-peer meters are registered (the node's /metrics registry)
     * @param listener told about every object sent, received, redacted, denied, held or refused
     */
    public SyncEngine(NodeIdentity me, ObjectStore store, PeerRegistry registry, SharingPolicy policy,
                      FederationConfig config, Clock clock, MeterRegistry metrics, SyncListener listener) {
        this(me, store, registry, policy, config, clock, metrics, listener, httpLinks(config));
    }

    SyncEngine(NodeIdentity me, ObjectStore store, PeerRegistry registry, SharingPolicy policy,
               FederationConfig config, Clock clock, MeterRegistry metrics, SyncListener listener,
               Function<Peer, PeerLink> links) {
        this.me = me;
        this.store = store;
        this.registry = registry;
        this.policy = policy;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        if (listener != SyncListener.NONE) {
            listeners.add(listener);
        }
        this.links = links;
        this.inbox = new Worker("datong-sync-inbox", this::inboxPass);
        this.inboxes = Map.copyOf(registry.inboxes());
    }

    private static Function<Peer, PeerLink> httpLinks(FederationConfig config) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.requestTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        return peer -> new HttpPeerLink(peer, http, config.requestTimeout());
    }

    /** Creates the shared inbox address and the received collection when missing, then starts syncing with every peer. */
    public synchronized void start() {
        if (running) {
            return;
        }
        ensureCollection(config.inboxCollection(), "Federation inbox",
                "Peers push here; each peer's objects are kept apart in its own inbox, checked and admitted into "
                        + config.receivedCollection(), List.of(), List.of(PEERS_GROUP));
        ensureCollection(config.receivedCollection(), "Federation",
                "Objects admitted from peers, with their signed provenance", List.of(), List.of());
        running = true;
        store.addListener(this::stored);
        inbox.start();
        peersChanged();
    }

    /** The cursor key under which a peer's position in the approved reviews is kept. */
    private static final String APPROVED_CURSOR = "#approved-reviews";

    /** The group whose members (peers' accounts on this node) may push into the inbox. */
    public static final String PEERS_GROUP = "group:peers";

    /** Re-reads the peer registry: starts workers for new peers, stops removed ones. */
    public synchronized void peersChanged() {
        if (!running) {
            return;
        }
        List<Peer> peers = registry.list();
        directory = Directory.build(me, peers, policy.partners());
        Set<String> names = new HashSet<>();
        for (Peer p : peers) {
            names.add(p.name());
            PeerWorker existing = workers.get(p.name());
            if (existing != null && !existing.peer.equals(p)) {
                existing.stop();
                workers.remove(p.name());
                existing = null;
            }
            if (existing == null) {
                if (p.inbox() == null) {
                    ensureCollection(FederationConfig.outboxOf(p.name()), "Outbox for " + p.name(),
                            "What this node may send to " + p.name() + ", signed; " + p.name() + " pulls it",
                            List.of(p.name()), List.of());
                }
                PeerWorker w = new PeerWorker(resolveIdentity(p));
                workers.put(p.name(), w);
                w.start();
            }
        }
        for (String name : List.copyOf(workers.keySet())) {
            if (!names.contains(name)) {
                workers.remove(name).stop();
            }
        }
    }

    /**
     * Where a TAXII POST is stored: a push addressed to the shared inbox goes
     * into the pushing peer's own inbox collection (created on its first
     * push, writable by that peer only), so that what one peer pushes can
     * never occupy the (id, version) of what another pushes. Every other
     * collection is stored as addressed. The caller's right to write the
     * addressed collection has been checked.
     */
    public StoredCollection inboxFor(StoredCollection addressed, Principal principal) {
        if (!addressed.id().equals(config.inboxCollection()) || principal.anonymous()) {
            return addressed;
        }
        String peer = principal.name();
        String id = FederationConfig.inboxOf(peer);
        if (!Peer.validName(peer)) {
            throw new TaxiiApi.WriteTarget.Refused("account '" + peer + "' cannot push into " + addressed.id()
                    + ": each peer's pushes are kept in a collection named after it, so peer accounts are named"
                    + " after their partner (1-63 letters, digits, '.', '_' or '-', starting with a letter or digit)");
        }
        if (!inboxes.containsKey(id)) {
            synchronized (this) {
                if (!inboxes.containsKey(id)) {
                    if (store.collection(id).isPresent()) {
                        throw new IllegalStateException("collection " + id + " exists but is not the inbox of peer " + peer
                                + ": rename it so that " + peer + " can push to this node");
                    }
                    registry.addInbox(id, peer);
                    Map<String, String> more = new HashMap<>(inboxes);
                    more.put(id, peer);
                    inboxes = Map.copyOf(more);
                }
            }
        }
        ensureCollection(id, "Inbox of " + peer, "Objects " + peer + " pushed to this node; each is checked and"
                + " admitted into " + config.receivedCollection(), List.of(), List.of(peer));
        return store.collection(id).orElseThrow(() -> new IllegalStateException("inbox " + id + " vanished"));
    }

    /** Adds a listener told about every object sent, received, redacted, denied, held or refused. */
    public void addListener(SyncListener listener) {
        listeners.add(listener);
    }

    /** Picks up peers and partner keys changed from outside (the command line) since the last look. */
    private void refreshPeers() {
        List<Peer> now = registry.list();
        boolean same = now.size() == workers.size() && now.stream().allMatch(p -> {
            PeerWorker w = workers.get(p.name());
            return w != null && w.peer.equals(p.identityId() == null ? p.withIdentityId(w.peer.identityId()) : p);
        });
        if (!same) {
            peersChanged();
        } else {
            directory = Directory.build(me, now, policy.partners());
        }
    }

    /** Asks every worker to run a pass now (pull included), instead of waiting for its timer. */
    public void syncNow() {
        inbox.wake();
        workers.values().forEach(w -> {
            w.pullDue = true;
            w.wake();
        });
    }

    /** Stops all workers and waits for them; persisted cursors keep every position. */
    @Override
    public synchronized void close() {
        running = false;
        inbox.stop();
        workers.values().forEach(PeerWorker::stop);
        workers.clear();
    }

    /** How one peer is doing, as seen by this engine. */
    public record PeerView(String peer, long sent, long received, long refused, long denied, long held,
                           long backlog, Duration lag, Instant lastSuccess, String lastError, long failures,
                           long pullRequests) {
    }

    /** A view of each running peer worker. */
    public List<PeerView> peers() {
        List<PeerView> out = new ArrayList<>();
        for (PeerWorker w : workers.values()) {
            out.add(w.view());
        }
        out.sort((a, b) -> a.peer().compareTo(b.peer()));
        return out;
    }

    // ------------------------------------------------------------------ store events

    private void stored(String collection, List<StoredObject> objects) {
        if (!running) {
            return;
        }
        if (isInbox(collection)) {
            inbox.wake();
        } else if (shareable(collection)) {
            for (PeerWorker w : workers.values()) {
                w.wake();
            }
        }
    }

    /**
     * Whether a collection holds the node's own intelligence, shared with peers:
     * every collection except the inboxes peers push into and the outboxes they
     * pull from, which only carry copies in transit.
     */
    public boolean shareable(String collection) {
        return config.shares(collection, inboxes.keySet());
    }

    /** The shared inbox address or a peer's own inbox. */
    private boolean isInbox(String collection) {
        return collection.equals(config.inboxCollection()) || inboxes.containsKey(collection);
    }

    private void ensureCollection(String id, String title, String description, List<String> readers, List<String> writers) {
        if (store.collection(id).isEmpty()) {
            try {
                store.createCollection(StoredCollection.of(id, title).withDescription(description)
                        .withReaders(readers).withWriters(writers));
            } catch (IllegalArgumentException raced) {
                if (store.collection(id).isEmpty()) {
                    throw raced;
                }
            }
        }
    }

    private Peer resolveIdentity(Peer p) {
        if (p.identityId() != null) {
            return p;
        }
        for (SharingPolicy.PartnerKey k : policy.partners()) {
            if (k.name().equals(p.name()) && k.identityId() != null) {
                registry.setIdentity(p.name(), k.identityId());
                return p.withIdentityId(k.identityId());
            }
        }
        LOG.warn("peer {} has no known identity id: objects it sends will be refused as unknown-signer"
                + " until its partner entry names one", p.name());
        return p;
    }

    // ------------------------------------------------------------------ inbox

    /** Admits what peers pushed, inbox by inbox (each peer's own, then what the shared one still holds). */
    private boolean inboxPass() {
        refreshPeers();
        boolean any = false;
        for (StoredCollection c : store.collections()) {
            if (!running) {
                break;
            }
            if (c.id().equals(config.inboxCollection())) {
                any |= drainInbox(c.id(), null);
            } else if (inboxes.containsKey(c.id())) {
                any |= drainInbox(c.id(), inboxes.get(c.id()));
            }
        }
        return any;
    }

    /**
     * Admits what was pushed into one inbox, page by page from the persisted
     * cursor. The next page is read, parsed and its signatures checked while
     * the current one is admitted (at most one page ahead); the cursor moves
     * past a page once its admission committed.
     *
     * @param peer the peer whose own inbox it is, or null for the shared inbox (sender told by the last signature)
     */
    private boolean drainInbox(String collection, String peer) {
        Position pos = Position.parse(registry.localCursor(collection));
        boolean any = false;
        PageReader reader = new PageReader(collection, pos);
        FutureTask<Arrived> ahead = readAhead(reader);
        try {
            while (running) {
                Arrived page = awaitPage(ahead);
                ahead = null;
                if (page.stored().isEmpty()) {
                    break;
                }
                ahead = readAhead(reader);
                Position from = pos;
                Position[] next = new Position[1];
                // the cursor moves in the transaction that admits the page: one commit, and never apart
                admitChecked(peer, collection, page, removed -> {
                    next[0] = from.advance(page.stored()).without(removed);
                    registry.saveLocalCursor(collection, next[0].toString());
                });
                pos = next[0];
                any = true;
            }
        } finally {
            if (ahead != null) {
                ahead.cancel(false); // a read in progress finishes on its own; its page is read again next pass
            }
        }
        return any;
    }

    /**
     * Objects that arrived, parsed, with the outcome of their signature checks.
     *
     * @param stored the stored entries they were read from (inbox), or empty when pulled
     */
    private record Arrived(List<StoredObject> stored, List<JsonObject> objects, List<Provenance.Result> checks) {
    }

    private FutureTask<Arrived> readAhead(PageReader reader) {
        FutureTask<Arrived> task = new FutureTask<>(() -> {
            List<StoredObject> page = reader.next();
            List<JsonObject> objects = new ArrayList<>(page.size());
            for (StoredObject o : page) {
                objects.add(o.parse());
            }
            return new Arrived(page, objects, check(objects));
        });
        Thread.ofVirtual().name("datong-sync-inbox-read").start(task);
        return task;
    }

    private static Arrived awaitPage(FutureTask<Arrived> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the inbox", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private List<Provenance.Result> check(List<JsonObject> objects) {
        Directory dir = directory;
        List<Provenance.Result> checks = new ArrayList<>(objects.size());
        for (JsonObject o : objects) {
            checks.add(Provenance.verify(o, dir));
        }
        return checks;
    }

    // ------------------------------------------------------------------ admission

    /** Counts of one admission run, per partner. */
    private final Map<String, long[]> admissionCounts = new ConcurrentHashMap<>();

    /**
     * Checks and stores objects that arrived from a peer.
     *
     * @param viaPeer the peer they were pulled from or pushed by, or null when they were pushed into the
     *                shared inbox before per-peer inboxes existed
     */
    private void admit(String viaPeer, String sourceCollection, List<JsonObject> objects) {
        // signatures are checked before the batch's transaction: they need no database, and other
        // writers (a peer's POST into the inbox) need not wait for them
        admitChecked(viaPeer, sourceCollection, new Arrived(List.of(), objects, check(objects)), removed -> {
        });
    }

    /**
     * Admits or refuses each object, in one transaction with its ledger
     * entries. A copy refused in an inbox is removed from it in the same
     * transaction (its refusal stays in the ledger), so that the store, which
     * keeps one copy per (id, version), takes a later copy of the same version
     * from the same peer and it is examined on its own.
     *
     * @param done told, inside the transaction, which inbox entries were removed that way (none for pulled
     *             objects), to record its position with the page
     */
    private void admitChecked(String viaPeer, String sourceCollection, Arrived arrived,
                              Consumer<List<StoredObject>> done) {
        Directory dir = directory;
        policy.batch(() -> {
            List<StoredObject> refused = admitEach(viaPeer, sourceCollection, arrived, dir);
            for (StoredObject copy : refused) {
                Timestamp version = copy.version() != null ? Timestamp.parse(copy.version()) : Timestamp.of(copy.dateAdded());
                store.delete(sourceCollection, copy.id(), ObjectQuery.all()
                        .withVersions(new ObjectQuery.Versions(false, false, false, List.of(version))));
            }
            done.accept(refused);
            return null;
        });
    }

    /** Admits what it may; returns the inbox entries of the copies it refused. */
    private List<StoredObject> admitEach(String viaPeer, String sourceCollection, Arrived arrived, Directory dir) {
        List<JsonObject> objects = arrived.objects();
        List<Provenance.Result> checks = arrived.checks();
        policy.prefetch(ids(objects));
        Set<String> held = held(objects);
        List<JsonObject> admitted = new ArrayList<>();
        List<StixInput> inputs = new ArrayList<>();
        Map<String, String> partnerOf = new HashMap<>();
        List<StoredObject> refused = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            JsonObject o = objects.get(i);
            Provenance.Result r = checks.get(i);
            String partner = viaPeer;
            if (r instanceof Provenance.Refused f) {
                if (Provenance.signers(o).contains(me.id())) {
                    continue; // our own object, come back with a broken chain: nothing to admit, nothing to report
                }
                if (partner == null) {
                    List<String> signers = Provenance.signers(o);
                    partner = signers.isEmpty() ? UNKNOWN_PARTNER : dir.nameOf(signers.getLast());
                }
                refuse(partner, sourceCollection, o, f.rule().code(), f.reason());
                refusedCopy(arrived, i, refused);
                continue;
            }
            Provenance.Verified v = (Provenance.Verified) r;
            if (v.signers().contains(me.id())) {
                continue; // a loop: this node signed it already
            }
            String sender = dir.nameOf(v.sender().identity());
            if (viaPeer != null && !sender.equals(viaPeer)) {
                refuse(viaPeer, sourceCollection, o, Provenance.Rule.UNKNOWN_SIGNER.code(),
                        "came from " + viaPeer + " but last signed by " + v.sender().identity());
                refusedCopy(arrived, i, refused);
                continue;
            }
            if (held.contains(versionKey(o))) {
                continue; // the same version is here already
            }
            switch (policy.receive(sender, sourceCollection, o, Provenance.hexOf(v.digest()))) {
                case SharingPolicy.Refuse no -> {
                    count(sender, 2);
                    emit(SyncEvent.Kind.REFUSED, sender, o, no.reason());
                    refusedCopy(arrived, i, refused);
                }
                case SharingPolicy.Admit yes -> {
                    if (held.add(versionKey(o))) {
                        admitted.add(o);
                        // read unchanged from the inbox, where the store checked it: kept as it came, not checked again
                        inputs.add(arrived.stored().isEmpty() ? StixInput.of(o) : StixInput.stored(arrived.stored().get(i), o));
                        partnerOf.put(versionKey(o), sender);
                    }
                }
            }
        }
        if (!admitted.isEmpty()) {
            store.addInputs(config.receivedCollection(), inputs);
            for (JsonObject o : admitted) {
                String sender = partnerOf.get(versionKey(o));
                count(sender, 1);
                String origin = dir.nameOf(Provenance.signers(o).getFirst());
                emit(SyncEvent.Kind.RECEIVED, sender, o, origin.equals(sender) ? "" : "originated at " + origin);
            }
        }
        return refused;
    }

    /** Notes the inbox entry of a refused object (pulled objects have none). */
    private static void refusedCopy(Arrived arrived, int i, List<StoredObject> refused) {
        if (!arrived.stored().isEmpty()) {
            refused.add(arrived.stored().get(i));
        }
    }

    private void refuse(String partner, String collection, JsonObject o, String rule, String reason) {
        policy.recordRefusal(partner, collection, o, rule, reason);
        count(partner, 2);
        emit(SyncEvent.Kind.REFUSED, partner, o, rule + ": " + reason);
    }

    private void count(String partner, int slot) {
        PeerWorker w = workers.get(partner);
        if (w != null) {
            switch (slot) {
                case 1 -> w.received.increment();
                case 2 -> w.refused.increment();
                default -> throw new IllegalArgumentException("slot " + slot);
            }
        }
        long[] c = admissionCounts.computeIfAbsent(partner, k -> new long[3]);
        synchronized (c) {
            c[slot]++;
        }
    }

    private static List<String> ids(List<JsonObject> objects) {
        List<String> ids = new ArrayList<>(objects.size());
        for (JsonObject o : objects) {
            ids.add(o.getString("id"));
        }
        return ids;
    }

    /** The (id, version) keys among these objects' ids that the received collection holds already. */
    private Set<String> held(List<JsonObject> objects) {
        Set<String> ids = new HashSet<>();
        for (JsonObject o : objects) {
            if (o.getString("id") != null) {
                ids.add(o.getString("id"));
            }
        }
        Set<String> out = new HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        ObjectQuery q = ObjectQuery.all().withIds(ids).withVersions(ObjectQuery.Versions.ALL)
                .withLimit(ObjectQuery.DEFAULT_LIMIT);
        String next = null;
        do {
            Page p = store.manifest(config.receivedCollection(), q.withNext(next));
            for (StoredObject s : p.objects()) {
                out.add(s.id() + "|" + (s.version() == null ? "" : s.version()));
            }
            next = p.next();
        } while (next != null);
        return out;
    }

    private static String versionKey(JsonObject o) {
        String v = o.getString("modified");
        if (v == null) {
            v = o.getString("created");
        }
        return o.getString("id") + "|" + (v == null ? "" : v);
    }

    private void emit(SyncEvent.Kind kind, String peer, JsonObject o, String detail) {
        if (listeners.isEmpty()) {
            return;
        }
        SyncEvent event = new SyncEvent(clock.instant(), kind, peer, o.getString("id"), o.getString("type"), detail);
        for (SyncListener l : listeners) {
            try {
                l.event(event);
            } catch (RuntimeException e) {
                LOG.warn("sync listener failed on a {} event", kind, e);
            }
        }
    }

    // ------------------------------------------------------------------ peers

    /** Reads a local collection from a position, page by page, skipping what the position says is done. */
    private final class PageReader {
        private final String collection;
        private final ObjectQuery query;
        private final long skipAt;
        private long skip;
        private String next;
        private boolean done;

        PageReader(String collection, Position from) {
            this.collection = collection;
            ObjectQuery q = ObjectQuery.all().withVersions(ObjectQuery.Versions.ALL).withLimit(config.batchSize());
            if (from.millis() > 0) {
                q = q.withAddedAfter(Instant.ofEpochMilli(from.millis() - 1));
            }
            this.query = q;
            this.skipAt = from.millis();
            this.skip = from.count();
        }

        /** The next non-empty batch, or empty at the end. */
        List<StoredObject> next() {
            while (!done) {
                Page p = store.objects(collection, query.withNext(next));
                next = p.next();
                done = next == null;
                List<StoredObject> out = new ArrayList<>(p.objects().size());
                for (StoredObject o : p.objects()) {
                    if (skip > 0 && o.dateAdded().toEpochMilli() == skipAt) {
                        skip--;
                        continue;
                    }
                    skip = 0;
                    out.add(o);
                }
                if (!out.isEmpty()) {
                    return out;
                }
            }
            return List.of();
        }
    }

    /** One peer's worker: push (or fill its outbox), pull on a timer, back off on failure. */
    private final class PeerWorker {
        final Peer peer;
        final PeerLink link;
        final Worker worker;
        /** Whether the last push exchange failed (so the next one that works is recorded as a success). */
        volatile boolean pushFailing;
        private volatile PeerStatus status;
        private volatile long statusAt;
        final Counter sent;
        final Counter received;
        final Counter refused;
        final Counter denied;
        final Counter held;
        final Counter redacted;
        final Counter pullRequests;
        volatile boolean pullDue = true;
        volatile Instant nextPull = Instant.MIN;
        volatile Instant lastSuccess;
        volatile String lastError;
        volatile long failures;
        final List<io.micrometer.core.instrument.Meter> meters = new ArrayList<>();

        PeerWorker(Peer peer) {
            this.peer = peer;
            this.link = links.apply(peer);
            this.worker = new Worker("datong-sync-" + peer.name(), this::pass);
            this.sent = counter("datong_federation_sent", "objects the peer accepted from this node");
            this.received = counter("datong_federation_received", "objects admitted from the peer");
            this.refused = counter("datong_federation_refused", "objects from the peer refused (signature or policy)");
            this.denied = counter("datong_federation_denied", "objects the policy kept from the peer");
            this.held = counter("datong_federation_held_for_review", "objects waiting for review before going to the peer");
            this.redacted = counter("datong_federation_redacted", "objects sent to the peer in redacted form");
            this.pullRequests = counter("datong_federation_pull_requests", "requests made to pull from the peer");
            this.pushFailing = registry.link(peer.name(), PeerRegistry.Direction.PUSH).lastError() != null;
            meters.add(Gauge.builder("datong_federation_backlog", this, w -> w.status().pushBacklog())
                    .description("objects stored here, beyond the push cursor, not offered to the peer yet")
                    .tag("peer", peer.name()).register(metrics));
            meters.add(Gauge.builder("datong_federation_consecutive_failures", this, w -> w.failures)
                    .description("failed exchanges with the peer since the last success").tag("peer", peer.name())
                    .register(metrics));
            for (PeerRegistry.Direction d : PeerRegistry.Direction.values()) {
                String dir = d.name().toLowerCase(java.util.Locale.ROOT);
                if (d == PeerRegistry.Direction.PULL && peer.collections().isEmpty()) {
                    continue;
                }
                meters.add(Gauge.builder("datong_federation_lag_seconds", this, w -> seconds(
                                d == PeerRegistry.Direction.PUSH ? w.status().pushLag() : w.status().pullLag()))
                        .description("push: age of the oldest object not offered to the peer yet; pull: time since"
                                + " a pull from the peer last reached the end").tags("peer", peer.name(), "direction", dir)
                        .register(metrics));
                meters.add(Gauge.builder("datong_federation_last_success_seconds", this, w -> epochSeconds(
                                w.link(d).lastSuccess()))
                        .description("when an exchange with the peer last succeeded (unix time, 0 when never)")
                        .tags("peer", peer.name(), "direction", dir).register(metrics));
                meters.add(Gauge.builder("datong_federation_last_error_seconds", this, w -> epochSeconds(
                                w.link(d).lastError() == null ? null : w.link(d).lastErrorAt()))
                        .description("when the last error since the last success happened (unix time, 0 when none)")
                        .tags("peer", peer.name(), "direction", dir).register(metrics));
            }
        }

        /** The peer's status, read again at most once per {@link #STATUS_MAX_AGE_MS} (a scrape reads it once). */
        PeerStatus status() {
            PeerStatus s = status;
            long now = clock.millis();
            if (s == null || now - statusAt > STATUS_MAX_AGE_MS) {
                s = PeerStatus.of(peer, registry, store, config, clock);
                status = s;
                statusAt = now;
            }
            return s;
        }

        PeerRegistry.Link link(PeerRegistry.Direction d) {
            return d == PeerRegistry.Direction.PUSH ? status().push() : status().pull();
        }

        private Counter counter(String name, String description) {
            Counter c = Counter.builder(name).description(description).tag("peer", peer.name()).register(metrics);
            meters.add(c);
            return c;
        }

        void start() {
            worker.start();
        }

        void stop() {
            worker.stop();
            meters.forEach(metrics::remove);
        }

        void wake() {
            worker.wake();
        }

        PeerView view() {
            PeerStatus st = status();
            return new PeerView(peer.name(), (long) sent.count(), (long) received.count(), (long) refused.count(),
                    (long) denied.count(), (long) held.count(), st.pushBacklog(), st.pushLag(), lastSuccess, lastError, failures,
                    (long) pullRequests.count());
        }

        /** One pass; true when it moved anything. Throws on failure so the worker backs off. */
        boolean pass() throws PeerLink.Unavailable {
            boolean moved;
            PeerRegistry.Direction phase = PeerRegistry.Direction.PUSH;
            try {
                long before = (long) sent.count();
                moved = deliverApproved();
                moved |= pushAll();
                if (moved || pushFailing) {
                    registry.recordSuccess(peer.name(), PeerRegistry.Direction.PUSH, null);
                    pushFailing = false;
                }
                long sentNow = (long) sent.count() - before;
                Instant now = clock.instant();
                if (!peer.collections().isEmpty() && (pullDue || !now.isBefore(nextPull))) {
                    phase = PeerRegistry.Direction.PULL;
                    pullDue = false;
                    nextPull = now.plus(config.pollInterval());
                    moved |= pullAll();
                    // pullAll returns early only when the engine stops; otherwise every collection reached its end
                    registry.recordSuccess(peer.name(), PeerRegistry.Direction.PULL, running ? clock.instant() : null);
                }
                lastSuccess = clock.instant();
                long receivedNow = take(1);
                long refusedNow = take(2);
                if (failures > 0 || moved || receivedNow > 0 || refusedNow > 0) {
                    registry.recordSuccess(peer.name(), receivedNow, sentNow, refusedNow);
                }
                failures = 0;
                lastError = null;
                worker.setNextWake(nextPull);
                return moved;
            } catch (PeerLink.Unavailable | RuntimeException e) {
                failures++;
                lastError = e.getMessage();
                registry.recordFailure(peer.name(), String.valueOf(e.getMessage()));
                registry.recordFailure(peer.name(), phase, String.valueOf(e.getMessage()));
                if (phase == PeerRegistry.Direction.PUSH) {
                    pushFailing = true;
                }
                throw e;
            }
        }

        private long take(int slot) {
            long[] c = admissionCounts.get(peer.name());
            if (c == null) {
                return 0;
            }
            synchronized (c) {
                long v = c[slot];
                c[slot] = 0;
                return v;
            }
        }

        private boolean pushAll() throws PeerLink.Unavailable {
            boolean any = false;
            for (StoredCollection c : store.collections()) {
                if (!running) {
                    break;
                }
                if (shareable(c.id())) {
                    any |= pushCollection(c.id());
                }
            }
            return any;
        }

        /**
         * Sends what people approved for this peer since the last look: the
         * object held for review is read again from its collection and goes
         * through the policy (which now allows it) like any other.
         */
        private boolean deliverApproved() throws PeerLink.Unavailable {
            String saved = registry.cursor(peer.name(), PeerRegistry.Direction.PUSH, APPROVED_CURSOR);
            List<SharingPolicy.Approved> approved = policy.approvedSince(peer.name(),
                    saved == null ? null : Instant.parse(saved));
            for (SharingPolicy.Approved a : approved) {
                if (!running) {
                    return true;
                }
                List<StoredObject> held = new ArrayList<>();
                if (store.collection(a.collection()).isPresent()) {
                    Page p = store.objects(a.collection(), ObjectQuery.all().withIds(Set.of(a.objectId()))
                            .withVersions(ObjectQuery.Versions.ALL));
                    for (StoredObject o : p.objects()) {
                        if (sameVersion(a.objectVersion(), o.version())) {
                            held.add(o);
                        }
                    }
                }
                if (!held.isEmpty()) {
                    deliver(a.collection(), held);
                }
                registry.saveCursor(peer.name(), PeerRegistry.Direction.PUSH, APPROVED_CURSOR, a.decidedAt().toString());
            }
            return !approved.isEmpty();
        }

        /**
         * Offers a local collection to the peer from the persisted cursor. The
         * next page is prepared (read, decided, signed) while the previous one
         * is on its way to the peer, so this node's work overlaps the peer's;
         * at most one page is ahead. The cursor moves past a page only once the
         * peer holds it and its send entries are committed.
         */
        private boolean pushCollection(String collection) throws PeerLink.Unavailable {
            Position pos = Position.parse(registry.cursor(peer.name(), PeerRegistry.Direction.PUSH, collection));
            PageReader reader = new PageReader(collection, pos);
            boolean any = false;
            Outgoing sending = null; // sent (or being sent), not yet recorded
            try {
                while (true) {
                    List<StoredObject> page = running ? reader.next() : List.of();
                    Outgoing ready = null;
                    if (!page.isEmpty()) {
                        pos = pos.advance(page);
                        ready = new Outgoing(prepare(collection, page), pos);
                    }
                    if (sending == null) {
                        if (ready == null) {
                            break;
                        }
                        ready.send();
                        sending = ready;
                        continue;
                    }
                    PeerLink.PushResult result = sending.await();
                    Outgoing done = sending;
                    sending = ready;
                    if (ready != null) {
                        ready.send(); // goes out while the previous page is recorded
                    }
                    // the send entries and the cursor past them commit together
                    record(done.prepared(), result, () -> registry.saveCursor(peer.name(), PeerRegistry.Direction.PUSH,
                            collection, done.end().toString()));
                    any = true;
                    if (sending == null) {
                        break;
                    }
                }
            } finally {
                if (sending != null) {
                    sending.abandon();
                }
            }
            return any;
        }

        /** Decides, signs and sends one page; returns only when the peer (or the outbox) holds what was allowed. */
        private void deliver(String collection, List<StoredObject> page) throws PeerLink.Unavailable {
            Outgoing o = new Outgoing(prepare(collection, page), null);
            o.send();
            try {
                record(o.prepared(), o.await(), () -> {
                });
            } finally {
                o.abandon();
            }
        }

        /** An object of a page that may be offered: parsed, with its verified chain when it carries one. */
        private record Candidate(JsonObject object, Provenance.Verified chain) {
        }

        /** A candidate the policy allowed, in the form it allowed. */
        private record Allowed(Candidate candidate, JsonObject plain, boolean relay, SharingPolicy.Allow allow) {
        }

        /** A page ready to go: the signed objects, what the policy allowed for each, and redaction notes. */
        private record Prepared(List<JsonObject> signed, List<JsonObject> originals, List<String> redactedFlags) {
        }

        /**
         * Reads, decides and signs one page. Parsing and chain checks happen
         * before the policy's transaction and signing after it, so the
         * transaction holds the database only for the decisions and their
         * ledger entries.
         */
        private Prepared prepare(String collection, List<StoredObject> page) {
            Directory dir = directory;
            List<Candidate> candidates = new ArrayList<>(page.size());
            for (StoredObject so : page) {
                JsonObject obj = so.parse();
                List<String> signers = Provenance.signers(obj);
                if (peer.identityId() != null && signers.contains(peer.identityId())) {
                    continue; // it came from or through this peer: never back
                }
                Provenance.Verified chain = null;
                if (!signers.isEmpty()) {
                    if (!(Provenance.verify(obj, dir) instanceof Provenance.Verified v)) {
                        LOG.warn("not relaying {}: its provenance no longer verifies here", obj.getString("id"));
                        continue;
                    }
                    chain = v;
                }
                candidates.add(new Candidate(obj, chain));
            }
            List<Allowed> allowed = new ArrayList<>(candidates.size());
            policy.batch(() -> {
                policy.prefetch(candidates.stream().map(c -> c.object().getString("id")).toList());
                for (Candidate c : candidates) {
                    JsonObject obj = c.object();
                    Provenance.Verified chain = c.chain();
                    boolean relay = chain != null && !chain.origin().identity().equals(me.id());
                    JsonObject plain = Provenance.strip(obj);
                    if (relay && chain.hops().size() >= Provenance.MAX_HOPS) {
                        denied.increment();
                        emit(SyncEvent.Kind.DENIED, peer.name(), obj, "hop limit of " + Provenance.MAX_HOPS + " reached");
                        continue;
                    }
                    SharingPolicy.Outbound decision = relay
                            ? policy.relay(dir.nameOf(chain.origin().identity()), peer.name(), collection, plain)
                            : policy.prepare(peer.name(), collection, plain);
                    switch (decision) {
                        case SharingPolicy.Deny d -> {
                            denied.increment();
                            emit(SyncEvent.Kind.DENIED, peer.name(), obj, d.reason());
                        }
                        case SharingPolicy.Review r -> {
                            held.increment();
                            emit(SyncEvent.Kind.HELD_FOR_REVIEW, peer.name(), obj, r.reason());
                        }
                        case SharingPolicy.Allow a -> allowed.add(new Allowed(c, plain, relay, a));
                    }
                }
                return null;
            });
            Provenance.Batch batch = Provenance.batch(me);
            List<JsonObject> originals = new ArrayList<>(allowed.size());
            List<String> redactedFlags = new ArrayList<>(allowed.size());
            for (Allowed a : allowed) {
                JsonObject out = a.allow().object();
                Provenance.Verified chain = a.candidate().chain();
                if (a.relay() && Canonical.same(Provenance.strip(out), a.plain())) {
                    batch.hop(a.candidate().object(), chain);
                } else {
                    batch.origin(out, a.relay() ? chain.origin() : null);
                }
                originals.add(out);
                redactedFlags.add(a.allow().redacted() ? a.allow().reason() : null);
            }
            return new Prepared(batch.sign(), originals, redactedFlags);
        }

        /**
         * Writes the ledger entries and events of a page the peer (or the
         * outbox) now holds, and runs {@code alsoInBatch} in the same transaction.
         */
        private void record(Prepared prepared, PeerLink.PushResult result, Runnable alsoInBatch) {
            List<JsonObject> signed = prepared.signed();
            if (signed.isEmpty()) {
                alsoInBatch.run();
                return;
            }
            // a page may hold several versions of one object: a failure is about one (id, version)
            Map<String, List<PeerLink.Failure>> failed = new HashMap<>();
            for (PeerLink.Failure f : result.failures()) {
                failed.computeIfAbsent(f.id(), k -> new ArrayList<>()).add(f);
                LOG.warn("{} refused an object: {}", peer.name(), f);
            }
            policy.batch(() -> {
                for (int i = 0; i < signed.size(); i++) {
                    JsonObject o = signed.get(i);
                    PeerLink.Failure refusal = failureOf(failed.get(o.getString("id")), o);
                    if (refusal != null) {
                        emit(SyncEvent.Kind.DENIED, peer.name(), o, "the peer's TAXII server refused it: "
                                + refusal.message());
                        continue;
                    }
                    // this node just signed o over the digest of what the policy allowed: that is its content hash
                    String hash = Provenance.statedDigestHex(o);
                    if (hash == null) {
                        policy.recordSent(peer.name(), prepared.originals().get(i));
                    } else {
                        policy.recordSent(peer.name(), prepared.originals().get(i), hash);
                    }
                    sent.increment();
                    if (prepared.redactedFlags().get(i) != null) {
                        redacted.increment();
                        emit(SyncEvent.Kind.REDACTED, peer.name(), o, prepared.redactedFlags().get(i));
                    }
                    emit(SyncEvent.Kind.SENT, peer.name(), o, "");
                }
                alsoInBatch.run();
                return null;
            });
        }

        /** The failure among {@code failures} (those with o's id) that is about o's version, or null. */
        private static PeerLink.Failure failureOf(List<PeerLink.Failure> failures, JsonObject o) {
            if (failures != null) {
                for (PeerLink.Failure f : failures) {
                    if (f.concerns(o)) {
                        return f;
                    }
                }
            }
            return null;
        }

        /**
         * A prepared page on its way: pushed to the peer's inbox from a virtual
         * thread (so the worker can prepare the next page meanwhile), or stored
         * into the peer's outbox at once.
         *
         * @param end the cursor position once this page is recorded (null when not from a cursor)
         */
        private final class Outgoing {
            private final Prepared prepared;
            private final Position end;
            private FutureTask<PeerLink.PushResult> task;

            Outgoing(Prepared prepared, Position end) {
                this.prepared = prepared;
                this.end = end;
            }

            Prepared prepared() {
                return prepared;
            }

            Position end() {
                return end;
            }

            void send() {
                List<JsonObject> signed = prepared.signed();
                if (signed.isEmpty() || peer.inbox() == null) {
                    if (!signed.isEmpty()) {
                        store.add(FederationConfig.outboxOf(peer.name()), signed);
                    }
                    task = new FutureTask<>(() -> new PeerLink.PushResult(List.of(), List.of()));
                    task.run();
                    return;
                }
                task = new FutureTask<>(() -> link.push(peer.inbox(), signed));
                Thread.ofVirtual().name("datong-push-" + peer.name()).start(task);
            }

            /** The peer's answer; throws as the push did. */
            PeerLink.PushResult await() throws PeerLink.Unavailable {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    task.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new PeerLink.Unavailable("interrupted while pushing to " + peer.name());
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case PeerLink.Unavailable u -> throw u;
                        case RuntimeException r -> throw r;
                        case Error err -> throw err;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }

            /** Stops waiting for a push whose answer is no longer wanted (the cursor stays before it). */
            void abandon() {
                if (task != null && !task.isDone()) {
                    task.cancel(true);
                }
            }
        }

        private boolean pullAll() throws PeerLink.Unavailable {
            boolean any = false;
            for (String rc : peer.collections()) {
                String saved = registry.cursor(peer.name(), PeerRegistry.Direction.PULL, rc);
                Instant last = saved == null ? null : Instant.parse(saved);
                Instant after = last == null ? null : last.minusMillis(1);
                String next = null;
                do {
                    pullRequests.increment();
                    PeerLink.PullPage p = link.pull(rc, after, next, config.batchSize());
                    if (!p.objects().isEmpty()) {
                        admit(peer.name(), rc, p.objects());
                    }
                    if (p.lastAdded() != null && (last == null || p.lastAdded().isAfter(last))) {
                        last = p.lastAdded();
                        registry.saveCursor(peer.name(), PeerRegistry.Direction.PULL, rc, last.toString());
                        any = true;
                    }
                    next = p.next();
                } while (next != null && running);
            }
            return any;
        }
    }

    // ------------------------------------------------------------------ plumbing

    /**
     * A position in a local collection: every version added before {@code millis},
     * and the first {@code count} added at {@code millis}, are done.
     */
    record Position(long millis, long count) {
        static final Position START = new Position(0, 0);

        static Position parse(String text) {
            if (text == null) {
                return START;
            }
            int colon = text.indexOf(':');
            try {
                return new Position(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
            } catch (RuntimeException e) {
                throw new IllegalStateException("damaged sync cursor '" + text + "'", e);
            }
        }

        /**
         * This position once {@code removed} (entries of the page just done)
         * are gone from the collection: those added at {@link #millis} no
         * longer count among the first {@link #count} there.
         */
        Position without(List<StoredObject> removed) {
            long gone = removed.stream().filter(o -> o.dateAdded().toEpochMilli() == millis).count();
            return gone == 0 ? this : new Position(millis, count - gone);
        }

        Position advance(List<StoredObject> done) {
            long ms = millis;
            long k = count;
            for (StoredObject o : done) {
                long t = o.dateAdded().toEpochMilli();
                if (t == ms) {
                    k++;
                } else {
                    ms = t;
                    k = 1;
                }
            }
            return new Position(ms, k);
        }

        @Override
        public String toString() {
            return millis + ":" + count;
        }
    }

    /** A pass that may fail with a peer error. */
    @FunctionalInterface
    private interface Pass {
        boolean run() throws PeerLink.Unavailable;
    }

    /** A thread that runs passes when woken or when its timer is due, backing off after failures. */
    private final class Worker {
        private final String name;
        private final Pass pass;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition signal = lock.newCondition();
        private boolean woken = true;
        private volatile boolean stopped;
        private volatile Instant nextWake;
        private Thread thread;

        Worker(String name, Pass pass) {
            this.name = name;
            this.pass = pass;
        }

        void start() {
            thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
        }

        void setNextWake(Instant t) {
            nextWake = t;
        }

        void wake() {
            lock.lock();
            try {
                woken = true;
                signal.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void stop() {
            stopped = true;
            wake();
            if (thread != null && thread != Thread.currentThread()) {
                thread.interrupt();
                try {
                    thread.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void loop() {
            Duration backoff = config.retryMin();
            while (!stopped) {
                Duration wait;
                try {
                    boolean moved = pass.run();
                    backoff = config.retryMin();
                    wait = moved ? Duration.ZERO : untilNextWake();
                } catch (PeerLink.Unavailable e) {
                    LOG.info("{}: {}; retrying in {} ms", name, e.getMessage(), backoff.toMillis());
                    wait = backoff;
                    backoff = min(backoff.multipliedBy(2), config.retryMax());
                } catch (RuntimeException e) {
                    if (stopped) {
                        break;
                    }
                    LOG.warn("{}: pass failed; retrying in {} ms", name, backoff.toMillis(), e);
                    wait = backoff;
                    backoff = min(backoff.multipliedBy(2), config.retryMax());
                }
                await(wait);
            }
        }

        private Duration untilNextWake() {
            Instant t = nextWake;
            if (t == null) {
                return config.pollInterval();
            }
            Duration d = Duration.between(clock.instant(), t);
            return d.isNegative() ? Duration.ZERO : min(d, config.pollInterval());
        }

        private void await(Duration wait) {
            lock.lock();
            try {
                if (wait.isZero()) {
                    woken = false;
                    return;
                }
                long nanos = wait.toNanos();
                while (!woken && !stopped && nanos > 0) {
                    nanos = signal.awaitNanos(nanos);
                }
                woken = false;
            } catch (InterruptedException e) {
                if (!stopped) {
                    Thread.currentThread().interrupt();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Versions are timestamps; the same instant may be written with different precision. */
    static boolean sameVersion(String a, String b) {
        if (a == null || b == null || a.equals(b)) {
            return true;
        }
        try {
            return Instant.parse(a).equals(Instant.parse(b));
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** How stale the per-peer gauges may be: a scrape computes each peer's status once. */
    private static final long STATUS_MAX_AGE_MS = 1000;

    private static double seconds(Duration d) {
        return d == null ? Double.NaN : d.toMillis() / 1000.0;
    }

    private static double epochSeconds(Instant t) {
        return t == null ? 0 : t.toEpochMilli() / 1000.0;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Who is who: identity ids to partner names and registered keys (peers, partners and this node). */
    static final class Directory implements Provenance.Keys {
        private final Map<String, PublicKey> keys;
        private final Map<String, String> names;

        private Directory(Map<String, PublicKey> keys, Map<String, String> names) {
            this.keys = keys;
            this.names = names;
        }

        static Directory build(NodeIdentity me, List<Peer> peers, List<SharingPolicy.PartnerKey> partners) {
            Map<String, PublicKey> keys = new LinkedHashMap<>();
            Map<String, String> names = new LinkedHashMap<>();
            for (SharingPolicy.PartnerKey p : partners) {
                if (p.identityId() != null && p.publicKey() != null) {
                    keys.put(p.identityId(), Ed25519.decodePublicKey(p.publicKey()));
                    names.put(p.identityId(), p.name());
                }
            }
            for (Peer p : peers) {
                String id = p.identityId();
                if (id == null) {
                    id = partners.stream().filter(k -> k.name().equals(p.name())).map(SharingPolicy.PartnerKey::identityId)
                            .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                }
                if (id != null) {
                    keys.put(id, Ed25519.decodePublicKey(p.publicKey()));
                    names.put(id, p.name());
                }
            }
            keys.put(me.id(), me.publicKey());
            names.put(me.id(), "self");
            return new Directory(Map.copyOf(keys), Map.copyOf(names));
        }

        @Override
        public PublicKey keyOf(String identityId) {
            return keys.get(identityId);
        }

        /** The partner name of an identity, or the identity id itself when it is not a partner here. */
        String nameOf(String identityId) {
            return names.getOrDefault(identityId, identityId);
        }
    }
}
