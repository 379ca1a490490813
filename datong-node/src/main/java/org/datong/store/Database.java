package org.datong.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;
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
    private final ThreadLocal<Unit> bound = new ThreadLocal<>();
    private final DataSource facade = new Facade();

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
        // the driver would otherwise run SELECT last_insert_rowid() after every INSERT; Datong never asks for it
        cfg.addDataSourceProperty("jdbc.get_generated_keys", "false");
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

    /**
     * Connections to the database. Inside {@link #inTransaction} on the same
     * thread, every connection handed out is the transaction's own, so code
     * that opens, commits and closes its own connections joins the enclosing
     * transaction without knowing it.
     */
    public DataSource dataSource() {
        return facade;
    }

    /**
     * Runs {@code work} as one transaction: everything it writes through this
     * database on this thread commits together (one fsync on SQLite) or not
     * at all. Writers on other threads wait for it ({@link #writeLock()}).
     * Listeners registered with {@link #afterCommit} run after the commit.
     * Nested calls join the outer transaction. When a step inside rolls back
     * (it failed), the whole transaction is rolled back and this throws.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (bound.get() != null) {
            return work.get();
        }
        List<Runnable> hooks;
        T result;
        synchronized (writeLock) {
            Unit unit;
            try {
                unit = new Unit(dataSource.getConnection());
            } catch (SQLException e) {
                throw new StoreException("cannot open a transaction", e);
            }
            bound.set(unit);
            boolean committed = false;
            try {
                result = work.get();
                for (int i = 0; i < unit.beforeCommit.size() && !unit.abandoned; i++) {
                    unit.beforeCommit.get(i).run();
                }
                if (unit.abandoned) {
                    throw new StoreException("a step of the transaction failed and rolled back, so none of it was kept",
                            null);
                }
                unit.connection.commit();
                committed = true;
            } catch (SQLException e) {
                throw new StoreException("cannot commit", e);
            } finally {
                bound.remove();
                unit.finish(committed);
            }
            hooks = unit.hooks;
        }
        for (Runnable hook : hooks) {
            hook.run();
        }
        return result;
    }

    /** Runs {@code action} after the enclosing {@link #inTransaction} commits, or now when there is none. */
    public void afterCommit(Runnable action) {
        Unit unit = bound.get();
        if (unit == null) {
            action.run();
        } else {
            unit.hooks.add(action);
        }
    }

    /**
     * Runs {@code action} at the end of the enclosing {@link #inTransaction},
     * inside it, just before the commit (in the order registered; a failure
     * rolls the whole transaction back), or now when there is none. For
     * writes that only the last state of the transaction needs, such as a
     * head row that would otherwise be rewritten by every step.
     */
    public void beforeCommit(Runnable action) {
        Unit unit = bound.get();
        if (unit == null) {
            action.run();
        } else {
            unit.beforeCommit.add(action);
        }
    }

    /**
     * Inside {@link #inTransaction} on this thread: the transaction's prepared
     * statement for {@code sql}, prepared on first use and closed when the
     * transaction ends, so a statement run for every object of a batch is
     * compiled once. The caller binds every parameter before each use and
     * must not close it. Null outside a transaction.
     */
    public PreparedStatement statement(String sql) throws SQLException {
        Unit unit = bound.get();
        if (unit == null) {
            return null;
        }
        PreparedStatement ps = unit.statements.get(sql);
        if (ps == null) {
            ps = unit.connection.prepareStatement(sql);
            unit.statements.put(sql, ps);
        }
        return ps;
    }

    /** A transaction bound to one thread, and the connection view its code sees. */
    private static final class Unit {
        final Connection connection;
        final Connection shared;
        final List<Runnable> hooks = new ArrayList<>();
        final List<Runnable> beforeCommit = new ArrayList<>();
        final Map<String, PreparedStatement> statements = new HashMap<>();
        boolean abandoned;

        Unit(Connection connection) throws SQLException {
            this.connection = connection;
            connection.setAutoCommit(false);
            this.shared = (Connection) Proxy.newProxyInstance(Database.class.getClassLoader(),
                    new Class<?>[]{Connection.class}, this::call);
        }

        private Object call(Object proxy, Method m, Object[] args) throws Throwable {
            switch (m.getName()) {
                case "close", "commit", "setAutoCommit" -> {
                    return null; // the transaction's owner commits and closes
                }
                case "getAutoCommit" -> {
                    return false;
                }
                case "isClosed" -> {
                    return connection.isClosed();
                }
                case "rollback" -> {
                    if (args == null || args.length == 0) {
                        abandoned = true;
                        return null;
                    }
                    return m.invoke(connection, args);
                }
                default -> {
                    try {
                        return m.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }
            }
        }

        void finish(boolean committed) {
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing the connection releases it anyway
                }
            }
            try {
                if (!committed) {
                    connection.rollback();
                }
                connection.setAutoCommit(true);
            } catch (SQLException ignored) {
                // the pool discards a broken connection
            } finally {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // as above
                }
            }
        }
    }

    /** Hands out the thread's transaction connection when there is one, else a pooled connection. */
    private final class Facade implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            Unit unit = bound.get();
            return unit != null ? unit.shared : dataSource.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            Unit unit = bound.get();
            return unit != null ? unit.shared : dataSource.getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return dataSource.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            dataSource.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            dataSource.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return dataSource.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return dataSource.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return dataSource.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return dataSource.isWrapperFor(iface);
        }
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
