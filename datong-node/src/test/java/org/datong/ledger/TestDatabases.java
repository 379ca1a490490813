package org.datong.ledger;

import org.datong.store.Database;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * Opens the databases the policy and ledger tests run against: SQLite in a
 * temporary folder, and PostgreSQL in a freshly created schema (dropped on
 * close) when {@code DATONG_TEST_PG_URL} is set; PostgreSQL tests skip when
 * it is not, unless {@code DATONG_REQUIRE_PG=1}.
 */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** A database plus how to get rid of it. */
    public record Handle(Database db, Runnable cleanup) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
            cleanup.run();
        }
    }

    public static Handle open(String dialect, Path dir) {
        if (dialect.equals("sqlite")) {
            return new Handle(Database.sqlite(dir.resolve("datong.db")), () -> {
            });
        }
        String url = System.getenv("DATONG_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("DATONG_REQUIRE_PG"))) {
                throw new IllegalStateException("DATONG_REQUIRE_PG=1 but DATONG_TEST_PG_URL is not set");
            }
            Assumptions.abort("DATONG_TEST_PG_URL is not set: skipping the PostgreSQL run");
        }
        String schema = "t_policy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        exec(url, "CREATE SCHEMA " + schema);
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Database db = Database.postgres(withSchema, null, null);
        return new Handle(db, () -> exec(url, "DROP SCHEMA " + schema + " CASCADE"));
    }

    /** Runs one SQL statement on the database (for tamper tests). */
    public static void exec(Database db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void exec(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
