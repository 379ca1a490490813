package org.datong.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {
    @Test
    void sqliteOpensInWalModeAndCreatesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub").resolve("datong.db");
        try (Database db = Database.sqlite(file);
             Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            assertThat(db.dialect()).isEqualTo(Database.Dialect.SQLITE);
        }
        assertThat(file).exists();
    }

    private static void write(Database db, String sql) {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.executeUpdate(sql);
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void sqliteConnectionsDoNotQueryGeneratedKeysAfterEachInsert(@TempDir Path dir) throws Exception {
        try (Database db = Database.sqlite(dir.resolve("d.db"));
             Connection c = db.dataSource().getConnection()) {
            assertThat(c.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys()).isFalse();
        }
    }

    @Test
    void writesInsideOneTransactionCommitTogetherAndListenersWaitForTheCommit(@TempDir Path dir) throws Exception {
        try (Database db = Database.sqlite(dir.resolve("d.db"))) {
            write(db, "CREATE TABLE t (v INTEGER)");
            java.util.List<Long> seenByListener = new java.util.ArrayList<>();
            db.inTransaction(() -> {
                write(db, "INSERT INTO t VALUES (1)");
                write(db, "INSERT INTO t VALUES (2)");
                db.afterCommit(() -> {
                    try {
                        seenByListener.add(count(db));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(seenByListener).isEmpty();
                return null;
            });
            assertThat(seenByListener).containsExactly(2L);
            assertThat(count(db)).isEqualTo(2);
        }
    }

    @Test
    void aStepThatRollsBackAbandonsTheWholeTransaction(@TempDir Path dir) throws Exception {
        try (Database db = Database.sqlite(dir.resolve("d.db"))) {
            write(db, "CREATE TABLE t (v INTEGER)");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.inTransaction(() -> {
                write(db, "INSERT INTO t VALUES (1)");
                try (Connection c = db.dataSource().getConnection()) {
                    c.rollback();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            })).isInstanceOf(StoreException.class).hasMessageContaining("none of it was kept");
            assertThat(count(db)).isZero();
            db.inTransaction(() -> {
                write(db, "INSERT INTO t VALUES (3)");
                return null;
            });
            assertThat(count(db)).isEqualTo(1);
        }
    }

    @Test
    void beforeCommitRunsLastInsideTheTransactionAndItsFailureKeepsNothing(@TempDir Path dir) throws Exception {
        try (Database db = Database.sqlite(dir.resolve("d.db"))) {
            write(db, "CREATE TABLE t (v INTEGER)");
            java.util.List<Long> seen = new java.util.ArrayList<>();
            db.inTransaction(() -> {
                db.beforeCommit(() -> {
                    try {
                        seen.add(count(db)); // sees the transaction's own writes, made after it was registered
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    write(db, "INSERT INTO t VALUES (9)");
                });
                write(db, "INSERT INTO t VALUES (1)");
                assertThat(seen).isEmpty();
                return null;
            });
            assertThat(seen).containsExactly(1L);
            assertThat(count(db)).isEqualTo(2);

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.inTransaction(() -> {
                write(db, "INSERT INTO t VALUES (2)");
                db.beforeCommit(() -> {
                    throw new IllegalStateException("the last step fails");
                });
                return null;
            })).hasMessageContaining("the last step fails");
            assertThat(count(db)).isEqualTo(2);
        }
    }

    @Test
    void aTransactionPreparesEachStatementOnceAndOutsideOneThereIsNone(@TempDir Path dir) throws Exception {
        try (Database db = Database.sqlite(dir.resolve("d.db"))) {
            write(db, "CREATE TABLE t (v INTEGER)");
            assertThat(db.statement("INSERT INTO t VALUES (?)")).isNull();
            java.util.List<java.sql.PreparedStatement> used = new java.util.ArrayList<>();
            db.inTransaction(() -> {
                try {
                    for (int i = 0; i < 3; i++) {
                        java.sql.PreparedStatement ps = db.statement("INSERT INTO t VALUES (?)");
                        ps.setInt(1, i);
                        ps.executeUpdate();
                        used.add(ps);
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            assertThat(used).hasSize(3).allSatisfy(ps -> assertThat(ps).isSameAs(used.get(0)));
            assertThat(used.get(0).isClosed()).isTrue();
            assertThat(count(db)).isEqualTo(3);
        }
    }
}
