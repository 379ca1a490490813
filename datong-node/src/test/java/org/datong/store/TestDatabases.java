package org.datong.store;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real databases for tests: a SQLite file in a temporary folder, or a freshly
 * created PostgreSQL schema (random name, dropped on close) on the server named
 * by {@code DATONG_TEST_PG_URL}. PostgreSQL tests skip when that variable is
 * unset, unless {@code DATONG_REQUIRE_PG=1}.
 */
public final class TestDatabases {
    public static final String PG_URL_ENV = "DATONG_TEST_PG_URL";

    private TestDatabases() {
    }

    public static Database sqlite(Path dir) {
        return Database.sqlite(dir.resolve("datong.db"));
    }

    /** The PostgreSQL server's base URL, or a skipped test when there is none. */
    public static String pgUrlOrSkip() {
        String url = System.getenv(PG_URL_ENV);
        if (url == null || url.isBlank()) {
            if ("1".equals(System.getenv("DATONG_REQUIRE_PG"))) {
                throw new IllegalStateException(PG_URL_ENV + " is unset but DATONG_REQUIRE_PG=1");
            }
            Assumptions.abort("PostgreSQL not configured (" + PG_URL_ENV + " unset)");
        }
        return url;
    }

    /** A database in a new schema; closing it drops the schema. */
    public static PgSchema postgres() {
        String base = pgUrlOrSkip();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        exec(base, "CREATE SCHEMA " + schema);
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new PgSchema(base, schema, url, Database.postgres(url, null, null));
    }

    /** A fresh empty schema for a component that opens the database itself; closing drops it. */
    public static EmptySchema emptyPostgresSchema() {
        String base = pgUrlOrSkip();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        exec(base, "CREATE SCHEMA " + schema);
        return new EmptySchema(base, schema, base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema);
    }

    /** A PostgreSQL schema by URL. */
    public record EmptySchema(String baseUrl, String schema, String url) implements AutoCloseable {
        @Override
        public void close() {
            exec(baseUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** A PostgreSQL database living in its own schema. */
    public record PgSchema(String baseUrl, String schema, String url, Database database) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
            exec(baseUrl, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void exec(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
    }
}
