package org.datong.detect;

import org.datong.stix.ScoIds;
import org.datong.stix.Timestamp;
import org.datong.stix.json.Canonical;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonString;
import org.datong.stix.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Turns hits into STIX 2.1 Sightings (section 5.2), aggregated so that a noisy
 * value does not produce a sighting per event: all hits of one indicator on
 * one value whose time falls within {@code window} of the first become one
 * sighting with {@code count}, {@code first_seen} and {@code last_seen}.
 * Hits read out of order never stretch a sighting beyond the window: an
 * earlier hit that does not fit opens a sighting of its own.
 *
 * <p>Each emitted sighting comes with a compact observed-data (section 4.14)
 * whose {@code object_refs} name the one SCO that matched, with the
 * deterministic id {@link ScoIds} gives it; {@code where_sighted_refs} names
 * the node's identity when one is known. Thread-safe.
 */
public final class Sightings {
    /**
     * A sighting with the objects it refers to that travel with it.
     *
     * @param update true when this is a later version (same ids, later {@code modified}) of a sighting emitted
     *               before, at its first hit
     */
    public record Emitted(JsonObject sighting, JsonObject observedData, JsonObject sco, boolean update) {
        /**
         * The sighting as one JSON line: the Sighting object with the
         * observed-data and SCO it refers to under {@code x_datong_observed_data}.
         */
        public JsonObject line() {
            return sighting.with("x_datong_observed_data", JsonArray.of(List.of(observedData, sco)));
        }
    }

    private final Clock clock;
    private final String identityId;
    private final Duration window;
    private final Supplier<UUID> ids;
    private final Consumer<Emitted> out;
    private final boolean early;
    /** Open sightings by indicator and value: a chain, one per window that hits read out of order opened. */
    private final Map<String, Bucket> open = new LinkedHashMap<>();
    /** Most open sightings of one indicator and value; bounds memory when hits come in no order at all. */
    static final int MAX_OPEN_PER_VALUE = 16;
    private long emitted;

    private static final class Bucket {
        final Hit first;
        long firstMillis;
        long lastMillis;
        long count;
        /** The next open sighting of the same indicator and value (hits read out of order). */
        Bucket next;
        /** Ids and creation time, fixed at the first emission so later versions keep them. */
        String sightingId;
        String observedDataId;
        Instant created;
        long modifiedMillis;
        /** What the last emitted version said; a close that changes nothing emits nothing more. */
        long publishedFirst;
        long publishedLast;
        long publishedCount;

        Bucket(Hit first, long firstMillis, long lastMillis, long count) {
            this.first = first;
            this.firstMillis = firstMillis;
            this.lastMillis = lastMillis;
            this.count = count;
        }
    }

    /**
     * @param clock      stamps {@code created} and {@code modified}
     * @param identityId the node's identity for {@code where_sighted_refs} and {@code created_by_ref}, or null
     * @param window     how long hits of one indicator on one value are folded into one sighting
     * @param ids        UUIDs for the sighting and observed-data ids
     * @param out        receives each sighting when its window closes
     */
    public Sightings(Clock clock, String identityId, Duration window, Supplier<UUID> ids, Consumer<Emitted> out) {
        this(clock, identityId, window, ids, out, false);
    }

    /**
     * @param early when true, a sighting is emitted at once when its first hit
     *              opens it (an early warning need not wait for the window),
     *              and again, as a new version with the same ids and a later
     *              {@code modified}, when its window closes, if more hits came
     */
    public Sightings(Clock clock, String identityId, Duration window, Supplier<UUID> ids, Consumer<Emitted> out, boolean early) {
        this.early = early;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.identityId = identityId;
        this.window = Objects.requireNonNull(window, "window");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Adds one hit. */
    public void add(Hit hit) {
        add(hit, hit.time(), hit.time(), 1);
    }

    /**
     * Adds a hit that stands for {@code count} sightings between two times (a retro-hunt result).
     *
     * <p>The hit joins an open sighting of the same indicator and value when
     * all their times together still span less than the window; otherwise it
     * opens a sighting of its own, so hits read out of order (one log after
     * another, an old log sent late) never stretch a sighting beyond the
     * window. Open sightings whose window this hit's time has passed are
     * emitted; at most {@link #MAX_OPEN_PER_VALUE} stay open per indicator and
     * value (the earliest is emitted to make room).
     */
    public void add(Hit hit, Instant firstSeen, Instant lastSeen, long count) {
        List<Emitted> ready = null;
        long w = window.toMillis();
        long f = firstSeen.toEpochMilli();
        long l = lastSeen.toEpochMilli();
        synchronized (this) {
            String key = hit.indicatorId() + "\n" + hit.observed();
            Bucket head = open.get(key);
            Bucket fit = null;
            Bucket earliest = null;
            int n = 0;
            Bucket prev = null; // the last bucket kept so far
            for (Bucket b = head; b != null; b = b.next) {
                if (f - b.firstMillis >= w) {
                    // time has moved past this one's window: it is complete
                    if (prev == null) {
                        head = b.next;
                    } else {
                        prev.next = b.next;
                    }
                    ready = addTo(ready, emit(b));
                    continue;
                }
                if (fit == null && Math.max(l, b.lastMillis) - Math.min(f, b.firstMillis) < w) {
                    fit = b;
                }
                if (earliest == null || b.firstMillis < earliest.firstMillis) {
                    earliest = b;
                }
                n++;
                prev = b;
            }
            if (fit != null) {
                fit.firstMillis = Math.min(fit.firstMillis, f);
                fit.lastMillis = Math.max(fit.lastMillis, l);
                fit.count += count;
            } else {
                if (n >= MAX_OPEN_PER_VALUE) {
                    head = unlink(head, earliest);
                    ready = addTo(ready, emit(earliest));
                }
                Bucket b = new Bucket(hit, f, l, count);
                if (early) {
                    ready = addTo(ready, emit(b));
                }
                if (head == null) {
                    head = b;
                } else {
                    Bucket tail = head;
                    while (tail.next != null) {
                        tail = tail.next;
                    }
                    tail.next = b;
                }
            }
            if (head == null) {
                open.remove(key);
            } else {
                open.put(key, head);
            }
        }
        if (ready != null) {
            ready.forEach(out);
        }
    }

    private static List<Emitted> addTo(List<Emitted> list, Emitted e) {
        if (e == null) {
            return list;
        }
        List<Emitted> l = list == null ? new ArrayList<>() : list;
        l.add(e);
        return l;
    }

    private static Bucket unlink(Bucket head, Bucket gone) {
        if (head == gone) {
            return head.next;
        }
        for (Bucket b = head; b.next != null; b = b.next) {
            if (b.next == gone) {
                b.next = gone.next;
                break;
            }
        }
        return head;
    }

    /** Emits the sightings whose window has closed by {@code now}. */
    public void flush(Instant now) {
        List<Emitted> ready = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Map.Entry<String, Bucket>> it = open.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Bucket> e = it.next();
                Bucket head = e.getValue();
                for (Bucket b = head; b != null; b = b.next) {
                    if (now.toEpochMilli() - b.firstMillis >= window.toMillis()) {
                        head = unlink(head, b);
                        addTo(ready, emit(b));
                    }
                }
                if (head == null) {
                    it.remove();
                } else {
                    e.setValue(head);
                }
            }
        }
        ready.forEach(out);
    }

    /** Emits every open sighting (end of input). */
    public void flushAll() {
        List<Emitted> ready = new ArrayList<>();
        synchronized (this) {
            for (Bucket head : open.values()) {
                for (Bucket b = head; b != null; b = b.next) {
                    addTo(ready, emit(b));
                }
            }
            open.clear();
        }
        ready.forEach(out);
    }

    /** Sightings emitted so far (later versions of one are not counted again). */
    public synchronized long emitted() {
        return emitted;
    }

    /** The sighting's current version; null when it was emitted before and nothing changed since. */
    private Emitted emit(Bucket b) {
        boolean update = b.sightingId != null;
        if (update && b.publishedCount == b.count && b.publishedFirst == b.firstMillis && b.publishedLast == b.lastMillis) {
            return null;
        }
        Instant at = clock.instant();
        if (!update) {
            emitted++;
            b.sightingId = "sighting--" + ids.get();
            b.observedDataId = "observed-data--" + ids.get();
            b.created = at;
        } else if (at.toEpochMilli() <= b.modifiedMillis) {
            at = Instant.ofEpochMilli(b.modifiedMillis + 1); // a new version needs a later modified
        }
        b.modifiedMillis = at.toEpochMilli();
        b.publishedFirst = b.firstMillis;
        b.publishedLast = b.lastMillis;
        b.publishedCount = b.count;
        Timestamp created = Timestamp.of(b.created);
        Timestamp now = Timestamp.of(at);
        Timestamp first = Timestamp.of(Instant.ofEpochMilli(b.firstMillis));
        Timestamp last = Timestamp.of(Instant.ofEpochMilli(b.lastMillis));
        JsonObject sco = sco(b.first.observed());
        String odId = b.observedDataId;
        JsonObject.Builder od = JsonObject.builder()
                .put("type", "observed-data")
                .put("spec_version", "2.1")
                .put("id", odId);
        if (identityId != null) {
            od.put("created_by_ref", identityId);
        }
        od.put("created", created.text())
                .put("modified", now.text())
                .put("first_observed", first.text())
                .put("last_observed", last.text())
                .put("number_observed", Math.max(1, b.count))
                .put("object_refs", JsonArray.of(List.of(new JsonString(sco.getString("id")))));
        JsonObject.Builder s = JsonObject.builder()
                .put("type", "sighting")
                .put("spec_version", "2.1")
                .put("id", b.sightingId);
        if (identityId != null) {
            s.put("created_by_ref", identityId);
        }
        s.put("created", created.text())
                .put("modified", now.text())
                .put("first_seen", first.text())
                .put("last_seen", last.text())
                .put("count", b.count)
                .put("sighting_of_ref", b.first.indicatorId())
                .put("observed_data_refs", JsonArray.of(List.of(new JsonString(odId))));
        if (identityId != null) {
            s.put("where_sighted_refs", JsonArray.of(List.of(new JsonString(identityId))));
        }
        JsonObject.Builder ext = JsonObject.builder().put("matched_entry", b.first.entry());
        if (b.first.list() != null) {
            ext.put("list", b.first.list());
        }
        ext.put("input", b.first.input());
        s.put("x_datong_match", ext.build());
        return new Emitted(s.build(), od.build(), sco, update);
    }

    /** The SCO for a matched value, with its deterministic id. */
    static JsonObject sco(Observable o) {
        JsonObject.Builder b = JsonObject.builder();
        switch (o.kind()) {
            case MD5, SHA1, SHA256, SHA512 -> {
                String alg = switch (o.kind()) {
                    case MD5 -> "MD5";
                    case SHA1 -> "SHA-1";
                    case SHA256 -> "SHA-256";
                    default -> "SHA-512";
                };
                b.put("type", "file").put("spec_version", "2.1").put("hashes", JsonObject.builder().put(alg, o.value()).build());
            }
            case OTHER -> {
                int colon = o.property().indexOf(':');
                String type = o.property().substring(0, colon);
                String path = o.property().substring(colon + 1);
                b.put("type", type).put("spec_version", "2.1").put(path.split("\\.")[0].replace("'", ""), nested(path, o.value()));
            }
            default -> b.put("type", o.kind().stixType()).put("spec_version", "2.1").put("value", o.value());
        }
        JsonObject sco = b.build();
        String type = sco.getString("type");
        if (!ScoIds.contributingProperties(type).isEmpty()) {
            return ScoIds.withId(sco);
        }
        // custom or id-less types: a UUIDv5 over the canonical object, the same for the same value
        String id = type + "--" + ScoIds.uuid5(ScoIds.NAMESPACE, Canonical.toString(sco));
        JsonObject.Builder withId = JsonObject.builder().put("type", type).put("id", id);
        for (String k : sco.keys()) {
            if (!k.equals("type")) {
                withId.put(k, sco.get(k));
            }
        }
        return withId.build();
    }

    /** The value at a dotted property path below its first step ({@code hashes.'SHA-256'} gives {"SHA-256": v}). */
    private static JsonValue nested(String path, String value) {
        String[] steps = path.split("\\.");
        JsonValue v = new JsonString(value);
        for (int k = steps.length - 1; k >= 1; k--) {
            v = JsonObject.builder().put(steps[k].replace("'", ""), v).build();
        }
        return v;
    }

}
