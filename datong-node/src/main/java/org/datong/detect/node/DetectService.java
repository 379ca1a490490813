package org.datong.detect.node;

import org.datong.detect.FieldMapping;
import org.datong.detect.IndicatorIndex;
import org.datong.detect.LogFormat;
import org.datong.detect.Matcher;
import org.datong.detect.Observable;
import org.datong.detect.SeenRecord;
import org.datong.detect.Sightings;
import org.datong.detect.StixIndicators;
import org.datong.detect.WarningLists;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.datong.store.Database;
import org.datong.store.ObjectQuery;
import org.datong.store.ObjectStore;
import org.datong.store.Page;
import org.datong.store.StoredCollection;
import org.datong.store.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Detection inside a running node: keeps an index of the active indicators of
 * the node's collections, matches telemetry that arrives over HTTP or syslog,
 * stores the resulting sightings (with their observed-data and SCO) in the
 * collection of the indicator they sight, and rebuilds the index when
 * indicators are added or revoked, retro-hunting the new ones in the record
 * of what telemetry already showed.
 *
 * <p>Threads: a single "detect" worker rebuilds indexes, flushes sighting
 * windows and writes the record of seen values to the database; telemetry is
 * matched on the caller's thread (HTTP handler, one thread per syslog TCP
 * connection, one for UDP); index swaps never block them, and they only add
 * to the in-memory batch of seen values ({@link SeenRecord}), which the
 * worker drains into the durable record ({@link SeenStore}).
 *
 * <p>Sightings (first versions and updates) are stored off the matching
 * threads: matching puts them in a bounded queue (and waits when it is full,
 * so a burst slows matching rather than losing sightings); a "detect-sightings"
 * writer stores each batch it drains in one transaction per collection and
 * hands the stored sightings to a "detect-webhook" poster, which retries a
 * failed post a few times with backoff. Closing drains both queues.
 */
public final class DetectService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectService.class);
    /** Longest syslog datagram read (RFC 5426 allows up to the UDP limit). */
    private static final int MAX_DATAGRAM = 65_535;
    /** Problems quoted back to an HTTP client per request. */
    private static final int QUOTED_PROBLEMS = 20;

    private final ObjectStore store;
    private final Predicate<String> ownCollection;
    private final Clock clock;
    private final DetectConfig config;
    private final String identityId;
    private final Matcher matcher;
    private final Sightings sightings;
    /** Values seen since the last write to {@link #seenStore}: the in-memory batch. */
    private final SeenRecord seen;
    private final SeenStore seenStore;
    /** The most distinct values held in memory between two writes of the record. */
    static final int SEEN_BATCH = 200_000;
    /** How often the worker checks whether the batch of seen values is half full and writes it early. */
    private static final Duration SEEN_CHECK = Duration.ofSeconds(1);
    private final ScheduledExecutorService worker;
    private final AtomicBoolean rebuildQueued = new AtomicBoolean();
    /** The time (epoch ms) of the rebuild arranged for the next indicator to become valid; 0 when none. */
    private final long[] pendingActivation = {0};
    /**
     * A rebuild reads every active indicator from the store, so under a steady
     * stream of new indicators rebuilds are spaced: the next starts no sooner
     * than {@link #MIN_REBUILD_GAP} after the last ended, and no sooner than
     * {@link #REBUILD_GAP_FACTOR} times its duration, which keeps rebuilding
     * to about a ninth of one core while ingest runs at full speed.
     */
    private static final Duration MIN_REBUILD_GAP = Duration.ofSeconds(1);
    private static final int REBUILD_GAP_FACTOR = 8;
    private volatile long nextRebuildNanos = System.nanoTime();
    /**
     * Whether this node matches telemetry at all: from start-up when a syslog
     * listener is configured, else from the first telemetry it is sent. Until
     * then new indicators cost nothing (a node that only shares keeps no
     * index up to date); activation builds the index from the store first.
     */
    private volatile boolean active;
    /** Where each indexed indicator is stored, replaced whole by each rebuild. */
    private volatile Map<String, Home> homes = Map.of();

    /**
     * Where the sightings of an indicator go: its collection, and its markings,
     * which the sighting, observed-data and SCO carry too (they reveal the
     * indicator's value, so they are shared no more widely than it is).
     */
    private record Home(String collection, JsonValue markings) {
    }
    private final AtomicLong stored = new AtomicLong();
    /** Later versions of stored sightings (more hits within their window). */
    private final AtomicLong updated = new AtomicLong();
    private final AtomicLong retroSightings = new AtomicLong();
    /** Seen values lost because the database failed and the in-memory batch was full. */
    private final AtomicLong seenDropped = new AtomicLong();
    /** Whether the last write of the seen record failed (guarded by this). */
    private boolean writeFailing;
    /** Whether a drop was logged during the current failure (guarded by this). */
    private boolean droppedLogged;
    private static final SeenRecord.Snapshot EMPTY = new SeenRecord.Snapshot(List.of());
    private final HttpClient webhookClient;
    /** Sightings emitted by matching and not yet stored; bounded, so a burst waits for the writer instead of dropping. */
    static final int SIGHTING_QUEUE = 10_000;
    /** The most sightings the writer stores in one transaction. */
    static final int SIGHTING_BATCH = 2_000;
    private final BlockingQueue<Sightings.Emitted> pending = new ArrayBlockingQueue<>(SIGHTING_QUEUE);
    /** Sightings put in {@link #pending}, and those the writer has finished with (stored or failed); guarded by writtenLock for waits. */
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Object writtenLock = new Object();
    private final Thread writer;
    private volatile boolean stopWriter;
    /** Sightings the database did not take (logged). */
    private final AtomicLong sightingsFailed = new AtomicLong();
    /** Stored sightings waiting to be posted to the webhook; when full, a post is given up, logged and counted. */
    static final int WEBHOOK_QUEUE = 10_000;
    /** Attempts per webhook post, and the wait before the first retry (doubled for each later one). */
    static final int WEBHOOK_ATTEMPTS = 4;
    static final Duration WEBHOOK_BACKOFF = Duration.ofMillis(500);
    private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(10);
    private final BlockingQueue<Sightings.Emitted> webhookQueue = new ArrayBlockingQueue<>(WEBHOOK_QUEUE);
    private final Thread webhookPoster;
    private volatile boolean stopWebhook;
    /** Sightings the webhook did not take after every attempt, or that did not fit in its queue. */
    private final AtomicLong webhookFailures = new AtomicLong();
    private final AtomicBoolean webhookFailing = new AtomicBoolean();
    private volatile boolean closed;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private final List<Thread> listeners = new ArrayList<>();
    /** Active indicators of the last rebuild; null before the first, when the hunted-through positions decide. */
    private Set<String> knownIndicators;
    /** Per collection, how many indicators that can never match the last rebuild logged (logged again when it changes). */
    private final Map<String, Integer> neverMatchLogged = new HashMap<>();
    /** Per collection, the date_added through which indicators were hunted, as persisted. */
    private Map<String, Long> huntedThrough;

    private DetectService(Database db, ObjectStore store, Predicate<String> ownCollection, Clock clock, String identityId,
                          DetectConfig config) throws IOException {
        this.store = store;
        this.ownCollection = ownCollection;
        this.clock = clock;
        this.config = config;
        this.identityId = identityId;
        this.seen = new SeenRecord(config.retroWindow(), Math.min(SEEN_BATCH, config.retroCapacity()));
        this.seenStore = new SeenStore(db, config.retroWindow(), config.retroCapacity(), clock.instant());
        this.huntedThrough = seenStore.huntedThrough();
        // early: a sighting is stored at its first hit, and updated when its window closes
        this.sightings = new Sightings(clock, identityId, config.window(), UUID::randomUUID, this::enqueue, true);
        this.matcher = new Matcher(IndicatorIndex.empty(), warnings(config), mapping(config), clock, sightings::add);
        matcher.recordSeen(seen);
        this.webhookClient = config.webhook() == null ? null : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.webhookPoster = webhookClient == null ? null
                : Thread.ofPlatform().daemon().name("detect-webhook").start(this::postWebhooks);
        this.writer = Thread.ofPlatform().daemon().name("detect-sightings").start(this::writeSightings);
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "detect");
            t.setDaemon(true);
            return t;
        });
        // a node that matched telemetry within the retro-hunt window keeps matching after a restart, and
        // hunts the indicators stored since its last rebuild (imported while it was stopped, for instance)
        this.active = config.syslogPort() >= 0 || seenStore.rows() > 0;
        if (active) {
            rebuild();
        }
        store.addListener(this::stored);
        long every = config.flushEvery().toMillis();
        worker.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.MILLISECONDS);
        worker.scheduleWithFixedDelay(this::writeSeenIfLarge, SEEN_CHECK.toMillis(), SEEN_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        if (config.syslogPort() >= 0) {
            startSyslog();
        }
    }

    /**
     * Builds the index from the store and starts the listeners the configuration asks for.
     *
     * @param ownCollection which collections hold the node's own intelligence: without
     *                      {@code collections} in the configuration, those are watched
     *                      (not the federation inbox and outboxes, which carry copies in transit)
     */
    public static DetectService start(Database db, ObjectStore store, Predicate<String> ownCollection, Clock clock,
                                      String identityId, DetectConfig config) {
        try {
            return new DetectService(db, store, ownCollection, clock, identityId, config);
        } catch (IOException e) {
            throw new IllegalArgumentException("detection: " + e.getMessage(), e);
        }
    }

    private static FieldMapping mapping(DetectConfig c) throws IOException {
        if (c.fields() == null) {
            return FieldMapping.defaults();
        }
        try (java.io.Reader r = java.nio.file.Files.newBufferedReader(c.fields(), java.nio.charset.StandardCharsets.UTF_8)) {
            return FieldMapping.defaults().with(r, c.fields().toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("the field mapping " + c.fields() + " does not exist", e);
        }
    }

    private static WarningLists warnings(DetectConfig c) throws IOException {
        WarningLists.Builder b = WarningLists.builder().addDefaults();
        for (java.nio.file.Path p : c.warningFiles()) {
            try (InputStream in = DetectInputs.open(p.toString())) {
                b.addPlain(p.getFileName().toString(), in);
            }
        }
        for (java.nio.file.Path p : c.mispWarnings()) {
            for (java.nio.file.Path f : DetectInputs.mispListFiles(p)) {
                try (InputStream in = DetectInputs.open(f.toString())) {
                    b.addMisp(in, f.toString());
                }
            }
        }
        return b.build();
    }

    // ------------------------------------------------------------------ index

    private List<String> watched() {
        if (!config.collections().isEmpty()) {
            return config.collections();
        }
        return store.collections().stream().map(StoredCollection::id).filter(ownCollection).toList();
    }

    /**
     * Rebuilds the index from the store, swaps it in and retro-hunts the
     * indicators that were not indexed before: those not active at the last
     * rebuild, or, at the first rebuild after start-up, those stored after the
     * persisted hunted-through position of their collection.
     */
    private synchronized void rebuild() {
        IndicatorIndex.Builder all = IndicatorIndex.builder();
        Map<String, Home> where = new HashMap<>();
        List<JsonObject> fresh = new ArrayList<>();
        Set<String> known = knownIndicators;
        Map<String, Long> through = new HashMap<>(huntedThrough);
        Set<String> now = new HashSet<>();
        Instant at = clock.instant();
        long nextValid = Long.MAX_VALUE;
        for (String c : watched()) {
            List<StoredObject> stored = indicators(c);
            List<JsonObject> objects = new ArrayList<>(stored.size());
            long before = huntedThrough.getOrDefault(c, Long.MIN_VALUE);
            for (StoredObject so : stored) {
                JsonObject o = so.parse();
                objects.add(o);
                String id = o.getString("id");
                where.putIfAbsent(id, new Home(c, o.get("object_marking_refs")));
                long added = so.dateAdded().toEpochMilli();
                through.merge(c, added, Math::max);
                nextValid = Math.min(nextValid, validFromAfter(o, at));
                if (StixIndicators.active(o, at)) {
                    now.add(id);
                    if (known != null ? !known.contains(id) : added > before) {
                        fresh.add(o);
                    }
                }
            }
            StixIndicators.Report r = StixIndicators.load(all, objects, at);
            r.rejected().forEach(why -> LOG.warn("detection: collection {}: indicator rejected: {}", c, why));
            Integer logged = neverMatchLogged.put(c, r.neverMatch().size());
            if (!r.neverMatch().isEmpty() && (logged == null || logged != r.neverMatch().size())) {
                LOG.warn("detection: collection {}: {} indicators have a pattern that can never match, e.g. {}", c,
                        r.neverMatch().size(), r.neverMatch().getFirst());
            }
        }
        IndicatorIndex index = all.build();
        homes = Map.copyOf(where);
        Duration pause;
        SeenRecord.Snapshot batch;
        synchronized (seen) {
            // values recorded up to here were matched against the old index: those the retro-hunt looks at
            pause = matcher.swap(index);
            batch = seen.drain();
        }
        LOG.info("detection: index of {} entries from {} indicators swapped in ({} µs)", index.entries(), index.sources(),
                pause.toNanos() / 1000);
        // values the database did not take are kept in memory for the next write, and hunted from there now
        SeenRecord.Snapshot unwritten = writeSeen(batch);
        if (!fresh.isEmpty() && (seenStore.rows() > 0 || !unwritten.entries().isEmpty())) {
            IndicatorIndex.Builder nb = IndicatorIndex.builder();
            StixIndicators.load(nb, fresh, at);
            IndicatorIndex freshIndex = nb.build();
            Instant huntAt = clock.instant();
            List<SeenRecord.PastHit> past;
            try {
                past = seenStore.hunt(freshIndex, matcher.warnings(), huntAt);
            } catch (RuntimeException e) {
                // the new indicators stay unknown, so the next rebuild hunts them again
                throw new IllegalStateException("the index is swapped in, but retro-hunting " + fresh.size()
                        + " new indicators failed; they are hunted at the next rebuild", e);
            }
            long cutoff = huntAt.toEpochMilli() - config.retroWindow().toMillis();
            for (Map.Entry<Observable, long[]> e : unwritten.entries()) {
                long[] v = e.getValue();
                if (v[1] >= cutoff) {
                    SeenRecord.pastHits(e.getKey(), v[0], v[1], v[2], freshIndex, matcher.warnings(), past);
                }
            }
            for (SeenRecord.PastHit p : past) {
                retroSightings.incrementAndGet();
                sightings.add(p.hit(), p.firstSeen(), p.lastSeen(), p.count());
            }
            if (!past.isEmpty()) {
                sightings.flushAll();
                awaitStored();
            }
            LOG.info("detection: retro-hunted {} new indicators in {} seen values: {} past hits", fresh.size(),
                    seenStore.rows() + unwritten.entries().size(), past.size());
        }
        knownIndicators = Set.copyOf(now);
        // written after the hunt's sightings are stored: a crash in between hunts again rather than never
        seenStore.setHuntedThrough(huntedThrough, through);
        huntedThrough = through;
        rebuildAt(nextValid);
    }

    /** The valid_from of an indicator that is not revoked and becomes valid after {@code now}; else Long.MAX_VALUE. */
    private static long validFromAfter(JsonObject o, Instant now) {
        if (o.getBoolean("revoked", false)) {
            return Long.MAX_VALUE;
        }
        org.datong.stix.Timestamp from = org.datong.stix.Timestamp.parseOrNull(o.getString("valid_from"));
        org.datong.stix.Timestamp until = org.datong.stix.Timestamp.parseOrNull(o.getString("valid_until"));
        if (from == null || !from.instant().isAfter(now) || (until != null && !until.instant().isAfter(from.instant()))) {
            return Long.MAX_VALUE;
        }
        return from.instant().toEpochMilli();
    }

    /**
     * Writes a batch of seen values to the durable record. When the database
     * fails, the values it did not take go back into the in-memory batch,
     * merged with what arrived since, and are written at the next flush; what
     * no longer fits there is dropped and counted ({@code seen_dropped}).
     * A failure, the first drop and the recovery are each logged once.
     *
     * @return the values that were not written (empty when all were)
     */
    private synchronized SeenRecord.Snapshot writeSeen(SeenRecord.Snapshot batch) {
        try {
            seenStore.merge(batch, clock.instant());
        } catch (SeenStore.WriteFailed e) {
            SeenRecord.Snapshot unwritten = e.unwritten();
            int dropped = seen.restore(unwritten);
            seenDropped.addAndGet(dropped);
            if (!writeFailing) {
                writeFailing = true;
                LOG.warn("detection: the retro-hunt record could not take {} values ({}); they are kept in memory and "
                        + "written again at every flush (flush_every {}); at most {} are held", unwritten.entries().size(),
                        rootMessage(e), config.flushEvery(), seenBatch());
            }
            if (dropped > 0 && !droppedLogged) {
                droppedLogged = true;
                LOG.warn("detection: {} seen values dropped: the retro-hunt record still cannot be written and the "
                        + "in-memory batch is full ({} values); further drops are counted in seen_dropped", dropped,
                        seenBatch());
            }
            return unwritten;
        }
        if (writeFailing) {
            writeFailing = false;
            droppedLogged = false;
            LOG.info("detection: the retro-hunt record is written again; {} values dropped in all (seen_dropped)",
                    seenDropped.get());
        }
        return EMPTY;
    }

    /** Writes the in-memory batch of seen values to the durable record now; returns how many stay in memory. */
    public synchronized int writeSeen() {
        return writeSeen(seen.drain()).entries().size();
    }

    private int seenBatch() {
        return Math.min(SEEN_BATCH, config.retroCapacity());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    private void writeSeenIfLarge() {
        try {
            // while the database fails, the flush retries; no extra attempts every second
            if (!writeFailing && seen.size() >= seenBatch() / 2) {
                writeSeen();
            }
        } catch (RuntimeException e) {
            LOG.error("detection: writing the retro-hunt record failed", e);
        }
    }

    private List<StoredObject> indicators(String collection) {
        List<StoredObject> out = new ArrayList<>();
        ObjectQuery q = ObjectQuery.all().withTypes(Set.of("indicator"));
        while (true) {
            Page page = store.objects(collection, q);
            out.addAll(page.objects());
            if (!page.more() || page.next() == null) {
                return out;
            }
            q = q.withNext(page.next());
        }
    }

    /** Starts keeping the index up to date, building it now when this is the first telemetry. */
    private void activate() {
        if (!active) {
            synchronized (this) {
                if (!active) {
                    rebuild();
                    active = true;
                }
            }
        }
    }

    private void stored(String collection, List<StoredObject> objects) {
        if (closed || !active || (config.collections().isEmpty() ? !ownCollection.test(collection)
                : !config.collections().contains(collection))) {
            return;
        }
        for (StoredObject o : objects) {
            if ("indicator".equals(o.type())) {
                queueRebuild();
                return;
            }
        }
    }

    /** Runs a rebuild on the worker, spaced from the last one; at most one is queued at a time. */
    private void queueRebuild() {
        if (closed || !rebuildQueued.compareAndSet(false, true)) {
            return;
        }
        long delay = Math.max(0, nextRebuildNanos - System.nanoTime());
        worker.schedule(() -> {
            rebuildQueued.set(false);
            long start = System.nanoTime();
            try {
                rebuild();
            } catch (RuntimeException e) {
                LOG.error("detection: rebuilding the index failed", e);
            } finally {
                long end = System.nanoTime();
                nextRebuildNanos = end + Math.max(MIN_REBUILD_GAP.toNanos(), REBUILD_GAP_FACTOR * (end - start));
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    /**
     * Arranges a rebuild when the earliest indicator that is not valid yet
     * ({@code valid_from} in the future) becomes valid, so it starts matching,
     * and is retro-hunted, without waiting for other indicators to arrive.
     */
    private void rebuildAt(long millis) {
        if (millis == Long.MAX_VALUE || closed) {
            return;
        }
        synchronized (pendingActivation) {
            if (pendingActivation[0] != 0 && pendingActivation[0] <= millis) {
                return;
            }
            pendingActivation[0] = millis;
        }
        long delay = Math.max(0, millis - clock.millis()) + 1;
        try {
            worker.schedule(() -> {
                synchronized (pendingActivation) {
                    if (pendingActivation[0] != millis) {
                        return; // an earlier one was arranged since, and will arrange the next
                    }
                    pendingActivation[0] = 0;
                }
                queueRebuild();
            }, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("detection: closing, no rebuild at {}", millis);
        }
    }

    // ------------------------------------------------------------------ telemetry

    /** The outcome of matching one batch of telemetry. */
    public record Result(long events, long hits, long rejected, List<String> problems) {
    }

    /** Matches telemetry (JSON lines by default) from a stream, e.g. an HTTP request body. */
    public Result ingest(InputStream body, LogFormat format, String input) throws IOException {
        activate();
        Matcher.Stats before = matcher.stats();
        List<String> problems = new ArrayList<>();
        matcher.process(DetectInputs.gunzipIfNeeded(body), format, input, p -> {
            if (problems.size() < QUOTED_PROBLEMS) {
                problems.add(p);
            }
        });
        Matcher.Stats after = matcher.stats();
        return new Result(after.events() - before.events(), after.hits() - before.hits(), after.rejected() - before.rejected(), problems);
    }

    /** Emits sighting windows that have closed and stores them; writes the values seen to the durable record. */
    public void flush() {
        try {
            sightings.flush(clock.instant());
        } catch (RuntimeException e) {
            LOG.error("detection: flushing sightings failed", e);
        }
        try {
            writeSeen();
        } catch (RuntimeException e) {
            LOG.error("detection: writing the retro-hunt record failed", e);
        }
    }

    /** Emits every open sighting window now and waits until the writer has stored them (tests, shutdown). */
    public void flushAll() {
        sightings.flushAll();
        awaitStored();
    }

    /**
     * Hands an emitted sighting to the writer. When the queue is full the
     * matching thread waits (back-pressure); once the writer has stopped
     * (shutdown), the sighting is stored on the calling thread.
     */
    private void enqueue(Sightings.Emitted e) {
        boolean interrupted = false;
        try {
            while (true) {
                if (!writer.isAlive()) {
                    storeSightings(List.of(e));
                    return;
                }
                try {
                    if (pending.offer(e, 100, TimeUnit.MILLISECONDS)) {
                        enqueued.incrementAndGet();
                        return;
                    }
                } catch (InterruptedException x) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until every sighting queued before this call has been stored (or failed), or the writer has stopped. */
    void awaitStored() {
        long target = enqueued.get();
        synchronized (writtenLock) {
            while (written.get() < target && writer.isAlive()) {
                try {
                    writtenLock.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The writer: drains the queue in batches, each stored in one transaction per collection, until closed and empty. */
    private void writeSightings() {
        List<Sightings.Emitted> batch = new ArrayList<>();
        while (true) {
            Sightings.Emitted first;
            try {
                first = pending.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = pending.poll();
            }
            if (first == null) {
                if (stopWriter) {
                    return;
                }
                continue;
            }
            batch.add(first);
            pending.drainTo(batch, SIGHTING_BATCH - 1);
            try {
                storeSightings(batch);
            } catch (RuntimeException e) {
                LOG.error("detection: storing {} sightings failed", batch.size(), e);
            } finally {
                written.addAndGet(batch.size());
                synchronized (writtenLock) {
                    writtenLock.notifyAll();
                }
                batch.clear();
            }
        }
    }

    /**
     * Stores a batch of sightings (with their observed-data and SCO) in the
     * collections of their indicators, one {@code store.add} (one transaction)
     * per collection, then hands them to the webhook. A failed write is
     * logged and counted ({@code sightings_failed}); it never stops the
     * sightings of other collections or later batches.
     */
    private void storeSightings(List<Sightings.Emitted> batch) {
        Map<String, Set<JsonObject>> objects = new LinkedHashMap<>();
        Map<String, List<Sightings.Emitted>> emitted = new LinkedHashMap<>();
        for (Sightings.Emitted e : batch) {
            String indicator = e.sighting().getString("sighting_of_ref");
            Home home = homes.get(indicator);
            if (home == null) {
                sightingsFailed.incrementAndGet();
                LOG.warn("detection: sighting of {} not stored: the indicator is no longer in a watched collection", indicator);
                continue;
            }
            Set<JsonObject> into = objects.computeIfAbsent(home.collection(), c -> new LinkedHashSet<>());
            for (JsonObject o : List.of(e.sco(), e.observedData(), e.sighting())) {
                JsonObject marked = home.markings() == null ? o : o.with("object_marking_refs", home.markings());
                // the same SCO or observed-data version comes with a sighting's update: once per transaction
                into.add(marked);
            }
            emitted.computeIfAbsent(home.collection(), c -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<String, Set<JsonObject>> c : objects.entrySet()) {
            List<Sightings.Emitted> these = emitted.get(c.getKey());
            try {
                store.add(c.getKey(), List.copyOf(c.getValue()));
            } catch (RuntimeException x) {
                sightingsFailed.addAndGet(these.size());
                LOG.error("detection: {} sightings could not be stored in collection {}: {}", these.size(), c.getKey(),
                        rootMessage(x));
                continue;
            }
            for (Sightings.Emitted e : these) {
                (e.update() ? updated : stored).incrementAndGet();
                if (webhookPoster != null && !webhookQueue.offer(e)) {
                    webhookFailures.incrementAndGet();
                    if (webhookFailing.compareAndSet(false, true)) {
                        LOG.warn("detection: webhook {} falls behind ({} sightings waiting); sightings that do not fit are "
                                + "stored but not posted, counted in webhook_failures", config.webhook(), WEBHOOK_QUEUE);
                    }
                }
            }
        }
    }

    /** The webhook poster: posts stored sightings one by one until closed and its queue is empty. */
    private void postWebhooks() {
        while (true) {
            Sightings.Emitted e;
            try {
                e = webhookQueue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException x) {
                return;
            }
            if (e == null) {
                if (stopWebhook) {
                    return;
                }
                continue;
            }
            if (!postToWebhook(e)) {
                return; // interrupted at shutdown
            }
        }
    }

    /**
     * Posts a stored sighting's line to the webhook, retrying a failure
     * ({@link #WEBHOOK_ATTEMPTS} attempts, waits doubling from
     * {@link #WEBHOOK_BACKOFF}); a final failure is logged and counted
     * ({@code webhook_failures}) and never stops the sightings after it.
     *
     * @return false when interrupted (shutdown)
     */
    private boolean postToWebhook(Sightings.Emitted e) {
        String id = e.sighting().getString("id");
        String why = null;
        long wait = WEBHOOK_BACKOFF.toMillis();
        for (int attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt++) {
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(config.webhook()))
                        .timeout(WEBHOOK_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(e.line())))
                        .build();
                HttpResponse<Void> r = webhookClient.send(req, HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() < 300) {
                    if (webhookFailing.compareAndSet(true, false)) {
                        LOG.info("detection: webhook {} takes sightings again; {} not posted in all (webhook_failures)",
                                config.webhook(), webhookFailures.get());
                    }
                    return true;
                }
                why = "HTTP " + r.statusCode();
            } catch (IOException | RuntimeException x) {
                why = x.getMessage() != null ? x.getMessage() : x.toString();
            } catch (InterruptedException x) {
                webhookFailures.incrementAndGet();
                LOG.warn("detection: webhook {}: sighting {} not posted: shutting down", config.webhook(), id);
                return false;
            }
            if (attempt < WEBHOOK_ATTEMPTS) {
                LOG.debug("detection: webhook {} did not take sighting {} (attempt {}): {}; retrying in {} ms",
                        config.webhook(), id, attempt, why, wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException x) {
                    webhookFailures.incrementAndGet();
                    LOG.warn("detection: webhook {}: sighting {} not posted: shutting down", config.webhook(), id);
                    return false;
                }
                wait *= 2;
            }
        }
        webhookFailures.incrementAndGet();
        webhookFailing.set(true);
        LOG.warn("detection: webhook {} did not take sighting {} after {} attempts: {}; it stays stored", config.webhook(),
                id, WEBHOOK_ATTEMPTS, why);
        return true;
    }

    /** Counters for the stats endpoint. */
    public JsonObject stats() {
        Matcher.Stats s = matcher.stats();
        IndicatorIndex idx = matcher.index();
        JsonObject.Builder sup = JsonObject.builder();
        matcher.warnings().suppressedCounts().forEach((k, v) -> sup.put(k, v));
        return JsonObject.builder()
                .put("active", active)
                .put("events", s.events())
                .put("bytes", s.bytes())
                .put("hits", s.hits())
                .put("suppressed", s.suppressed())
                .put("suppressed_by_list", sup.build())
                .put("rejected", s.rejected())
                .put("index_entries", idx.entries())
                .put("index_sources", idx.sources())
                .put("index_heap_bytes", idx.heapBytes())
                .put("index_swaps", s.swaps())
                .put("max_swap_micros", s.maxSwap().toNanos() / 1000)
                .put("sightings_stored", stored.get())
                .put("sighting_updates", updated.get())
                .put("sightings_queued", pending.size())
                .put("sightings_failed", sightingsFailed.get())
                .put("webhook_queued", webhookQueue.size())
                .put("webhook_failures", webhookFailures.get())
                .put("retro_hunt_sightings", retroSightings.get())
                .put("seen_values", seenStore.rows())
                .put("seen_pending", seen.size())
                .put("seen_overflow", seen.overflow() + seenStore.overflow())
                .put("seen_outside_window", seen.outsideWindow())
                .put("seen_dropped", seenDropped.get())
                .putIfNotNull("syslog_port", syslogPort() < 0 ? null : org.datong.stix.json.JsonValue.of(syslogPort()))
                .build();
    }

    // ------------------------------------------------------------------ syslog

    /** The bound syslog port, or -1 when the listener is off. */
    public int syslogPort() {
        return tcp == null ? -1 : tcp.getLocalPort();
    }

    private void startSyslog() throws IOException {
        InetAddress host = InetAddress.getByName(config.syslogHost());
        tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(host, config.syslogPort()));
        udp = new DatagramSocket(new InetSocketAddress(host, tcp.getLocalPort()));
        Consumer<String> log = p -> LOG.debug("detection: syslog: {}", p);
        Thread udpThread = Thread.ofPlatform().daemon().name("detect-syslog-udp").start(() -> {
            byte[] buf = new byte[MAX_DATAGRAM];
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            while (!closed) {
                try {
                    udp.receive(packet);
                    int end = packet.getLength();
                    while (end > 0 && (buf[end - 1] == '\n' || buf[end - 1] == '\r')) {
                        end--;
                    }
                    matcher.processEvent(buf, 0, end, LogFormat.SYSLOG, "syslog-udp:" + packet.getAddress().getHostAddress(), log);
                } catch (IOException e) {
                    if (!closed) {
                        LOG.warn("detection: syslog UDP receive failed: {}", e.getMessage());
                    }
                }
            }
        });
        Thread tcpThread = Thread.ofPlatform().daemon().name("detect-syslog-tcp").start(() -> {
            while (!closed) {
                try {
                    Socket s = tcp.accept();
                    Thread.ofVirtual().name("detect-syslog-conn").start(() -> {
                        String from = s.getInetAddress().getHostAddress();
                        try (s; InputStream in = new SyslogFraming(s.getInputStream())) {
                            matcher.process(in, LogFormat.SYSLOG, "syslog-tcp:" + from, log);
                        } catch (SyslogFraming.BadFrame e) {
                            LOG.warn("detection: syslog connection from {} closed: {}; what came before was matched", from,
                                    e.getMessage());
                        } catch (IOException e) {
                            LOG.debug("detection: syslog connection ended: {}", e.getMessage());
                        }
                    });
                } catch (IOException e) {
                    if (!closed) {
                        LOG.warn("detection: syslog TCP accept failed: {}", e.getMessage());
                    }
                }
            }
        });
        listeners.add(udpThread);
        listeners.add(tcpThread);
        LOG.info("detection: syslog listener on {}:{} (TCP and UDP)", config.syslogHost(), tcp.getLocalPort());
    }

    private static void join(Thread t, Duration max) {
        try {
            t.join(max);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException e) {
            LOG.debug("closing syslog TCP: {}", e.getMessage());
        }
        if (udp != null) {
            udp.close();
        }
        worker.shutdown();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sightings.flushAll();
        } catch (RuntimeException e) {
            LOG.warn("detection: storing the last sightings at shutdown failed: {}", e.getMessage());
        }
        // the writer stores what is queued, then stops; what arrives after is stored by its sender
        stopWriter = true;
        join(writer, Duration.ofSeconds(60));
        if (writer.isAlive()) {
            LOG.warn("detection: {} sightings were still waiting to be stored at shutdown", pending.size());
        } else {
            List<Sightings.Emitted> late = new ArrayList<>();
            pending.drainTo(late);
            if (!late.isEmpty()) {
                storeSightings(late);
            }
        }
        if (webhookPoster != null) {
            stopWebhook = true;
            join(webhookPoster, WEBHOOK_TIMEOUT);
            if (webhookPoster.isAlive()) {
                webhookPoster.interrupt();
                join(webhookPoster, Duration.ofSeconds(1));
            }
            int left = webhookQueue.size();
            if (left > 0) {
                webhookFailures.addAndGet(left);
                LOG.warn("detection: {} stored sightings were not posted to webhook {} at shutdown", left, config.webhook());
            }
        }
        try {
            int left = writeSeen();
            if (left > 0) {
                LOG.warn("detection: {} seen values could not be written to the retro-hunt record at shutdown and are lost",
                        left);
            }
        } catch (RuntimeException e) {
            LOG.warn("detection: writing the retro-hunt record at shutdown failed: {}", e.getMessage());
        }
    }
}
