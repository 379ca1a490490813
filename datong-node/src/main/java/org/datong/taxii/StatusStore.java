package org.datong.taxii;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.datong.store.Database;
import org.datong.store.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Keeps the TAXII status resources of POSTed envelopes, so they can be fetched later (section 4.3). */
public final class StatusStore {
    /** A stored status resource and who may see it. */
    public record Status(String id, String collection, String owner, String json) {
    }

    private final Database db;

    public StatusStore(Database db) {
        this.db = db;
    }

    /**
     * Runs {@code write} (which stores objects and says what happened) and
     * saves the status it returns in the same transaction, so both are kept
     * or neither, with one commit. Returns the status as JSON text.
     */
    String saveWith(String id, String collection, String owner, Instant requested, Supplier<JsonObject> write) {
        return db.inTransaction(() -> {
            JsonObject status = write.get();
            String json = Json.write(status);
            insert(id, collection, owner, status, json, requested);
            return json;
        });
    }

    private void insert(String id, String collection, String owner, JsonObject status, String json, Instant requested) {
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
            ps.setLong(10, requested.toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot record status " + id, e);
        }
    }

    private static long count(JsonObject o, String key) {
        return ((org.datong.stix.json.JsonNumber) o.get(key)).longValue();
    }

    Optional<Status> get(String id) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, coll, owner, details FROM taxii_status WHERE id = ?")) {
            ps.setString(1, id);
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
