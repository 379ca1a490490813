package org.datong.taxii;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.store.Database;
import org.datong.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps the TAXII status resources of POSTed envelopes, so they can be
 * fetched later (section 4.3), for a retention period after the request
 * completed. An expired status is never served (the endpoint answers 404);
 * expired rows are deleted by {@link #purgeExpired()}, which saving a status
 * runs at most once per {@link #PURGE_INTERVAL} of the clock.
 */
public final class StatusStore {
    /** How often (at most) a save also deletes expired statuses: bounds the table without a DELETE per POST. */
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    /** A stored status resource and who may see it. */
    public record Status(String id, String collection, String owner, String json) {
    }

    private final Database db;
    private final Clock clock;
    private final Duration retention;
    private final AtomicLong nextPurge = new AtomicLong(Long.MIN_VALUE);

    /**
     * @param db        the node's database
     * @param clock     the node's clock
     * @param retention how long a status can be fetched after its request completed
     */
    public StatusStore(Database db, Clock clock, Duration retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Runs {@code write} (which stores objects and says what happened) and
     * saves the status it returns in the same transaction, so both are kept
     * or neither, with one commit. Returns the status as JSON text.
     */
    String saveWith(String id, String collection, String owner, Supplier<JsonObject> write) {
        String saved = db.inTransaction(() -> {
            JsonObject status = write.get();
            String json = Json.write(status);
            insert(id, collection, owner, status, json, clock.millis());
            return json;
        });
        long now = clock.millis();
        long due = nextPurge.get();
        if (now >= due && nextPurge.compareAndSet(due, now + PURGE_INTERVAL.toMillis())) {
            purgeExpired();
        }
        return saved;
    }

    /**
     * Deletes the statuses whose retention has passed.
     *
     * @return how many were deleted
     */
    public int purgeExpired() {
        synchronized (db.writeLock()) {
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM taxii_status WHERE created < ?")) {
                ps.setLong(1, oldestLive());
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("cannot delete expired status resources", e);
            }
        }
    }

    /** Completion time (epoch ms, the {@code created} column) of the oldest status still served. */
    private long oldestLive() {
        return clock.millis() - retention.toMillis();
    }

    /** Keeps a status; {@code completedMillis}, when the request finished, starts its retention. */
    private void insert(String id, String collection, String owner, JsonObject status, String json,
                        long completedMillis) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO taxii_status (id, coll, owner, request_timestamp,"
                     + " total_count, success_count, failure_count, pending_count, details, created)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, collection);
            ps.setString(3, owner);
            ps.setString(4, status.getString("request_timestamp"));
            ps.setLong(5, count(status, "total_count"));
            ps.setLong(6, count(status, "success_count"));
            ps.setLong(7, count(status, "failure_count"));
            ps.setLong(8, count(status, "pending_count"));
            ps.setString(9, json);
            ps.setLong(10, completedMillis);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record status " + id, e);
        }
    }

    private static long count(JsonObject o, String key) {
        return ((org.datong.stix.json.JsonNumber) o.get(key)).longValue();
    }

    /** The status with this id, unless unknown or expired. */
    Optional<Status> get(String id) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id, coll, owner, details FROM taxii_status WHERE id = ? AND created >= ?")) {
            ps.setString(1, id);
            ps.setLong(2, oldestLive());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Status(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read status " + id, e);
        }
    }
}
