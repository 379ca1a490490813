package org.datong.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The record of observables seen in telemetry that a retro-hunt searches:
 * for each distinct value its first and last time and how often it was
 * seen, kept for a window and bounded in size. When new indicators arrive,
 * {@link #hunt} looks every recorded value up in an index of just those
 * indicators, so the hunt costs one lookup per recorded value.
 *
 * <p>When the record is full, new values are counted as {@link #overflow()}
 * instead of being recorded; {@link #expire} frees the values not seen within
 * the window. A caller that keeps the record elsewhere (a node persists it in
 * its database) uses this one as the in-memory batch between two writes and
 * takes each batch with {@link #drain}. Thread-safe.
 */
public final class SeenRecord {
    private final Duration window;
    private final int capacity;
    private Map<Observable, long[]> seen = new HashMap<>();
    private long overflow;
    private long outsideWindow;

    /**
     * @param window   how long a value is remembered after it was last seen
     * @param capacity the most distinct values kept
     */
    public SeenRecord(Duration window, int capacity) {
        if (window.isNegative() || window.isZero() || capacity <= 0) {
            throw new IllegalArgumentException("the retro-hunt window and capacity must be positive");
        }
        this.window = window;
        this.capacity = capacity;
    }

    /** Records one sighting of a value at a time (epoch millis). */
    public synchronized void add(Observable o, long millis) {
        if (!put(o, millis, millis, 1)) {
            overflow++;
        }
    }

    /**
     * Records the values of one event at its time (epoch millis). Values of an
     * event older than the window ({@code millis < now - window}, an old log
     * sent late) are not recorded, only counted ({@link #outsideWindow()}): a
     * retro-hunt would never raise them.
     */
    public synchronized void add(List<Observable> values, long millis, long now) {
        if (millis < now - window.toMillis()) {
            outsideWindow += values.size();
            return;
        }
        for (Observable o : values) {
            if (!put(o, millis, millis, 1)) {
                overflow++;
            }
        }
    }

    private boolean put(Observable o, long first, long last, long count) {
        long[] s = seen.get(o);
        if (s == null) {
            if (seen.size() >= capacity) {
                return false;
            }
            seen.put(o, new long[]{first, last, count});
            return true;
        }
        s[0] = Math.min(s[0], first);
        s[1] = Math.max(s[1], last);
        s[2] += count;
        return true;
    }

    /** Forgets values last seen before {@code now - window}; returns how many were forgotten. */
    public synchronized int expire(Instant now) {
        long cutoff = now.toEpochMilli() - window.toMillis();
        int n = 0;
        for (Iterator<long[]> it = seen.values().iterator(); it.hasNext(); ) {
            if (it.next()[1] < cutoff) {
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** Distinct values recorded. */
    public synchronized int size() {
        return seen.size();
    }

    /** Values not recorded because the record was full. */
    public synchronized long overflow() {
        return overflow;
    }

    /** Values not recorded because their event's time lay before the window. */
    public synchronized long outsideWindow() {
        return outsideWindow;
    }

    /** One past hit found by a retro-hunt, with what the record knows of it. */
    public record PastHit(Hit hit, Instant firstSeen, Instant lastSeen, long count) {
    }

    /** The record as it stands, for a later {@link #hunt(Snapshot, IndicatorIndex, WarningLists)}. */
    public record Snapshot(List<Map.Entry<Observable, long[]>> entries) {
    }

    /**
     * The record as it stands. Taking it while holding this record's lock
     * together with an index swap ({@code synchronized (record) { swap; snapshot }})
     * splits telemetry cleanly: what the snapshot holds was matched against the
     * old index, what comes later against the new one.
     */
    public synchronized Snapshot snapshot() {
        List<Map.Entry<Observable, long[]>> copy = new ArrayList<>(seen.size());
        for (Map.Entry<Observable, long[]> e : seen.entrySet()) {
            copy.add(Map.entry(e.getKey(), e.getValue().clone()));
        }
        return new Snapshot(copy);
    }

    /**
     * The record as it stands, leaving it empty ({@link #overflow()} is kept):
     * the batch a caller that persists the record writes next. Like
     * {@link #snapshot()}, taking it together with an index swap under this
     * record's lock splits telemetry between the old and the new index.
     */
    public synchronized Snapshot drain() {
        List<Map.Entry<Observable, long[]>> out = new ArrayList<>(seen.size());
        out.addAll(seen.entrySet());
        seen = new HashMap<>();
        return new Snapshot(out);
    }

    /**
     * Puts a batch taken with {@link #drain()} back, merged with what was
     * recorded since (earliest first, latest last, counts added): a batch that
     * could not be written is kept for the next write. Values that no longer
     * fit ({@code capacity}) are not kept; returns how many.
     */
    public synchronized int restore(Snapshot batch) {
        int dropped = 0;
        for (Map.Entry<Observable, long[]> e : batch.entries()) {
            long[] s = e.getValue();
            if (!put(e.getKey(), s[0], s[1], s[2])) {
                dropped++;
            }
        }
        return dropped;
    }

    /** {@link #hunt(Snapshot, IndicatorIndex, WarningLists)} over the record as it stands now. */
    public List<PastHit> hunt(IndicatorIndex fresh, WarningLists warnings) {
        return hunt(snapshot(), fresh, warnings);
    }

    /**
     * Looks every recorded value up in {@code fresh} (typically an index of only
     * the indicators that just arrived) and returns the past hits, minus values
     * the warning lists suppress.
     */
    public List<PastHit> hunt(Snapshot snapshot, IndicatorIndex fresh, WarningLists warnings) {
        List<PastHit> out = new ArrayList<>();
        for (Map.Entry<Observable, long[]> e : snapshot.entries()) {
            long[] s = e.getValue();
            pastHits(e.getKey(), s[0], s[1], s[2], fresh, warnings, out);
        }
        return out;
    }

    /**
     * The past hits of one recorded value (seen {@code count} times between two
     * epoch-millisecond times) on {@code fresh}, one per indicator naming it,
     * added to {@code out}; none when the warning lists suppress the value.
     * For records kept outside this class, e.g. in a database.
     */
    public static void pastHits(Observable o, long firstMillis, long lastMillis, long count, IndicatorIndex fresh,
                                WarningLists warnings, List<PastHit> out) {
        int p = fresh.payload(o);
        if (p == IndicatorIndex.NONE || warnings.suppress(o) != null) {
            return;
        }
        String entry = fresh.matchedEntry(o);
        for (int i = 0, n = fresh.refCount(p); i < n; i++) {
            int ref = fresh.ref(p, i);
            Hit h = new Hit(fresh.indicatorId(ref, o.kind(), entry), entry, o, Instant.ofEpochMilli(lastMillis),
                    fresh.isList(ref) ? fresh.listName(ref) : null, "retro-hunt");
            out.add(new PastHit(h, Instant.ofEpochMilli(firstMillis), Instant.ofEpochMilli(lastMillis), count));
        }
    }
}
