package org.datong.auth;

import org.datong.store.Database;
import org.datong.store.StoreException;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Users, their groups and API tokens of a node. Secrets are kept only as
 * hashes: passwords with PBKDF2-HMAC-SHA256 (random salt, iteration count
 * kept with the hash), tokens with SHA-256 (a token is 256 random bits, so a
 * fast hash is enough). There is no default user and no default password.
 *
 * <p>PBKDF2 is slow on purpose; so that HTTP Basic does not cost that much on
 * every request, a successful check is remembered for a short while, keyed by
 * a SHA-256 of the credentials (never the password itself). Each use of a
 * remembered check still reads the user's stored hash (one primary-key
 * lookup), so removing a user or changing a password takes effect on the
 * next request, also when another process (the CLI) made the change. Tokens
 * are looked up on every request, so a revoked token fails at once.
 */
public final class Accounts {
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    private static final int PBKDF2_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    /** Shorter passwords are refused. */
    private static final int MIN_PASSWORD_LENGTH = 8;
    private static final int HASH_BITS = 256;
    private static final int TOKEN_SECRET_BYTES = 32;
    private static final int TOKEN_ID_BYTES = 6;
    /** Tokens look like {@code dtk_<id>_<secret>}; the id finds the row, the secret is checked by hash. */
    private static final String TOKEN_PREFIX = "dtk_";
    /** How long a verified Basic credential is remembered. */
    private static final Duration BASIC_CACHE_TTL = Duration.ofMinutes(5);
    private static final int BASIC_CACHE_MAX = 10_000;

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> basicCache = new ConcurrentHashMap<>();

    private record Cached(Principal principal, String passwordHash, long expiresAtMillis) {
    }

    /**
     * An API token as listed: never its secret, which only its creator saw.
     *
     * @param id      the public part of the token ({@code dtk_<id>_...}), used to revoke it
     * @param user    the user it acts as
     * @param label   what it is for, or null
     * @param created when it was created
     */
    public record TokenInfo(String id, String user, String label, Instant created) {
    }

    public Accounts(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Adds a user with a password and groups.
     *
     * @throws IllegalArgumentException when the name is malformed or taken, or the password is too short
     */
    public void addUser(String name, char[] password, Set<String> groups) {
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name '" + name
                    + "' must be 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit");
        }
        checkPassword(password);
        for (String g : groups) {
            if (!USER_NAME.matcher(g).matches()) {
                throw new IllegalArgumentException("group name '" + g + "' is malformed");
            }
        }
        String hash = hashPassword(password);
        synchronized (db.writeLock()) {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (exists(c, name)) {
                        throw new IllegalArgumentException("user '" + name + "' already exists");
                    }
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO account (name, password_hash, created) VALUES (?, ?, ?)")) {
                        ps.setString(1, name);
                        ps.setString(2, hash);
                        ps.setLong(3, clock.millis());
                        ps.executeUpdate();
                    }
                    insertGroups(c, name, groups);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot add user " + name, e);
            }
        }
    }

    private static void insertGroups(Connection c, String name, Set<String> groups) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO account_group (account, grp) VALUES (?, ?)")) {
            for (String g : groups) {
                ps.setString(1, name);
                ps.setString(2, g);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void checkPassword(char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    /**
     * Replaces a user's password. Sessions using the old password fail from the next request.
     *
     * @throws IllegalArgumentException when the user does not exist or the password is too short
     */
    public void setPassword(String name, char[] password) {
        checkPassword(password);
        String hash = hashPassword(password);
        synchronized (db.writeLock()) {
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE account SET password_hash = ? WHERE name = ?")) {
                ps.setString(1, hash);
                ps.setString(2, name);
                if (ps.executeUpdate() == 0) {
                    throw new IllegalArgumentException("no user '" + name + "'");
                }
            } catch (SQLException e) {
                throw new StoreException("cannot change the password of " + name, e);
            }
        }
        basicCache.clear();
    }

    /**
     * Replaces a user's groups. A running node applies them from the next request.
     *
     * @throws IllegalArgumentException when the user does not exist or a group name is malformed
     */
    public void setGroups(String name, Set<String> groups) {
        for (String g : groups) {
            if (!USER_NAME.matcher(g).matches()) {
                throw new IllegalArgumentException("group name '" + g + "' is malformed");
            }
        }
        synchronized (db.writeLock()) {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (!exists(c, name)) {
                        throw new IllegalArgumentException("no user '" + name + "'");
                    }
                    deleteWhere(c, "DELETE FROM account_group WHERE account = ?", name);
                    insertGroups(c, name, groups);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot change the groups of " + name, e);
            }
        }
    }

    /**
     * A user's groups, sorted.
     *
     * @throws IllegalArgumentException when the user does not exist
     */
    public Set<String> groups(String name) {
        try (Connection c = db.dataSource().getConnection()) {
            if (!exists(c, name)) {
                throw new IllegalArgumentException("no user '" + name + "'");
            }
            return Collections.unmodifiableSet(new TreeSet<>(groups(c, name)));
        } catch (SQLException e) {
            throw new StoreException("cannot read the groups of " + name, e);
        }
    }

    /**
     * Removes a user with their groups and API tokens. Rights that collections
     * grant to the name stay in the collections (a new user of the same name
     * would get them).
     *
     * @return how many API tokens were revoked with the user
     * @throws IllegalArgumentException when the user does not exist
     */
    public int removeUser(String name) {
        int tokens;
        synchronized (db.writeLock()) {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (!exists(c, name)) {
                        throw new IllegalArgumentException("no user '" + name + "'");
                    }
                    tokens = deleteWhere(c, "DELETE FROM api_token WHERE account = ?", name);
                    deleteWhere(c, "DELETE FROM account_group WHERE account = ?", name);
                    deleteWhere(c, "DELETE FROM account WHERE name = ?", name);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                throw new StoreException("cannot remove user " + name, e);
            }
        }
        basicCache.clear();
        return tokens;
    }

    private static int deleteWhere(Connection c, String sql, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, value);
            return ps.executeUpdate();
        }
    }

    /** User names, sorted. */
    public List<String> users() {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT name FROM account ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list users", e);
        }
        return out;
    }

    /**
     * Creates an API token for a user and returns it. The token is shown once:
     * only its hash is kept.
     *
     * @throws IllegalArgumentException when the user does not exist
     */
    public String createToken(String user, String label) {
        byte[] idBytes = new byte[TOKEN_ID_BYTES];
        byte[] secret = new byte[TOKEN_SECRET_BYTES];
        random.nextBytes(idBytes);
        random.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        synchronized (db.writeLock()) {
            try (Connection c = db.dataSource().getConnection()) {
                if (!exists(c, user)) {
                    throw new IllegalArgumentException("no user '" + user + "'");
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO api_token (id, account, secret_hash, label, created) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, user);
                    ps.setString(3, sha256Hex(secretText));
                    ps.setString(4, label);
                    ps.setLong(5, clock.millis());
                    ps.executeUpdate();
                }
            } catch (SQLException e) {
                throw new StoreException("cannot create a token for " + user, e);
            }
        }
        return TOKEN_PREFIX + id + "_" + secretText;
    }

    /** The user for a name and password, or empty when they do not match. */
    public Optional<Principal> authenticateBasic(String user, String password) {
        String cacheKey = sha256Hex(user + "\u0000" + password);
        long now = clock.millis();
        String stored;
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM account WHERE name = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                stored = rs.next() ? rs.getString(1) : null;
            }
            if (stored == null) {
                basicCache.remove(cacheKey);
                return Optional.empty();
            }
            Cached hit = basicCache.get(cacheKey);
            if (hit != null && hit.expiresAtMillis > now && hit.passwordHash.equals(stored)) {
                // groups are read on every request, as for tokens: a change applies from the next one
                return Optional.of(new Principal(user, groups(c, user)));
            }
            if (!verifyPassword(password.toCharArray(), stored)) {
                basicCache.remove(cacheKey);
                return Optional.empty();
            }
            Principal p = new Principal(user, groups(c, user));
            if (basicCache.size() >= BASIC_CACHE_MAX) {
                basicCache.clear();
            }
            basicCache.put(cacheKey, new Cached(p, stored, now + BASIC_CACHE_TTL.toMillis()));
            return Optional.of(p);
        } catch (SQLException e) {
            throw new StoreException("cannot check credentials", e);
        }
    }

    /** The user a bearer token belongs to, or empty when the token is unknown. */
    public Optional<Principal> authenticateToken(String token) {
        if (!token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        int sep = token.indexOf('_', TOKEN_PREFIX.length());
        if (sep < 0) {
            return Optional.empty();
        }
        String id = token.substring(TOKEN_PREFIX.length(), sep);
        String secret = token.substring(sep + 1);
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account, secret_hash FROM api_token WHERE id = ?")) {
            ps.setString(1, id);
            String user;
            String hash;
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                user = rs.getString(1);
                hash = rs.getString(2);
            }
            if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                    sha256Hex(secret).getBytes(StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            return Optional.of(new Principal(user, groups(c, user)));
        } catch (SQLException e) {
            throw new StoreException("cannot check a token", e);
        }
    }

    /**
     * The API tokens, oldest first: of one user, or of everybody when {@code user} is null.
     * Secrets are not listed: only their hashes are kept.
     */
    public List<TokenInfo> tokens(String user) {
        String sql = "SELECT id, account, label, created FROM api_token"
                + (user == null ? "" : " WHERE account = ?") + " ORDER BY created, id";
        List<TokenInfo> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (user != null) {
                ps.setString(1, user);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TokenInfo(rs.getString(1), rs.getString(2), rs.getString(3),
                            Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("cannot list tokens", e);
        }
        return out;
    }

    /**
     * Revokes an API token: requests bearing it fail with 401 from the next one.
     *
     * @param id the token's id as listed by {@link #tokens}, or the whole token
     * @throws IllegalArgumentException when there is no such token
     */
    public void revokeToken(String id) {
        String key = id;
        if (key.startsWith(TOKEN_PREFIX)) {
            int sep = key.indexOf('_', TOKEN_PREFIX.length());
            key = key.substring(TOKEN_PREFIX.length(), sep < 0 ? key.length() : sep);
        }
        synchronized (db.writeLock()) {
            try (Connection c = db.dataSource().getConnection()) {
                if (deleteWhere(c, "DELETE FROM api_token WHERE id = ?", key) == 0) {
                    throw new IllegalArgumentException("no token '" + key + "'");
                }
            } catch (SQLException e) {
                throw new StoreException("cannot revoke token " + key, e);
            }
        }
    }

    private static boolean exists(Connection c, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM account WHERE name = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Set<String> groups(Connection c, String user) throws SQLException {
        Set<String> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT grp FROM account_group WHERE account = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private String hashPassword(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, PBKDF2_ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + PBKDF2_ITERATIONS + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    private static boolean verifyPassword(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !"pbkdf2-sha256".equals(parts[0])) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = pbkdf2(password, salt, Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
