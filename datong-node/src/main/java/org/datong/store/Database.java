package org.datong.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The node's relational database: embedded SQLite in the data folder by
 * default, PostgreSQL when a JDBC URL is configured. Opening runs the schema
 * migrations for the dialect ({@code db/migration/sqlite} or
 * {@code db/migration/postgresql} on the classpath).
 *
 * <p>Migration version ranges per feature keep files from colliding:
 * store and taxii V1-V19, policy and ledger V20-V39, federation V40-V59,
 * detect V60-V79, incident V80-V99.
 *
 * <p>SQLite runs in WAL mode with {@code synchronous=FULL}: a committed
 * transaction survives a crash or power loss. It admits one writer at a time;
 * callers that write serialise through one connection (see {@link #writeLock()}).
 */
public final class Database implements AutoCloseable {
    /** SQL dialects Datong speaks. */
    public enum Dialect { SQLITE, POSTGRESQL }

    /** How long a SQLite connection waits for a lock before failing, in milliseconds. */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;
    /** Readers run concurrently under WAL; a small pool is plenty on a small machine. */
    private static final int SQLITE_POOL_SIZE = 4;
    private static final int POSTGRES_POOL_SIZE = 10;

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Object writeLock = new Object();

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /** Opens (creating when needed) the SQLite database file and migrates it. */
    public static Database sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder for " + file, e);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        cfg.setMaximumPoolSize(SQLITE_POOL_SIZE);
        cfg.setPoolName("datong-sqlite");
        cfg.addDataSourceProperty("journal_mode", "WAL");
        cfg.addDataSourceProperty("synchronous", "FULL");
        cfg.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
        cfg.addDataSourceProperty("foreign_keys", "true");
        cfg.setConnectionInitSql("PRAGMA journal_mode=WAL");
        return open(cfg, Dialect.SQLITE);
    }

    /**
     * Opens a PostgreSQL database by JDBC URL (user and password may be in the
     * URL, or given here; null means none) and migrates it.
     */
    public static Database postgres(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(POSTGRES_POOL_SIZE);
        cfg.setPoolName("datong-postgres");
        return open(cfg, Dialect.POSTGRESQL);
    }

    private static Database open(HikariConfig cfg, Dialect dialect) {
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration/" + dialect.name().toLowerCase(java.util.Locale.ROOT))
                    .mixed(true)
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, dialect);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Serialises writers (SQLite admits one at a time; PostgreSQL callers may ignore it). */
    public Object writeLock() {
        return writeLock;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
