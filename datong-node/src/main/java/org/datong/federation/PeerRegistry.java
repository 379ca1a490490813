package org.datong.federation;

import org.datong.store.Database;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The peers of this node, their persisted sync cursors and their health, in
 * the node's database (tables {@code fed_peer}, {@code fed_cursor},
 * {@code fed_peer_state}). Thread-safe; every method is one short transaction.
 *
 * <p>Peer credentials are stored as given, because the node must present
 * them to the peer; protect the database as you protect the key file.
 */
public final class PeerRegistry {
    /** Which way a cursor tracks. */
    public enum Direction { PULL, PUSH }

    /**
     * The health of one peer.
     *
     * @param lastSuccess when a sync with it last succeeded, or null
     * @param lastError   the last error, or null when none happened since the last success
     * @param lastErrorAt when it happened, or null
     * @param failures    consecutive failures since the last success
     * @param received    objects admitted from the peer
     * @param sent        objects the peer accepted from this node
     * @param refused     objects from the peer that were refused
     */
    public record State(Instant lastSuccess, String lastError, Instant lastErrorAt, long failures,
                        long received, long sent, long refused) {
        static final State NEW = new State(null, null, null, 0, 0, 0, 0);
    }

    /**
     * The health of one direction of the exchange with a peer.
     *
     * @param lastSuccess when an exchange in this direction last succeeded, or null
     * @param lastError   the last error in this direction, or null when none happened since the last success
     * @param lastErrorAt when it happened, or null
     * @param caughtUp    pull only: when a pull last reached the end of every collection pulled from the peer, or null
     */
    public record Link(Instant lastSuccess, String lastError, Instant lastErrorAt, Instant caughtUp) {
        static final Link NEW = new Link(null, null, null, null);
    }

    private final Database db;
    private final Clock clock;

    public PeerRegistry(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Adds a peer.
     *
     * @throws IllegalArgumentException when a peer of that name exists
     */
    public Peer add(Peer peer) {
        synchronized (db.writeLock()) {
            try (Connection con = db.dataSource().getConnection()) {
                if (find(con, peer.name()).isPresent()) {
                    throw new IllegalArgumentException("peer " + peer.name() + " already exists (remove it first to change it)");
                }
                try (PreparedStatement ps = con.prepareStatement("INSERT INTO fed_peer (name, url, identity_id, public_key,"
                        + " collections, inbox, auth_kind, auth_user, auth_secret, created) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                    ps.setString(1, peer.name());
                    ps.setString(2, peer.apiRoot().toString());
                    setNullable(ps, 3, peer.identityId());
                    ps.setString(4, peer.publicKey());
                    ps.setString(5, String.join(",", peer.collections()));
                    setNullable(ps, 6, peer.inbox());
                    switch (peer.auth()) {
                        case Peer.Auth.None n -> {
                            ps.setString(7, "none");
                            ps.setNull(8, Types.VARCHAR);
                            ps.setNull(9, Types.VARCHAR);
                        }
                        case Peer.Auth.Token t -> {
                            ps.setString(7, "token");
                            ps.setNull(8, Types.VARCHAR);
                            ps.setString(9, t.token());
                        }
                        case Peer.Auth.Basic b -> {
                            ps.setString(7, "basic");
                            ps.setString(8, b.user());
                            ps.setString(9, b.password());
                        }
                    }
                    ps.setLong(10, clock.millis());
                    ps.executeUpdate();
                }
                return peer;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot add peer " + peer.name() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Removes a peer with its cursors and state; false when there was none. */
    public boolean remove(String name) {
        synchronized (db.writeLock()) {
            try (Connection con = db.dataSource().getConnection()) {
                for (String table : List.of("fed_cursor", "fed_peer_state", "fed_link_state")) {
                    try (PreparedStatement ps = con.prepareStatement("DELETE FROM " + table + " WHERE peer = ?")) {
                        ps.setString(1, name);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = con.prepareStatement("DELETE FROM fed_peer WHERE name = ?")) {
                    ps.setString(1, name);
                    return ps.executeUpdate() > 0;
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot remove peer " + name + ": " + e.getMessage(), e);
            }
        }
    }

    /** All peers by name. */
    public List<Peer> list() {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("SELECT * FROM fed_peer ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<Peer> out = new ArrayList<>();
            while (rs.next()) {
                out.add(peer(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list peers: " + e.getMessage(), e);
        }
    }

    public Optional<Peer> get(String name) {
        try (Connection con = db.dataSource().getConnection()) {
            return find(con, name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read peer " + name + ": " + e.getMessage(), e);
        }
    }

    /** Records the peer's identity id once learned (from the partner registry or the peer itself). */
    public void setIdentity(String name, String identityId) {
        update("UPDATE fed_peer SET identity_id = ? WHERE name = ?", identityId, name);
    }

    /** The persisted position, or null when the peer was never synced in that direction for that collection. */
    public String cursor(String peer, Direction direction, String collection) {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement(
                     "SELECT position FROM fed_cursor WHERE peer = ? AND direction = ? AND collection = ?")) {
            ps.setString(1, peer);
            ps.setString(2, direction.name().toLowerCase(java.util.Locale.ROOT));
            ps.setString(3, collection);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cursor of peer " + peer + ": " + e.getMessage(), e);
        }
    }

    /** All cursors of a peer in one direction, by collection. */
    public Map<String, String> cursors(String peer, Direction direction) {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement(
                     "SELECT collection, position FROM fed_cursor WHERE peer = ? AND direction = ? ORDER BY collection")) {
            ps.setString(1, peer);
            ps.setString(2, direction.name().toLowerCase(java.util.Locale.ROOT));
            Map<String, String> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cursors of peer " + peer + ": " + e.getMessage(), e);
        }
    }

    /** Persists a position durably; called only after the data it covers is safe. */
    public void saveCursor(String peer, Direction direction, String collection, String position) {
        update("INSERT INTO fed_cursor (peer, direction, collection, position, updated) VALUES (?,?,?,?,?)"
                        + " ON CONFLICT (peer, direction, collection) DO UPDATE SET position = excluded.position,"
                        + " updated = excluded.updated",
                peer, direction.name().toLowerCase(java.util.Locale.ROOT), collection, position, clock.millis());
    }

    /** The persisted position in a local collection the engine processes, or null. */
    public String localCursor(String collection) {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("SELECT position FROM fed_local_cursor WHERE collection = ?")) {
            ps.setString(1, collection);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cursor of collection " + collection + ": " + e.getMessage(), e);
        }
    }

    /** Persists the position in a local collection the engine processes. */
    public void saveLocalCursor(String collection, String position) {
        update("INSERT INTO fed_local_cursor (collection, position, updated) VALUES (?,?,?)"
                        + " ON CONFLICT (collection) DO UPDATE SET position = excluded.position, updated = excluded.updated",
                collection, position, clock.millis());
    }

    /** Records a successful exchange and the objects it moved. */
    public void recordSuccess(String peer, long received, long sent, long refused) {
        ensureState(peer);
        update("UPDATE fed_peer_state SET last_success = ?, last_error = NULL, last_error_at = NULL, failures = 0,"
                + " received = received + ?, sent = sent + ?, refused = refused + ? WHERE peer = ?",
                clock.millis(), received, sent, refused, peer);
    }

    /** Records a failed exchange. */
    public void recordFailure(String peer, String error) {
        ensureState(peer);
        update("UPDATE fed_peer_state SET last_error = ?, last_error_at = ?, failures = failures + 1 WHERE peer = ?",
                error, clock.millis(), peer);
    }

    /**
     * Records a successful exchange in one direction.
     *
     * @param caughtUp when the exchange reached the end of what the peer had (pull), or null
     */
    public void recordSuccess(String peer, Direction direction, Instant caughtUp) {
        synchronized (db.writeLock()) {
            try (Connection con = db.dataSource().getConnection();
                 PreparedStatement ps = con.prepareStatement("INSERT INTO fed_link_state (peer, direction, last_success,"
                         + " caught_up) VALUES (?,?,?,?) ON CONFLICT (peer, direction) DO UPDATE SET"
                         + " last_success = excluded.last_success, last_error = NULL, last_error_at = NULL,"
                         + " caught_up = COALESCE(excluded.caught_up, fed_link_state.caught_up)")) {
                ps.setString(1, peer);
                ps.setString(2, word(direction));
                ps.setLong(3, clock.millis());
                if (caughtUp == null) {
                    ps.setNull(4, Types.BIGINT);
                } else {
                    ps.setLong(4, caughtUp.toEpochMilli());
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot update the peer registry: " + e.getMessage(), e);
            }
        }
    }

    /** Records a failed exchange in one direction. */
    public void recordFailure(String peer, Direction direction, String error) {
        update("INSERT INTO fed_link_state (peer, direction, last_error, last_error_at) VALUES (?,?,?,?)"
                        + " ON CONFLICT (peer, direction) DO UPDATE SET last_error = excluded.last_error,"
                        + " last_error_at = excluded.last_error_at",
                peer, word(direction), error, clock.millis());
    }

    /** The health of one direction of the exchange with a peer. */
    public Link link(String peer, Direction direction) {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("SELECT last_success, last_error, last_error_at, caught_up"
                     + " FROM fed_link_state WHERE peer = ? AND direction = ?")) {
            ps.setString(1, peer);
            ps.setString(2, word(direction));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Link.NEW;
                }
                return new Link(instant(rs, 1), rs.getString(2), instant(rs, 3), instant(rs, 4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state of peer " + peer + ": " + e.getMessage(), e);
        }
    }

    /** When a peer was added, or null when there is no such peer. */
    public Instant added(String peer) {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("SELECT created FROM fed_peer WHERE name = ?")) {
            ps.setString(1, peer);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? instant(rs, 1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read peer " + peer + ": " + e.getMessage(), e);
        }
    }

    /** The collections that hold what each peer pushed into this node: collection id to peer name. */
    public Map<String, String> inboxes() {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("SELECT collection, peer FROM fed_inbox ORDER BY collection");
             ResultSet rs = ps.executeQuery()) {
            Map<String, String> out = new LinkedHashMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the peer inboxes: " + e.getMessage(), e);
        }
    }

    /** Records that a collection holds what a peer pushes into this node; a no-op when it is recorded already. */
    public void addInbox(String collection, String peer) {
        update("INSERT INTO fed_inbox (collection, peer, created) VALUES (?,?,?) ON CONFLICT (collection) DO NOTHING",
                collection, peer, clock.millis());
    }

    private static String word(Direction d) {
        return d.name().toLowerCase(java.util.Locale.ROOT);
    }

    public State state(String peer) {
        try (Connection con = db.dataSource().getConnection();
             PreparedStatement ps = con.prepareStatement("SELECT last_success, last_error, last_error_at, failures,"
                     + " received, sent, refused FROM fed_peer_state WHERE peer = ?")) {
            ps.setString(1, peer);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return State.NEW;
                }
                return new State(instant(rs, 1), rs.getString(2), instant(rs, 3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the state of peer " + peer + ": " + e.getMessage(), e);
        }
    }

    private void ensureState(String peer) {
        update("INSERT INTO fed_peer_state (peer) VALUES (?) ON CONFLICT (peer) DO NOTHING", peer);
    }

    private void update(String sql, Object... args) {
        synchronized (db.writeLock()) {
            try (Connection con = db.dataSource().getConnection();
                 PreparedStatement ps = con.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot update the peer registry: " + e.getMessage(), e);
            }
        }
    }

    private static Optional<Peer> find(Connection con, String name) throws SQLException {
        try (PreparedStatement ps = con.prepareStatement("SELECT * FROM fed_peer WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(peer(rs)) : Optional.empty();
            }
        }
    }

    private static Peer peer(ResultSet rs) throws SQLException {
        String collections = rs.getString("collections");
        Peer.Auth auth = switch (rs.getString("auth_kind")) {
            case "token" -> new Peer.Auth.Token(rs.getString("auth_secret"));
            case "basic" -> new Peer.Auth.Basic(rs.getString("auth_user"), rs.getString("auth_secret"));
            default -> new Peer.Auth.None();
        };
        return new Peer(rs.getString("name"), URI.create(rs.getString("url")), rs.getString("identity_id"),
                rs.getString("public_key"), collections.isEmpty() ? List.of() : Arrays.asList(collections.split(",")),
                rs.getString("inbox"), auth);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }
}
