package org.datong.detect.node;

import org.datong.detect.IndicatorIndex;
import org.datong.detect.Observable;
import org.datong.detect.SeenRecord;
import org.datong.detect.WarningLists;
import org.datong.store.Database;
import org.datong.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/*
 * Design: the durable retro-hunt record.
 *
 * One row per distinct observable (table detect_seen, migration V60): kind
 * code, property ('' unless an 'other' observable), canonical value, first
 * and last time seen (epoch ms) and count. Matching threads never touch it:
 * they add to the in-memory SeenRecord, which the detect worker drains into
 * this table in transactions of CHUNK values (merge), every flush interval,
 * when the batch grows large, before each retro-hunt and at shutdown. A
 * failed transaction stops the merge and hands the values it did not write
 * back (WriteFailed), for the caller to keep and write again; counters change
 * only when a transaction committed. A merge
 * updates rows already there (earliest first, latest last, counts added) and
 * inserts the rest while fewer than `capacity` rows exist; values beyond
 * that are counted as overflow, never stored.
 *
 * The window is enforced twice: hunt() skips rows last seen before
 * now - window, and prune() deletes them. Pruning scans the table (there is
 * no index on last_seen: it would double the table's size and be rewritten on
 * every merge), so it runs at start, every PRUNE_EVERY, and when the table is
 * full.
 *
 * A hunt streams every row through an index of just the new indicators: one
 * lookup per row, the same cost as SeenRecord.hunt, with constant memory.
 *
 * detect_hunted keeps, per collection, the date_added through which
 * indicators have been hunted, so indicators stored while the node was
 * stopped (datong import) or after its last rebuild are hunted at start-up.
 */

/**
 * The retro-hunt record of a node, kept in its database (SQLite or
 * PostgreSQL): bounded to {@code capacity} rows and to values seen within
 * {@code window}. Used by the detect worker thread; thread-safe.
 */
final class SeenStore {
    /** A full-table prune at most this often, besides start-up and a full table. */
    static final Duration PRUNE_EVERY = Duration.ofMinutes(10);
    /**
     * Values written per transaction: SQLite admits one writer, so a large batch
     * is split to let the node's other writes (TAXII, sync) in between; about a
     * tenth of a second each on the reference machine.
     */
    static final int CHUNK = 10_000;
    /** A full table is pruned before new values are turned away, but at most this often. */
    static final Duration FULL_PRUNE_GAP = Duration.ofMinutes(1);
    /** Rows fetched per round trip when a hunt streams the table (PostgreSQL). */
    private static final int FETCH_SIZE = 2_000;

    private static final String UPDATE = "UPDATE detect_seen SET"
            + " first_seen = CASE WHEN first_seen <= ? THEN first_seen ELSE ? END,"
            + " last_seen = CASE WHEN last_seen >= ? THEN last_seen ELSE ? END,"
            + " seen_count = seen_count + ? WHERE kind = ? AND property = ? AND value = ?";
    private static final String INSERT = "INSERT INTO detect_seen (kind, property, value, first_seen, last_seen, seen_count)"
            + " VALUES (?, ?, ?, ?, ?, ?)";

    private static final java.util.Comparator<Map.Entry<Observable, long[]>> KEY_ORDER =
            java.util.Comparator.<Map.Entry<Observable, long[]>>comparingInt(e -> code(e.getKey().kind()))
                    .thenComparing(e -> e.getKey().property() == null ? "" : e.getKey().property())
                    .thenComparing(e -> e.getKey().value());

    private final Database db;
    private final Duration window;
    private final int capacity;
    private long rows;
    private long overflow;
    private long lastPrune;

    SeenStore(Database db, Duration window, int capacity, Instant now) {
        this.db = db;
        this.window = window;
        this.capacity = capacity;
        prune(now);
        this.rows = count();
    }

    /** Rows held (values last seen within the window, give or take one prune interval). */
    synchronized long rows() {
        return rows;
    }

    /** Values not stored because the table held {@code capacity} rows. */
    synchronized long overflow() {
        return overflow;
    }

    /**
     * A merge that stopped at a failed transaction: the transactions before it
     * are kept, the values of the failed one and of those after it are in
     * {@link #unwritten()}, for the caller to keep and write again.
     */
    static final class WriteFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient SeenRecord.Snapshot unwritten;

        WriteFailed(SeenRecord.Snapshot unwritten, RuntimeException cause) {
            super("cannot store " + unwritten.entries().size() + " values in the retro-hunt record: " + cause.getMessage(), cause);
            this.unwritten = unwritten;
        }

        SeenRecord.Snapshot unwritten() {
            return unwritten;
        }
    }

    /**
     * Writes one batch from the in-memory record, in transactions of {@link #CHUNK}
     * values; returns the values newly stored.
     *
     * @throws WriteFailed when a transaction fails, with the values not written
     */
    synchronized int merge(SeenRecord.Snapshot batch, Instant now) {
        // in key order, the B-tree is walked once from one end to the other instead of at random
        List<Map.Entry<Observable, long[]>> all = new ArrayList<>(batch.entries());
        all.sort(KEY_ORDER);
        int stored = 0;
        int from = 0;
        try {
            if (now.toEpochMilli() - lastPrune >= PRUNE_EVERY.toMillis()) {
                prune(now);
            }
            for (; from < all.size(); from += CHUNK) {
                stored += mergeChunk(all.subList(from, Math.min(all.size(), from + CHUNK)), now);
            }
        } catch (RuntimeException e) {
            throw new WriteFailed(new SeenRecord.Snapshot(List.copyOf(all.subList(from, all.size()))), e);
        }
        return stored;
    }

    /** One transaction of a merge; the counters change only once it committed. */
    private int mergeChunk(List<Map.Entry<Observable, long[]>> entries, Instant now) {
        int[] inserted = {0};
        int[] pruned = {-1};
        long[] turnedAway = {0};
        db.inTransaction(() -> {
            try (Connection con = db.dataSource().getConnection()) {
                int[] updated;
                try (PreparedStatement ps = con.prepareStatement(UPDATE)) {
                    for (Map.Entry<Observable, long[]> e : entries) {
                        long[] s = e.getValue();
                        ps.setLong(1, s[0]);
                        ps.setLong(2, s[0]);
                        ps.setLong(3, s[1]);
                        ps.setLong(4, s[1]);
                        ps.setLong(5, s[2]);
                        key(ps, 6, e.getKey());
                        ps.addBatch();
                    }
                    updated = ps.executeBatch();
                }
                List<Map.Entry<Observable, long[]>> fresh = new ArrayList<>();
                for (int i = 0; i < updated.length; i++) {
                    if (updated[i] == 0) {
                        fresh.add(entries.get(i));
                    }
                }
                long held = rows;
                if (!fresh.isEmpty() && held + fresh.size() > capacity
                        && now.toEpochMilli() - lastPrune >= FULL_PRUNE_GAP.toMillis()) {
                    pruned[0] = deleteExpired(con, now);
                    held -= pruned[0];
                }
                try (PreparedStatement ps = con.prepareStatement(INSERT)) {
                    for (Map.Entry<Observable, long[]> e : fresh) {
                        if (held + inserted[0] >= capacity) {
                            turnedAway[0]++;
                            continue;
                        }
                        long[] s = e.getValue();
                        key(ps, 1, e.getKey());
                        ps.setLong(4, s[0]);
                        ps.setLong(5, s[1]);
                        ps.setLong(6, s[2]);
                        ps.addBatch();
                        inserted[0]++;
                    }
                    if (inserted[0] > 0) {
                        ps.executeBatch();
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot store the retro-hunt record", e);
            }
            return null;
        });
        if (pruned[0] >= 0) {
            rows = Math.max(0, rows - pruned[0]);
            lastPrune = now.toEpochMilli();
        }
        overflow += turnedAway[0];
        rows += inserted[0];
        return inserted[0];
    }

    /** Deletes the rows last seen before {@code now - window}; returns how many. */
    synchronized int prune(Instant now) {
        int n = db.inTransaction(() -> {
            try (Connection con = db.dataSource().getConnection()) {
                return deleteExpired(con, now);
            } catch (SQLException e) {
                throw new StoreException("cannot prune the retro-hunt record", e);
            }
        });
        rows = Math.max(0, rows - n);
        lastPrune = now.toEpochMilli();
        return n;
    }

    private int deleteExpired(Connection con, Instant now) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("DELETE FROM detect_seen WHERE last_seen < ?")) {
            ps.setLong(1, cutoff(now));
            return ps.executeUpdate();
        }
    }

    private long cutoff(Instant now) {
        return now.toEpochMilli() - window.toMillis();
    }

    /**
     * Looks every value seen within the window up in {@code fresh} (an index of
     * just the indicators that arrived) and returns the past hits, minus values
     * the warning lists suppress, with the recorded first and last time and count.
     */
    synchronized List<SeenRecord.PastHit> hunt(IndicatorIndex fresh, WarningLists warnings, Instant now) {
        List<SeenRecord.PastHit> out = new ArrayList<>();
        if (fresh.entries() == 0) {
            return out;
        }
        try (Connection con = db.dataSource().getConnection()) {
            boolean auto = con.getAutoCommit();
            if (db.dialect() == Database.Dialect.POSTGRESQL) {
                con.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            }
            try (PreparedStatement ps = con.prepareStatement(
                    "SELECT kind, property, value, first_seen, last_seen, seen_count FROM detect_seen WHERE last_seen >= ?")) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setLong(1, cutoff(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Observable o = observable(rs.getInt(1), rs.getString(2), rs.getString(3));
                        if (o != null) {
                            SeenRecord.pastHits(o, rs.getLong(4), rs.getLong(5), rs.getLong(6), fresh, warnings, out);
                        }
                    }
                }
            } finally {
                if (db.dialect() == Database.Dialect.POSTGRESQL) {
                    con.rollback();
                    con.setAutoCommit(auto);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the retro-hunt record", e);
        }
        return out;
    }

    /** Per collection, the date_added (epoch ms) through which indicators were hunted. */
    synchronized Map<String, Long> huntedThrough() {
        Map<String, Long> out = new HashMap<>();
        try (Connection con = db.dataSource().getConnection(); Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT collection, added_through FROM detect_hunted")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read where the retro-hunt stands", e);
        }
        return out;
    }

    /** Records where the retro-hunt stands per collection (only positions that moved are written). */
    synchronized void setHuntedThrough(Map<String, Long> before, Map<String, Long> after) {
        List<Map.Entry<String, Long>> moved = after.entrySet().stream()
                .filter(e -> !e.getValue().equals(before.get(e.getKey()))).toList();
        if (moved.isEmpty()) {
            return;
        }
        db.inTransaction(() -> {
            try (Connection con = db.dataSource().getConnection();
                 PreparedStatement up = con.prepareStatement("UPDATE detect_hunted SET added_through = ? WHERE collection = ?");
                 PreparedStatement in = con.prepareStatement("INSERT INTO detect_hunted (collection, added_through) VALUES (?, ?)")) {
                for (Map.Entry<String, Long> e : moved) {
                    up.setLong(1, e.getValue());
                    up.setString(2, e.getKey());
                    if (up.executeUpdate() == 0) {
                        in.setString(1, e.getKey());
                        in.setLong(2, e.getValue());
                        in.executeUpdate();
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot record where the retro-hunt stands", e);
            }
            return null;
        });
    }

    private long count() {
        try (Connection con = db.dataSource().getConnection(); Statement st = con.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM detect_seen")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("cannot read the retro-hunt record", e);
        }
    }

    // ------------------------------------------------------------------ codes

    private static void key(PreparedStatement ps, int at, Observable o) throws SQLException {
        ps.setInt(at, code(o.kind()));
        ps.setString(at + 1, o.property() == null ? "" : o.property());
        ps.setString(at + 2, o.value());
    }

    /** Stable codes for the kinds (never the enum's ordinal, which may change). */
    static int code(Observable.Kind k) {
        return switch (k) {
            case OTHER -> 0;
            case DOMAIN -> 1;
            case URL -> 2;
            case EMAIL -> 3;
            case IPV4 -> 4;
            case IPV6 -> 6;
            case MD5 -> 10;
            case SHA1 -> 11;
            case SHA256 -> 12;
            case SHA512 -> 13;
        };
    }

    /** The observable of a row; null for a kind code this version does not know (a newer node's row). */
    static Observable observable(int code, String property, String value) {
        Observable.Kind k = switch (code) {
            case 0 -> Observable.Kind.OTHER;
            case 1 -> Observable.Kind.DOMAIN;
            case 2 -> Observable.Kind.URL;
            case 3 -> Observable.Kind.EMAIL;
            case 4 -> Observable.Kind.IPV4;
            case 6 -> Observable.Kind.IPV6;
            case 10 -> Observable.Kind.MD5;
            case 11 -> Observable.Kind.SHA1;
            case 12 -> Observable.Kind.SHA256;
            case 13 -> Observable.Kind.SHA512;
            default -> null;
        };
        if (k == null) {
            return null;
        }
        return new Observable(k, value, k == Observable.Kind.OTHER ? property : null);
    }
}
