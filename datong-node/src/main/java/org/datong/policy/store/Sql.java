package org.datong.policy.store;

import org.datong.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small JDBC helpers shared by the policy store: writes under the database's
 * write lock; one statement per call, except inside a transaction, where each
 * statement is prepared once ({@link Database#statement}).
 */
final class Sql {
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Database db;

    Sql(Database db) {
        this.db = db;
    }

    int update(String sql, Object... args) {
        synchronized (db.writeLock()) {
            try {
                PreparedStatement shared = db.statement(sql);
                if (shared != null) {
                    bind(shared, args);
                    return shared.executeUpdate();
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    <T> List<T> query(String sql, Row<T> row, Object... args) {
        try {
            PreparedStatement shared = db.statement(sql);
            if (shared != null) {
                bind(shared, args);
                return rows(shared, row);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return rows(ps, row);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static <T> List<T> rows(PreparedStatement ps, Row<T> row) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row.map(rs));
            }
            return out;
        }
    }

    <T> Optional<T> one(String sql, Row<T> row, Object... args) {
        List<T> all = query(sql, row, args);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Inserts unless a row with the same key exists (portable across SQLite and PostgreSQL). */
    boolean insertIgnoringDuplicate(String sql, Object... args) {
        String prefix = db.dialect() == Database.Dialect.SQLITE ? "INSERT OR IGNORE" : "INSERT";
        String suffix = db.dialect() == Database.Dialect.SQLITE ? "" : " ON CONFLICT DO NOTHING";
        return update(prefix + sql.substring("INSERT".length()) + suffix, args) > 0;
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    /** A database failure inside the policy store. */
    static final class StoreException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreException(SQLException e) {
            super("policy store: " + e.getMessage(), e);
        }
    }
}
