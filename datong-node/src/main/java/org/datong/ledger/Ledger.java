package org.datong.ledger;

import org.datong.store.Database;
import org.datong.stix.json.Canonical;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonArray;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The node's append-only, hash-chained record of every object that crossed
 * its border (sent, received, refused, denied, sent to review), every review
 * decision and every policy change.
 *
 * <p>Design. Entries are numbered 1, 2, 3... without gaps. Each entry's hash
 * is SHA-256 over the RFC 8785 canonical JSON of all its fields including
 * its number and the previous entry's hash (64 zeros for the first), so
 * changing, removing or reordering any entry breaks the chain at that entry.
 * A separate one-row head table holds the last number and hash, written in
 * the same transaction as each append, so cutting entries off the end is
 * detected too. {@link #verify()} walks the chain in order and names the
 * first entry that does not hold. The chain proves the record was not
 * quietly rewritten by someone without the ability to recompute every later
 * hash and the head; it does not protect against an operator who rewrites
 * the whole table consistently (sign the head for that; not done here).
 *
 * <p>Appends are serialised with the database's write lock; a concurrent
 * append from another process makes the insert fail on the primary key and
 * the append is retried on the new head.
 */
public final class Ledger {
    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    /** Attempts before an append gives up when other processes keep appending at the same moment. */
    private static final int APPEND_ATTEMPTS = 5;

    /** What an entry records. */
    public enum Kind {
        SEND, RECEIVE, REFUSE, DENY, REVIEW, REVIEW_APPROVE, REVIEW_REJECT, POLICY;

        /** The word stored and printed: send, receive, refuse, deny, review, review-approve, review-reject, policy. */
        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String word) {
            for (Kind k : values()) {
                if (k.word().equals(word)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown ledger entry kind '" + word + "'");
        }
    }

    /**
     * What to record; null fields are absent.
     *
     * @param rules the ids of the rules that decided
     */
    public record Draft(Kind kind, String partner, String objectId, String objectVersion, String objectType,
                        String contentHash, String tlp, String grade, List<String> rules, String detail) {
        public Draft {
            rules = rules == null ? List.of() : List.copyOf(rules);
        }

        /** A policy-change entry. */
        public static Draft policy(String partner, String detail) {
            return new Draft(Kind.POLICY, partner, null, null, null, null, null, null, List.of(), detail);
        }
    }

    /** One recorded entry. */
    public record Entry(long seq, Instant at, Kind kind, String partner, String objectId, String objectVersion,
                        String objectType, String contentHash, String tlp, String grade, List<String> rules,
                        String detail, String prevHash, String hash) {
        /** The entry as JSON (for the REST API and {@code --json} output). */
        public JsonObject toJson() {
            return JsonObject.builder()
                    .put("seq", seq).put("at", at.toString()).put("kind", kind.word())
                    .putIfNotNull("partner", partner).putIfNotNull("object_id", objectId)
                    .putIfNotNull("object_version", objectVersion).putIfNotNull("object_type", objectType)
                    .putIfNotNull("content_hash", contentHash).putIfNotNull("tlp", tlp).putIfNotNull("grade", grade)
                    .put("rules", JsonArray.ofStrings(rules)).putIfNotNull("detail", detail)
                    .put("prev_hash", prevHash).put("hash", hash).build();
        }

        /** The hash this entry should have. */
        public String computeHash() {
            return Ledger.hashOf(seq, at, kind.word(), partner, objectId, objectVersion, objectType, contentHash, tlp,
                    grade, rules, detail, prevHash);
        }
    }

    /**
     * The result of {@link #verify()}.
     *
     * @param entries     how many entries were checked
     * @param firstBad    the number of the first entry that does not hold, or 0 when all hold
     * @param problem     what is wrong with it, or null
     */
    public record Verification(long entries, long firstBad, String problem) {
        public boolean ok() {
            return firstBad == 0;
        }
    }

    /**
     * Counts for one partner (or all) since an instant.
     *
     * @param byKind          entries by kind
     * @param byType          crossings (send, receive) by STIX type
     * @param byTlp           crossings by TLP level
     * @param byGrade         crossings by grade
     * @param denialsByRule   denials and refusals by the rule that decided
     */
    public record Report(String partner, Instant since, long entries, Map<String, Long> byKind,
                         Map<String, Long> byType, Map<String, Long> byTlp, Map<String, Long> byGrade,
                         Map<String, Long> denialsByRule) {
        public JsonObject toJson() {
            return JsonObject.builder()
                    .putIfNotNull("partner", partner).putIfNotNull("since", since == null ? null : since.toString())
                    .put("entries", entries).put("by_kind", counts(byKind)).put("by_type", counts(byType))
                    .put("by_tlp", counts(byTlp)).put("by_grade", counts(byGrade))
                    .put("denials_by_rule", counts(denialsByRule)).build();
        }

        private static JsonObject counts(Map<String, Long> m) {
            JsonObject.Builder b = JsonObject.builder();
            m.forEach(b::put);
            return b.build();
        }
    }

    private final Database db;
    private final Clock clock;

    public Ledger(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Appends an entry and returns it as recorded. */
    public Entry append(Draft d) {
        SQLException last = null;
        for (int attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
            synchronized (db.writeLock()) {
                try (Connection c = db.dataSource().getConnection()) {
                    if (!c.getAutoCommit()) {
                        // inside an enclosing transaction, which commits this entry with the rest
                        try {
                            return appendJoined(c, d);
                        } catch (SQLException ex) {
                            joined.remove();
                            c.rollback();
                            last = ex;
                            continue;
                        }
                    }
                    c.setAutoCommit(false);
                    try {
                        Entry e = appendIn(c, d);
                        c.commit();
                        return e;
                    } catch (SQLException ex) {
                        c.rollback();
                        last = ex;
                    } finally {
                        c.setAutoCommit(true);
                    }
                } catch (SQLException ex) {
                    last = ex;
                }
            }
        }
        throw new IllegalStateException("cannot append to the ledger: " + last.getMessage(), last);
    }

    private static final String INSERT_ENTRY = "INSERT INTO ledger_entry (seq, at, kind, partner, object_id,"
            + " object_version, object_type, content_hash, tlp, grade, rules, detail, prev_hash, hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_HEAD = "UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1";

    /**
     * The appends of one enclosing transaction on one thread: the number and
     * hash of the last entry it appended (the insert statement is the
     * transaction's own, {@link Database#statement}); the head row is written
     * once, just before the transaction commits. Nobody else appends
     * meanwhile: the transaction holds the database's write lock.
     */
    private static final class Joined {
        final Connection connection;
        long seq;
        String hash;

        Joined(Connection connection) {
            this.connection = connection;
        }
    }

    private final ThreadLocal<Joined> joined = new ThreadLocal<>();

    private Entry appendJoined(Connection c, Draft d) throws SQLException {
        Joined j = joined.get();
        if (j == null || j.connection != c) {
            j = new Joined(c);
            String[] head = lastEntry(c);
            j.seq = Long.parseLong(head[0]);
            j.hash = head[1];
            joined.set(j);
            // the head is written once, with the transaction's last entry, just before it commits
            Joined last = j;
            db.beforeCommit(() -> {
                try {
                    writeHead(c, last.seq, last.hash);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot write the ledger head: " + e.getMessage(), e);
                }
            });
        }
        long seq = j.seq + 1;
        Instant at = clock.instant();
        String hash = insertEntry(db.statement(INSERT_ENTRY), seq, at, d, j.hash);
        Entry e = new Entry(seq, at, d.kind(), d.partner(), d.objectId(), d.objectVersion(), d.objectType(),
                d.contentHash(), d.tlp(), d.grade(), d.rules(), d.detail(), j.hash, hash);
        j.seq = seq;
        j.hash = hash;
        return e;
    }

    /** The number and hash of the last entry ("0" and {@link #GENESIS} when there is none). */
    private static String[] lastEntry(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM ledger_entry ORDER BY seq DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new String[]{Long.toString(rs.getLong(1)), rs.getString(2)} : new String[]{"0", GENESIS};
        }
    }

    private Entry appendIn(Connection c, Draft d) throws SQLException {
        String[] last = lastEntry(c);
        long seq = Long.parseLong(last[0]) + 1;
        String prev = last[1];
        Instant at = clock.instant();
        String hash;
        try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
            hash = insertEntry(ps, seq, at, d, prev);
        }
        writeHead(c, seq, hash);
        return new Entry(seq, at, d.kind(), d.partner(), d.objectId(), d.objectVersion(), d.objectType(),
                d.contentHash(), d.tlp(), d.grade(), d.rules(), d.detail(), prev, hash);
    }

    /** Inserts the entry that follows {@code prev}; returns its hash. */
    private static String insertEntry(PreparedStatement ps, long seq, Instant at, Draft d, String prev) throws SQLException {
        String hash = hashOf(seq, at, d.kind().word(), d.partner(), d.objectId(), d.objectVersion(), d.objectType(),
                d.contentHash(), d.tlp(), d.grade(), d.rules(), d.detail(), prev);
        ps.setLong(1, seq);
        ps.setString(2, at.toString());
        ps.setString(3, d.kind().word());
        setNullable(ps, 4, d.partner());
        setNullable(ps, 5, d.objectId());
        setNullable(ps, 6, d.objectVersion());
        setNullable(ps, 7, d.objectType());
        setNullable(ps, 8, d.contentHash());
        setNullable(ps, 9, d.tlp());
        setNullable(ps, 10, d.grade());
        ps.setString(11, rulesText(d.rules()));
        setNullable(ps, 12, d.detail());
        ps.setString(13, prev);
        ps.setString(14, hash);
        ps.executeUpdate();
        return hash;
    }

    /** The rules column: a JSON array of the rule ids. A batch repeats the same few lists, so the last one is kept. */
    private static String rulesText(List<String> rules) {
        RulesText last = LAST_RULES.get();
        if (last != null && last.rules().equals(rules)) {
            return last.text();
        }
        String text = Json.write(JsonArray.ofStrings(rules));
        LAST_RULES.set(new RulesText(List.copyOf(rules), text));
        return text;
    }

    private record RulesText(List<String> rules, String text) {
    }

    /** This thread's last rules list and its JSON text. */
    private static final ThreadLocal<RulesText> LAST_RULES = new ThreadLocal<>();

    private static void writeHead(Connection c, long seq, String hash) throws SQLException {
        int updated;
        try (PreparedStatement ps = c.prepareStatement(UPDATE_HEAD)) {
            ps.setLong(1, seq);
            ps.setString(2, hash);
            updated = ps.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_head (id, seq, hash) VALUES (1, ?, ?)")) {
                ps.setLong(1, seq);
                ps.setString(2, hash);
                ps.executeUpdate();
            }
        }
    }

    /**
     * Walks the whole chain in order and names the first entry that does not hold.
     *
     * <p>The head is read first and the chain up to the entry it names: entries
     * appended while the walk runs lie beyond the head and are left for the
     * next verification, so a busy node verifies without false alarms.
     */
    public Verification verify() {
        try (Connection c = db.dataSource().getConnection()) {
            long headSeq = 0;
            String headHash = GENESIS;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM ledger_head WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    headSeq = rs.getLong(1);
                    headHash = rs.getString(2);
                }
            }
            long expected = 1;
            String prev = GENESIS;
            long count = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM ledger_entry WHERE seq <= ? ORDER BY seq")) {
                ps.setLong(1, headSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Entry e;
                        try {
                            e = read(rs);
                        } catch (RuntimeException bad) {
                            return new Verification(count, rs.getLong("seq"), "entry " + rs.getLong("seq")
                                    + " cannot be read: " + bad.getMessage());
                        }
                        count++;
                        if (e.seq() != expected) {
                            return new Verification(count, expected, "entry " + expected + " is missing (the next entry is "
                                    + e.seq() + ")");
                        }
                        if (!e.prevHash().equals(prev)) {
                            return new Verification(count, e.seq(), "entry " + e.seq()
                                    + " does not follow entry " + (e.seq() - 1) + ": its previous-hash does not match"
                                    + " (an entry before it was changed, removed or moved)");
                        }
                        if (!e.computeHash().equals(e.hash())) {
                            return new Verification(count, e.seq(), "entry " + e.seq() + " was altered: its content does not match its hash");
                        }
                        prev = e.hash();
                        expected++;
                    }
                }
            }
            if (headSeq != count) {
                return new Verification(count, count + 1, "entry " + (count + 1) + " is missing: the ledger was cut after entry "
                        + count + " (the head records " + headSeq + " entries)");
            }
            if (!headHash.equals(prev)) {
                return new Verification(count, Math.max(count, 1), "entry " + count + " does not match the head's hash");
            }
            if (headSeq == 0) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM ledger_entry");
                     ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        return new Verification(0, 1, "the ledger holds entries but no head (the head was removed)");
                    }
                }
            }
            return new Verification(count, 0, null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
    }

    /** Entries, oldest first, optionally for one partner and since an instant; at most {@code limit}. */
    public List<Entry> list(String partner, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ledger_entry WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (partner != null) {
            sql.append(" AND partner = ?");
            args.add(partner);
        }
        if (since != null) {
            sql.append(" AND at >= ?");
            args.add(since.toString());
        }
        sql.append(" ORDER BY seq LIMIT ").append(Math.max(0, limit));
        List<Entry> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
        return out;
    }

    /** Counts by kind, type, TLP, grade and denials by rule, for one partner (null = all) since an instant (null = ever). */
    public Report report(String partner, Instant since) {
        Map<String, Long> byKind = new TreeMap<>();
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byTlp = new TreeMap<>();
        Map<String, Long> byGrade = new TreeMap<>();
        Map<String, Long> denials = new TreeMap<>();
        long n = 0;
        StringBuilder sql = new StringBuilder("SELECT kind, object_type, tlp, grade, rules FROM ledger_entry WHERE 1 = 1");
        List<String> args = new ArrayList<>();
        if (partner != null) {
            sql.append(" AND partner = ?");
            args.add(partner);
        }
        if (since != null) {
            sql.append(" AND at >= ?");
            args.add(since.toString());
        }
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                    String kind = rs.getString(1);
                    byKind.merge(kind, 1L, Long::sum);
                    if (kind.equals("send") || kind.equals("receive")) {
                        byType.merge(orNone(rs.getString(2)), 1L, Long::sum);
                        byTlp.merge(orNone(rs.getString(3)), 1L, Long::sum);
                        byGrade.merge(orNone(rs.getString(4)), 1L, Long::sum);
                    }
                    if (kind.equals("deny") || kind.equals("refuse")) {
                        for (String rule : parseRules(rs.getString(5))) {
                            denials.merge(rule, 1L, Long::sum);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ledger: " + e.getMessage(), e);
        }
        return new Report(partner, since, n, byKind, byType, byTlp, byGrade, denials);
    }

    /** The content hash the ledger records for an object: SHA-256 of its RFC 8785 canonical JSON, in hex. */
    public static String contentHash(JsonValue object) {
        return sha256(Canonical.toBytes(object));
    }

    /**
     * SHA-256 over the RFC 8785 canonical JSON of an entry's fields: the
     * members below are written in canonical order (names sorted by UTF-16
     * code units), absent when null, exactly as the canonical form of the
     * {@link Entry#toJson()} members without {@code hash} would be.
     */
    static String hashOf(long seq, Instant at, String kind, String partner, String objectId, String objectVersion,
                         String objectType, String contentHash, String tlp, String grade, List<String> rules,
                         String detail, String prevHash) {
        StringBuilder sb = new StringBuilder(ENTRY_TEXT_SIZE);
        sb.append("{\"at\":");
        Canonical.appendString(sb, at.toString());
        member(sb, "content_hash", contentHash);
        member(sb, "detail", detail);
        member(sb, "grade", grade);
        member(sb, "kind", kind);
        member(sb, "object_id", objectId);
        member(sb, "object_type", objectType);
        member(sb, "object_version", objectVersion);
        member(sb, "partner", partner);
        member(sb, "prev_hash", prevHash);
        sb.append(",\"rules\":[");
        for (int i = 0; i < rules.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Canonical.appendString(sb, rules.get(i));
        }
        sb.append("],\"seq\":");
        sb.append(seq <= MAX_SAFE_INTEGER ? Long.toString(seq) : Canonical.formatNumber((double) seq));
        member(sb, "tlp", tlp);
        sb.append('}');
        return sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Integers up to 2^53 - 1 are exact doubles and print as themselves in canonical JSON. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** Typical canonical size of an entry, so the builder rarely grows. */
    private static final int ENTRY_TEXT_SIZE = 512;

    private static void member(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(",\"").append(name).append("\":");
            Canonical.appendString(sb, value);
        }
    }

    private static String sha256(byte[] bytes) {
        return HEX.formatHex(SHA256.get().digest(bytes));
    }

    private static final HexFormat HEX = HexFormat.of();
    /** This thread's SHA-256 instance (a provider lookup per hash costs more than hashing an entry). */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private static Entry read(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("seq"), Instant.parse(rs.getString("at")), Kind.parse(rs.getString("kind")),
                rs.getString("partner"), rs.getString("object_id"), rs.getString("object_version"),
                rs.getString("object_type"), rs.getString("content_hash"), rs.getString("tlp"), rs.getString("grade"),
                parseRules(rs.getString("rules")), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    private static List<String> parseRules(String json) {
        if (json == null) {
            return List.of();
        }
        JsonValue v = Json.parse(json);
        return v instanceof JsonArray a ? a.strings() : List.of();
    }

    private static String orNone(String s) {
        return s == null ? "none" : s;
    }

    private static void setNullable(PreparedStatement ps, int i, String v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, v);
        }
    }
}
