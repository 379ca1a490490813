package org.datong.store;

import org.datong.pattern.Patterns;
import org.datong.stix.Finding;
import org.datong.stix.StixId;
import org.datong.stix.Validator;
import org.datong.stix.Timestamp;
import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.stix.json.JsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.regex.Pattern;

/*
 * Design: the SQL object store (SQLite and PostgreSQL, same DML).
 *
 * Ordering. Each collection row carries next_seq and last_added. A write takes
 * the collection's row lock first (UPDATE ... next_seq = next_seq + n), which
 * serialises writers of one collection until commit, so sequence numbers and
 * date_added values become visible in increasing order. A reader that saw seq
 * s therefore never later sees a committed row with a smaller seq: keyset
 * pagination on seq (the opaque cursor) neither skips nor repeats under
 * concurrent writers. date_added is max(clock, last_added + 1 ms), so it never goes
 * backwards even when the clock does, and it is one millisecond later than the
 * previous commit's at least, so all objects sharing a date_added were committed
 * together: a reader that continues with added_after = the last date it saw
 * (TAXII 2.1 section 3.5) misses nothing either. added_after is resolved to a
 * seq bound through the (coll, date_added, seq) index.
 *
 * Writes. One transaction per batch: INSERT ... ON CONFLICT DO NOTHING in a
 * prepared-statement batch; the update count tells stored from duplicate with
 * no SELECT round trip. A batch takes one sequence number per input up front;
 * those of refused inputs and duplicates are simply skipped.
 *
 * Checking. Parsing (for raw inputs) and validation, most of the CPU of a
 * write, run in pieces of CHUNK inputs on the PREPARERS pool; the writer,
 * holding the transaction, inserts piece k as soon as it is ready while later
 * pieces are still being checked, and runs any piece no preparer has started
 * rather than wait. Pieces are inserted in input order, so sequence numbers,
 * outcomes and listener order are those of a sequential write. A piece that
 * throws (a raw input that is not JSON) rolls the whole batch back.
 * The is_first / is_last flags (for match[version]=first/last without a
 * GROUP BY at read time) are recomputed for the ids just stored, in a second
 * batch that only touches rows whose flag changes.
 *
 * Reads. The stored JSON text is returned as is; pages are one indexed range
 * scan (coll, seq > cursor) with LIMIT n + 1 to learn "more" — never OFFSET,
 * so the last page costs what the first does. Pages filtered by id go through
 * the (coll, object_id, version_key) index and are sorted (see pageSql).
 */
final class SqlObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqlObjectStore.class);

    /** Collection ids: short, URL-safe, no surprises in paths. */
    private static final Pattern COLLECTION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** spec_version assumed for objects that do not state one (STIX 2.1 SCOs may omit it). */
    private static final String DEFAULT_SPEC_VERSION = "2.1";
    /** version_key of objects without created/modified: one version per id. */
    private static final String UNVERSIONED = "";
    private static final DateTimeFormatter VERSION_KEY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String CURSOR_PREFIX = "s";
    /**
     * Inputs per preparation task: a batch of 1000 is spread over the cores in
     * ten pieces, and the writer can insert the first while the rest are checked.
     */
    private static final int CHUNK = 100;
    /** Threads that parse and validate the chunks of a batch; the writer runs chunks no one has started. */
    private static final ExecutorService PREPARERS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), Thread.ofPlatform().daemon().name("datong-prepare-", 0).factory());
    /** Objects are checked once, here at the edge, against STIX 2.1 including their patterns. */
    private static final Validator VALIDATOR = Validator.standard().withPatternChecker(Patterns.checker());

    private static final String INSERT = "INSERT INTO stix_object (coll, seq, object_id, version_key, version, type,"
            + " spec_version, date_added, is_first, is_last, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, ?)"
            + " ON CONFLICT DO NOTHING";
    private static final String FLAG_FIRST = "(CASE WHEN version_key = (SELECT MIN(o.version_key) FROM stix_object o"
            + " WHERE o.coll = stix_object.coll AND o.object_id = stix_object.object_id) THEN 1 ELSE 0 END)";
    private static final String FLAG_LAST = "(CASE WHEN version_key = (SELECT MAX(o.version_key) FROM stix_object o"
            + " WHERE o.coll = stix_object.coll AND o.object_id = stix_object.object_id) THEN 1 ELSE 0 END)";
    /** When the one copy of an object without created/modified was added (for the outcome of a duplicate). */
    private static final String HELD_ADDED = "SELECT date_added FROM stix_object WHERE coll = ? AND object_id = ?"
            + " AND version_key = '" + UNVERSIONED + "'";
    private static final String FIX_FLAGS = "UPDATE stix_object SET is_first = " + FLAG_FIRST + ", is_last = " + FLAG_LAST
            + " WHERE coll = ? AND object_id = ? AND (is_first <> " + FLAG_FIRST + " OR is_last <> " + FLAG_LAST + ")";

    private final Database db;
    private final Clock clock;
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
    /** Collection id to its key; collections are never removed, so entries never go stale. */
    private final Map<String, Long> keys = new ConcurrentHashMap<>();

    SqlObjectStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- collections

    @Override
    public StoredCollection createCollection(StoredCollection c) {
        if (!COLLECTION_ID.matcher(c.id()).matches()) {
            throw new IllegalArgumentException("collection id '" + c.id()
                    + "' must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (c.title().isBlank()) {
            throw new IllegalArgumentException("a collection needs a title");
        }
        requireNames(c.readers(), c.writers());
        synchronized (db.writeLock()) {
            try (Connection con = db.dataSource().getConnection()) {
                con.setAutoCommit(false);
                try {
                    if (key(con, c.id()) != null) {
                        throw new IllegalArgumentException("collection '" + c.id() + "' already exists");
                    }
                    long key;
                    try (PreparedStatement ps = con.prepareStatement("INSERT INTO collection (id, title, description,"
                            + " alias, anonymous_read, created) VALUES (?, ?, ?, ?, ?, ?)")) {
                        ps.setString(1, c.id());
                        ps.setString(2, c.title());
                        ps.setString(3, c.description());
                        ps.setString(4, c.alias());
                        ps.setInt(5, c.anonymousRead() ? 1 : 0);
                        ps.setLong(6, clock.millis());
                        ps.executeUpdate();
                    }
                    key = key(con, c.id());
                    insertAccess(con, key, c.readers(), c.writers());
                    con.commit();
                    keys.put(c.id(), key);
                } catch (SQLException | RuntimeException e) {
                    con.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot create collection " + c.id(), e);
            }
        }
        return collection(c.id()).orElseThrow();
    }

    private static void requireNames(List<String> readers, List<String> writers) {
        for (String p : concat(readers, writers)) {
            if (p.isBlank() || p.equals(StoredCollection.GROUP_PREFIX)) {
                throw new IllegalArgumentException("empty user or group name in the readers or writers");
            }
        }
    }

    private static void insertAccess(Connection con, long key, List<String> readers, List<String> writers)
            throws SQLException {
        Map<String, boolean[]> access = new LinkedHashMap<>();
        readers.forEach(p -> access.computeIfAbsent(p, x -> new boolean[2])[0] = true);
        writers.forEach(p -> access.computeIfAbsent(p, x -> new boolean[2])[1] = true);
        try (PreparedStatement ps = con.prepareStatement(
                "INSERT INTO collection_access (coll, principal, can_read, can_write) VALUES (?, ?, ?, ?)")) {
            for (var e : access.entrySet()) {
                ps.setLong(1, key);
                ps.setString(2, e.getKey());
                ps.setInt(3, e.getValue()[0] ? 1 : 0);
                ps.setInt(4, e.getValue()[1] ? 1 : 0);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public StoredCollection setAccess(String collectionId, List<String> readers, List<String> writers,
                                      boolean anonymousRead) {
        requireNames(readers, writers);
        synchronized (db.writeLock()) {
            try (Connection con = db.dataSource().getConnection()) {
                con.setAutoCommit(false);
                try {
                    Long key = key(con, collectionId);
                    if (key == null) {
                        throw new NoSuchCollectionException(collectionId);
                    }
                    try (PreparedStatement ps = con.prepareStatement("DELETE FROM collection_access WHERE coll = ?")) {
                        ps.setLong(1, key);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = con.prepareStatement(
                            "UPDATE collection SET anonymous_read = ? WHERE ckey = ?")) {
                        ps.setInt(1, anonymousRead ? 1 : 0);
                        ps.setLong(2, key);
                        ps.executeUpdate();
                    }
                    insertAccess(con, key, readers, writers);
                    con.commit();
                } catch (SQLException | RuntimeException e) {
                    con.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot change the rights of collection " + collectionId, e);
            }
        }
        return collection(collectionId).orElseThrow(() -> new NoSuchCollectionException(collectionId));
    }

    @Override
    public List<StoredCollection> collections() {
        return readCollections(null);
    }

    @Override
    public Optional<StoredCollection> collection(String id) {
        return readCollections(id).stream().findFirst();
    }

    private List<StoredCollection> readCollections(String onlyId) {
        String where = onlyId == null ? "" : " WHERE c.id = ?";
        String sql = "SELECT c.ckey, c.id, c.title, c.description, c.alias, c.anonymous_read, a.principal, a.can_read,"
                + " a.can_write FROM collection c LEFT JOIN collection_access a ON a.coll = c.ckey" + where
                + " ORDER BY c.ckey, a.principal";
        Map<Long, Builder> out = new LinkedHashMap<>();
        try (Connection con = db.dataSource().getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            if (onlyId != null) {
                ps.setString(1, onlyId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Builder b = out.computeIfAbsent(rs.getLong(1), k -> new Builder());
                    b.id = rs.getString(2);
                    b.title = rs.getString(3);
                    b.description = rs.getString(4);
                    b.alias = rs.getString(5);
                    b.anonymous = rs.getInt(6) != 0;
                    String principal = rs.getString(7);
                    if (principal != null) {
                        if (rs.getInt(8) != 0) {
                            b.readers.add(principal);
                        }
                        if (rs.getInt(9) != 0) {
                            b.writers.add(principal);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read collections", e);
        }
        return out.values().stream().map(Builder::build).toList();
    }

    private static final class Builder {
        String id;
        String title;
        String description;
        String alias;
        boolean anonymous;
        final List<String> readers = new ArrayList<>();
        final List<String> writers = new ArrayList<>();

        StoredCollection build() {
            return new StoredCollection(id, title, description, alias, readers, writers, anonymous);
        }
    }

    private long requireKey(Connection con, String collectionId) throws SQLException {
        Long k = keys.get(collectionId);
        if (k == null) {
            k = key(con, collectionId);
            if (k == null) {
                throw new NoSuchCollectionException(collectionId);
            }
            keys.put(collectionId, k);
        }
        return k;
    }

    private static Long key(Connection con, String collectionId) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("SELECT ckey FROM collection WHERE id = ?")) {
            ps.setString(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    // ---------------------------------------------------------------- writes

    /** An input checked and ready to insert, or refused. */
    private record Prepared(int index, String id, String type, String version, String versionKey,
                            String specVersion, String json, String refusal) {
    }

    private static Prepared prepare(int index, StixInput input) {
        JsonValue value = input.value();
        if (!(value instanceof JsonObject o)) {
            return refused(index, null, null, "not a JSON object but a JSON " + value.kind());
        }
        String id = o.getString("id");
        String type = o.getString("type");
        // what a refused object claims as its version (modified, else created), even when that is not valid
        String claimed = o.getString("modified") != null ? o.getString("modified") : o.getString("created");
        if (id == null) {
            return refused(index, null, claimed, "the required property 'id' is missing or not a string");
        }
        if (type == null) {
            return refused(index, id, claimed, "the required property 'type' is missing or not a string");
        }
        if (!input.checked()) {
            for (Finding f : VALIDATOR.validate(o, "$")) {
                if (f.isError()) {
                    return refused(index, id, claimed, f.path() + ": " + f.message() + " (" + f.rule() + ")");
                }
            }
        }
        String idProblem = StixId.problem(id);
        if (idProblem != null) {
            return refused(index, id, claimed, idProblem);
        }
        if (!type.equals(StixId.typeOf(id))) {
            return refused(index, id, claimed, "id '" + id + "' does not start with its type '" + type + "--'");
        }
        String version = null;
        String versionKey = UNVERSIONED;
        for (String property : new String[]{"modified", "created"}) {
            JsonValue v = o.get(property);
            if (v == null) {
                continue;
            }
            String text = o.getString(property);
            String problem = text == null ? "is not a string" : Timestamp.problem(text);
            if (problem != null) {
                return refused(index, id, claimed, "'" + property + "' " + problem);
            }
            if (version == null) {
                version = text;
                versionKey = versionKey(text);
            }
        }
        JsonValue sv = o.get("spec_version");
        String specVersion = DEFAULT_SPEC_VERSION;
        if (sv != null) {
            specVersion = o.getString("spec_version");
            if (specVersion == null || specVersion.isBlank()) {
                return refused(index, id, version, "'spec_version' must be a non-empty string");
            }
        }
        String text = input.text() != null ? input.text() : Json.write(o);
        return new Prepared(index, id, type, version, versionKey, specVersion, text, null);
    }

    /**
     * The version key of a valid STIX timestamp: what {@link #VERSION_KEY}
     * makes of its instant (nine fraction digits, so equal instants have equal
     * keys), built from the text without a formatter.
     */
    static String versionKey(String timestamp) {
        char[] key = "0000-00-00T00:00:00.000000000Z".toCharArray();
        timestamp.getChars(0, 19, key, 0);
        int fraction = Math.min(timestamp.length() - 21, 9);
        if (fraction > 0) {
            timestamp.getChars(20, 20 + fraction, key, 20);
        }
        return new String(key);
    }

    private static Prepared refused(int index, String id, String version, String reason) {
        return new Prepared(index, id, null, version, null, null, null, reason);
    }

    /**
     * Prepares inputs [from, to) of a batch: parses raw inputs and validates.
     * Runs on a preparer thread or on the writer's.
     */
    private static Prepared[] prepareRange(List<StixInput> inputs, int from, int to) {
        Prepared[] out = new Prepared[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = prepare(i, inputs.get(i));
        }
        return out;
    }

    @Override
    public BatchResult addInputs(String collectionId, List<StixInput> inputs) {
        int n = inputs.size();
        List<FutureTask<Prepared[]>> chunks = new ArrayList<>((n + CHUNK - 1) / CHUNK);
        for (int from = 0; from < n; from += CHUNK) {
            int f = from;
            int t = Math.min(n, from + CHUNK);
            chunks.add(new FutureTask<>(() -> prepareRange(inputs, f, t)));
        }
        if (chunks.size() > 1) {
            // every chunk is offered to the preparers; the writer runs any that none has started
            chunks.forEach(PREPARERS::execute);
        }
        Prepared[] prepared = new Prepared[n];
        Outcome.Status[] statuses = new Outcome.Status[n];
        Instant dateAdded;
        List<StoredObject> stored = new ArrayList<>();
        Map<Integer, Instant> heldAdded = new HashMap<>();
        try {
            // the first piece is parsed and validated before the write lock is taken, so other
            // writers (another POST, a sync batch) are not kept waiting while nothing can be inserted yet
            if (!chunks.isEmpty()) {
                chunks.get(0).run();
            }
            synchronized (db.writeLock()) {
                try (Connection con = db.dataSource().getConnection()) {
                    con.setAutoCommit(false);
                    try {
                        long key = requireKey(con, collectionId);
                        long now = clock.millis();
                        long seq;
                        long added;
                        // one sequence number per input, handed out under the collection's row lock;
                        // those of refused and duplicate inputs are skipped
                        try (PreparedStatement ps = con.prepareStatement("UPDATE collection SET next_seq = next_seq + ?,"
                                + " last_added = CASE WHEN last_added >= ? THEN last_added + 1 ELSE ? END WHERE ckey = ?")) {
                            ps.setLong(1, n);
                            ps.setLong(2, now);
                            ps.setLong(3, now);
                            ps.setLong(4, key);
                            ps.executeUpdate();
                        }
                        try (PreparedStatement ps = con.prepareStatement(
                                "SELECT next_seq, last_added FROM collection WHERE ckey = ?")) {
                            ps.setLong(1, key);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                seq = rs.getLong(1) - n;
                                added = rs.getLong(2);
                            }
                        }
                        dateAdded = Instant.ofEpochMilli(added);
                        int helpFrom = 0;
                        try (PreparedStatement insert = con.prepareStatement(INSERT);
                             PreparedStatement fix = con.prepareStatement(FIX_FLAGS);
                             PreparedStatement held = con.prepareStatement(HELD_ADDED)) {
                            for (int c = 0; c < chunks.size(); c++) {
                                helpFrom = Math.max(helpFrom, c + 1);
                                FutureTask<Prepared[]> task = chunks.get(c);
                                task.run();
                                while (!task.isDone() && helpFrom < chunks.size()) {
                                    chunks.get(helpFrom++).run();
                                }
                                Prepared[] chunk = result(task);
                                System.arraycopy(chunk, 0, prepared, c * CHUNK, chunk.length);
                                store(insert, fix, held, key, seq + (long) c * CHUNK, added, chunk, statuses, stored,
                                        heldAdded);
                            }
                        }
                        con.commit();
                    } catch (SQLException | RuntimeException e) {
                        con.rollback();
                        throw e;
                    }
                } catch (SQLException e) {
                    throw new StoreException("cannot store objects in collection " + collectionId, e);
                }
            }
        } finally {
            // after a failure, chunks no one has started need not run
            chunks.forEach(t -> t.cancel(false));
        }
        List<Outcome> outcomes = new ArrayList<>(n);
        for (Prepared p : prepared) {
            outcomes.add(p.refusal != null
                    ? new Outcome(p.index, p.id, p.version, Outcome.Status.REFUSED, p.refusal, null)
                    : new Outcome(p.index, p.id, p.version, statuses[p.index], null,
                            statuses[p.index] == Outcome.Status.STORED ? dateAdded : heldAdded.get(p.index)));
        }
        if (!stored.isEmpty()) {
            List<StoredObject> added = List.copyOf(stored);
            db.afterCommit(() -> notifyListeners(collectionId, added));
        }
        return new BatchResult(outcomes, dateAdded);
    }

    /**
     * Inserts the good inputs of one prepared chunk (the first gets sequence
     * number {@code firstSeq} + its offset in the chunk) and fixes the version
     * flags of the ids newly stored. For a duplicate without created/modified
     * it reads when the copy held was added (its version, as TAXII shows it)
     * into {@code heldAdded}, by input index.
     */
    private static void store(PreparedStatement insert, PreparedStatement fix, PreparedStatement held, long key,
                              long firstSeq, long added, Prepared[] chunk, Outcome.Status[] statuses,
                              List<StoredObject> stored, Map<Integer, Instant> heldAdded)
            throws SQLException {
        int good = 0;
        for (int i = 0; i < chunk.length; i++) {
            Prepared p = chunk[i];
            if (p.refusal != null) {
                continue;
            }
            insert.setLong(1, key);
            insert.setLong(2, firstSeq + i);
            insert.setString(3, p.id);
            insert.setString(4, p.versionKey);
            insert.setString(5, p.version);
            insert.setString(6, p.type);
            insert.setString(7, p.specVersion);
            insert.setLong(8, added);
            insert.setString(9, p.json);
            insert.addBatch();
            good++;
        }
        if (good == 0) {
            return;
        }
        int[] counts = insert.executeBatch();
        Instant dateAdded = Instant.ofEpochMilli(added);
        int fixes = 0;
        int k = 0;
        for (Prepared p : chunk) {
            if (p.refusal != null) {
                continue;
            }
            int count = counts[k++];
            boolean isNew = count > 0 || count == Statement.SUCCESS_NO_INFO;
            statuses[p.index] = isNew ? Outcome.Status.STORED : Outcome.Status.DUPLICATE;
            if (isNew) {
                stored.add(new StoredObject(p.id, p.type, p.version, p.specVersion, dateAdded, p.json));
                fix.setLong(1, key);
                fix.setString(2, p.id);
                fix.addBatch();
                fixes++;
            } else if (p.versionKey.equals(UNVERSIONED)) {
                held.setLong(1, key);
                held.setString(2, p.id);
                try (ResultSet rs = held.executeQuery()) {
                    if (rs.next()) {
                        heldAdded.put(p.index, Instant.ofEpochMilli(rs.getLong(1)));
                    }
                }
            }
        }
        if (fixes > 0) {
            fix.executeBatch();
        }
    }

    /** The chunk a task prepared; what it threw is thrown here, on the writer's thread. */
    private static Prepared[] result(FutureTask<Prepared[]> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while objects were being checked", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new StoreException("checking objects failed", e.getCause());
        }
    }

    private void notifyListeners(String collectionId, List<StoredObject> stored) {
        for (StoreListener l : listeners) {
            try {
                l.stored(collectionId, stored);
            } catch (RuntimeException e) {
                LOG.error("store listener {} failed on {} objects of collection {}; the objects stay stored",
                        l, stored.size(), collectionId, e);
            }
        }
    }

    @Override
    public void addListener(StoreListener listener) {
        listeners.add(listener);
    }

    // ---------------------------------------------------------------- reads

    @Override
    public Page objects(String collectionId, ObjectQuery query) {
        return page(collectionId, null, query, true);
    }

    @Override
    public Page manifest(String collectionId, ObjectQuery query) {
        return page(collectionId, null, query, false);
    }

    @Override
    public Page versions(String collectionId, String objectId, ObjectQuery query) {
        ObjectQuery q = new ObjectQuery(query.addedAfter(), query.next(), null, null, ObjectQuery.Versions.ALL,
                query.specVersions(), query.limit());
        return page(collectionId, objectId, q, false);
    }

    private Page page(String collectionId, String objectId, ObjectQuery q, boolean withJson) {
        long after = q.next() == null ? 0 : decodeCursor(q.next());
        try (Connection con = db.dataSource().getConnection()) {
            long key = requireKey(con, collectionId);
            if (q.addedAfter() != null) {
                Long first = firstSeqAddedAfter(con, key, q.addedAfter());
                if (first == null) {
                    return new Page(List.of(), false, null);
                }
                after = Math.max(after, first - 1);
            }
            List<Object> args = new ArrayList<>();
            String sql = pageSql(objectId, q, withJson, args);
            args.add(0, key);
            args.add(1, after);
            args.add(q.limit() + 1);
            List<StoredObject> out = new ArrayList<>(Math.min(q.limit(), 1024));
            long lastSeq = after;
            boolean more = false;
            try (PreparedStatement ps = con.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (out.size() == q.limit()) {
                            more = true;
                            break;
                        }
                        lastSeq = rs.getLong(1);
                        out.add(new StoredObject(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                Instant.ofEpochMilli(rs.getLong(6)), withJson ? rs.getString(7) : null));
                    }
                }
            }
            return new Page(out, more, more ? encodeCursor(lastSeq) : null);
        } catch (SQLException e) {
            throw new StoreException("cannot read collection " + collectionId, e);
        }
    }

    /**
     * The query for one page: parameters collection key, cursor seq, then
     * {@code args} (filled here), then the row limit. With an id filter the
     * rows are found through the (coll, object_id, version_key) index and
     * sorted; {@code +seq} keeps the planner from walking the whole collection
     * in seq order and testing each row's id, which it otherwise prefers
     * because it saves the sort.
     */
    static String pageSql(String objectId, ObjectQuery q, boolean withJson, List<Object> args) {
        boolean byId = objectId != null || !q.ids().isEmpty();
        String seq = byId ? "+seq" : "seq";
        StringBuilder sql = new StringBuilder("SELECT seq, object_id, type, version, spec_version, date_added")
                .append(withJson ? ", json" : "")
                .append(" FROM stix_object WHERE coll = ? AND ").append(seq).append(" > ?");
        if (objectId != null) {
            sql.append(" AND object_id = ?");
            args.add(objectId);
        }
        appendFilters(sql, args, q);
        sql.append(" ORDER BY ").append(seq).append(" LIMIT ?");
        return sql.toString();
    }

    private static Long firstSeqAddedAfter(Connection con, long key, Instant addedAfter) throws SQLException {
        // date_added has millisecond precision: "after t" is "at or after floor(t) + 1 ms".
        long bound = addedAfter.toEpochMilli();
        try (PreparedStatement ps = con.prepareStatement(
                "SELECT MIN(seq) FROM stix_object WHERE coll = ? AND date_added > ?")) {
            ps.setLong(1, key);
            ps.setLong(2, bound);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    private static void appendFilters(StringBuilder sql, List<Object> args, ObjectQuery q) {
        in(sql, args, "object_id", q.ids());
        in(sql, args, "type", q.types());
        in(sql, args, "spec_version", q.specVersions());
        ObjectQuery.Versions v = q.versions();
        if (!v.all()) {
            List<String> alternatives = new ArrayList<>();
            if (v.first()) {
                alternatives.add("is_first = 1");
            }
            if (v.last()) {
                alternatives.add("is_last = 1");
            }
            if (!v.exact().isEmpty()) {
                alternatives.add("version_key IN (" + "?,".repeat(v.exact().size() - 1) + "?)");
                v.exact().forEach(t -> args.add(VERSION_KEY.format(t.instant())));
                // an object without created/modified shows its date_added as its version (TAXII 2.1 section
                // 3.4.1: "a value for the version that is consistent to the server"), so that value selects it
                List<Long> added = v.exact().stream().map(Timestamp::instant)
                        .filter(t -> t.getNano() % 1_000_000 == 0).map(Instant::toEpochMilli).distinct().toList();
                if (!added.isEmpty()) {
                    alternatives.add("(version_key = '" + UNVERSIONED + "' AND date_added IN ("
                            + "?,".repeat(added.size() - 1) + "?))");
                    args.addAll(added);
                }
            }
            sql.append(" AND (").append(String.join(" OR ", alternatives)).append(')');
        }
    }

    private static void in(StringBuilder sql, List<Object> args, String column, Collection<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" IN (").append("?,".repeat(values.size() - 1)).append("?)");
        args.addAll(values);
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    @Override
    public int delete(String collectionId, String objectId, ObjectQuery query) {
        int deleted;
        synchronized (db.writeLock()) {
            try (Connection con = db.dataSource().getConnection()) {
                con.setAutoCommit(false);
                try {
                    long key = requireKey(con, collectionId);
                    List<Object> args = new ArrayList<>();
                    StringBuilder sql = new StringBuilder("DELETE FROM stix_object WHERE coll = ? AND object_id = ?");
                    args.add(key);
                    args.add(objectId);
                    ObjectQuery q = new ObjectQuery(null, null, null, null, query.versions(), query.specVersions(), 1);
                    appendFilters(sql, args, q);
                    try (PreparedStatement ps = con.prepareStatement(sql.toString())) {
                        bind(ps, args);
                        deleted = ps.executeUpdate();
                    }
                    try (PreparedStatement ps = con.prepareStatement(FIX_FLAGS)) {
                        ps.setLong(1, key);
                        ps.setString(2, objectId);
                        ps.executeUpdate();
                    }
                    con.commit();
                } catch (SQLException | RuntimeException e) {
                    con.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot delete " + objectId + " from collection " + collectionId, e);
            }
        }
        return deleted;
    }

    @Override
    public long count(String collectionId) {
        try (Connection con = db.dataSource().getConnection()) {
            long key = requireKey(con, collectionId);
            try (PreparedStatement ps = con.prepareStatement("SELECT COUNT(*) FROM stix_object WHERE coll = ?")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count collection " + collectionId, e);
        }
    }

    @Override
    public Added addedSince(String collectionId, Instant from) {
        try (Connection con = db.dataSource().getConnection()) {
            long key = requireKey(con, collectionId);
            try (PreparedStatement ps = con.prepareStatement(
                    "SELECT COUNT(*), MIN(date_added) FROM stix_object WHERE coll = ? AND date_added >= ?")) {
                ps.setLong(1, key);
                ps.setLong(2, from.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long n = rs.getLong(1);
                    long first = rs.getLong(2);
                    return new Added(n, rs.wasNull() ? null : Instant.ofEpochMilli(first));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot count collection " + collectionId, e);
        }
    }

    @Override
    public Instant lastAdded(String collectionId) {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("SELECT last_added FROM collection WHERE id = ?")) {
            ps.setString(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new NoSuchCollectionException(collectionId);
                }
                return Instant.ofEpochMilli(rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read collection " + collectionId, e);
        }
    }

    // ---------------------------------------------------------------- cursors

    static String encodeCursor(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + seq).getBytes(StandardCharsets.US_ASCII));
    }

    static long decodeCursor(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (s.startsWith(CURSOR_PREFIX)) {
                long seq = Long.parseLong(s.substring(CURSOR_PREFIX.length()));
                if (seq >= 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new InvalidQueryException("'next' is not a cursor this server issued: '" + cursor + "'");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
