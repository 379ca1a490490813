package org.datong.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on the embedded SQLite database. */
class SqliteObjectStoreTest extends ObjectStoreContract {
    @TempDir
    Path dir;

    @Override
    protected Database openDatabase() {
        return TestDatabases.sqlite(dir);
    }

    /**
     * Regression: a page filtered by ids (match[id], the versions of one
     * object, the sync engine's "held already" check) walked the whole
     * collection in seq order testing each row's id, so its cost grew with
     * the collection instead of with the ids asked for.
     */
    @Test
    void pagesFilteredByIdUseTheVersionIndexNotACollectionScan() throws Exception {
        try (Database db = TestDatabases.sqlite(dir.resolve("plan"))) {
            ObjectQuery byIds = ObjectQuery.all().withIds(Set.of("indicator--a", "indicator--b"))
                    .withVersions(ObjectQuery.Versions.ALL);
            assertThat(plan(db, null, byIds)).contains("stix_object_version").doesNotContain("stix_object_seq");
            assertThat(plan(db, "indicator--a", ObjectQuery.all())).contains("stix_object_version")
                    .doesNotContain("stix_object_seq");
            // without ids, pages are the seq range they always were
            assertThat(plan(db, null, ObjectQuery.all())).contains("stix_object_seq");
        }
    }

    private static String plan(Database db, String objectId, ObjectQuery q) throws Exception {
        List<Object> args = new ArrayList<>();
        String sql = SqlObjectStore.pageSql(objectId, q, true, args);
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            int i = 1;
            ps.setLong(i++, 1);
            ps.setLong(i++, 0);
            for (Object a : args) {
                ps.setString(i++, a.toString());
            }
            ps.setInt(i, 1001);
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString("detail")).append('\n');
                }
            }
            return out.toString();
        }
    }
}
