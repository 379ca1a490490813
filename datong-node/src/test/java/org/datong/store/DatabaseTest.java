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
}
