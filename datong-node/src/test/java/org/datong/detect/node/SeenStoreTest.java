package org.datong.detect.node;

import org.datong.detect.IndicatorIndex;
import org.datong.detect.Observable;
import org.datong.detect.SeenRecord;
import org.datong.detect.WarningLists;
import org.datong.store.Database;
import org.datong.store.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The durable retro-hunt record on SQLite and PostgreSQL: batches merge, the window and the size bound hold. */
class SeenStoreTest {
    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");
    private static final Duration WINDOW = Duration.ofDays(1);

    @TempDir
    Path dir;

    private void withDatabase(String kind, Consumer<Database> test) {
        if (kind.equals("sqlite")) {
            try (Database db = TestDatabases.sqlite(dir)) {
                test.accept(db);
            }
        } else {
            try (TestDatabases.PgSchema pg = TestDatabases.postgres()) {
                test.accept(pg.database());
            }
        }
    }

    private static SeenRecord.Snapshot batch(Object... valueAndMillis) {
        SeenRecord r = new SeenRecord(WINDOW, 1000);
        for (int i = 0; i < valueAndMillis.length; i += 2) {
            r.add((Observable) valueAndMillis[i], (Long) valueAndMillis[i + 1]);
        }
        return r.drain();
    }

    private static long at(Duration d) {
        return T0.plus(d).toEpochMilli();
    }

    private static IndicatorIndex index(String... values) {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        try {
            org.datong.detect.Indicators.loadList(b, "test", new ByteArrayInputStream(String.join("\n", values)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void batchesMergeIntoEarliestFirstLatestLastAndSummedCounts(String kind) {
        withDatabase(kind, db -> {
            Observable ip = Observable.of(Observable.Kind.IPV4, "45.155.205.9");
            Observable mutex = Observable.other("mutex:name", "Global\\evil");
            SeenStore s = new SeenStore(db, WINDOW, 100, T0);
            s.merge(batch(ip, at(Duration.ofHours(2)), ip, at(Duration.ofHours(3)), mutex, at(Duration.ofHours(1))), T0);
            s.merge(batch(ip, at(Duration.ofHours(1)), ip, at(Duration.ofHours(5))), T0.plus(Duration.ofHours(5)));
            assertThat(s.rows()).isEqualTo(2);
            // a second instance over the same database sees what the first wrote, as after a restart
            SeenStore again = new SeenStore(db, WINDOW, 100, T0.plus(Duration.ofHours(6)));
            assertThat(again.rows()).isEqualTo(2);
            List<SeenRecord.PastHit> hits = again.hunt(index("45.155.205.0/24"), WarningLists.none(), T0.plus(Duration.ofHours(6)));
            assertThat(hits).singleElement().satisfies(h -> {
                assertThat(h.hit().observed()).isEqualTo(ip);
                assertThat(h.firstSeen()).isEqualTo(T0.plus(Duration.ofHours(1)));
                assertThat(h.lastSeen()).isEqualTo(T0.plus(Duration.ofHours(5)));
                assertThat(h.count()).isEqualTo(4);
            });
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void valuesLastSeenBeforeTheWindowAreNeitherHuntedNorKept(String kind) {
        withDatabase(kind, db -> {
            Observable old = Observable.of(Observable.Kind.DOMAIN, "old.evil.example.net");
            Observable recent = Observable.of(Observable.Kind.DOMAIN, "new.evil.example.net");
            SeenStore s = new SeenStore(db, WINDOW, 100, T0);
            s.merge(batch(old, at(Duration.ZERO), recent, at(Duration.ofHours(20))), T0.plus(Duration.ofHours(20)));
            Instant later = T0.plus(Duration.ofHours(30));
            assertThat(s.hunt(index("*.evil.example.net"), WarningLists.none(), later))
                    .extracting(h -> h.hit().observed()).containsExactly(recent);
            assertThat(s.prune(later)).isEqualTo(1);
            assertThat(s.rows()).isEqualTo(1);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theRecordNeverHoldsMoreThanItsCapacityAndCountsTheRest(String kind) {
        withDatabase(kind, db -> {
            SeenStore s = new SeenStore(db, WINDOW, 3, T0);
            Observable[] v = new Observable[5];
            for (int i = 0; i < v.length; i++) {
                v[i] = Observable.of(Observable.Kind.IPV4, "45.155.205." + (10 + i));
            }
            s.merge(batch(v[0], at(Duration.ZERO), v[1], at(Duration.ZERO)), T0);
            s.merge(batch(v[2], at(Duration.ofMinutes(1)), v[3], at(Duration.ofMinutes(1)), v[4], at(Duration.ofMinutes(1)),
                    v[0], at(Duration.ofMinutes(2))), T0.plus(Duration.ofMinutes(2)));
            assertThat(s.rows()).isEqualTo(3);
            assertThat(s.overflow()).isEqualTo(2);
            // a value already held is still updated when the record is full
            List<SeenRecord.PastHit> hits = s.hunt(index("45.155.205.10"), WarningLists.none(), T0.plus(Duration.ofMinutes(3)));
            assertThat(hits).singleElement().satisfies(h -> assertThat(h.count()).isEqualTo(2));
            // once the oldest have left the window, a full record makes room for new values
            Instant nextDay = T0.plus(WINDOW).plus(Duration.ofSeconds(90));
            s.merge(batch(v[3], nextDay.toEpochMilli()), nextDay);
            assertThat(s.rows()).isEqualTo(2);
            assertThat(s.hunt(index("45.155.205.13"), WarningLists.none(), nextDay)).hasSize(1);
        });
    }

    /** Makes the database refuse new rows of the record (all, or one value), as a full disk or a lost server would. */
    static void refuseInserts(Database db, String value) {
        String when = value == null ? "TRUE" : "NEW.value = '" + value + "'";
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            if (db.dialect() == Database.Dialect.SQLITE) {
                st.execute("CREATE TRIGGER refuse_seen BEFORE INSERT ON detect_seen WHEN " + when
                        + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
            } else {
                st.execute("CREATE FUNCTION refuse_seen() RETURNS trigger AS $$ BEGIN IF " + when
                        + " THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql");
                st.execute("CREATE TRIGGER refuse_seen BEFORE INSERT ON detect_seen FOR EACH ROW EXECUTE FUNCTION refuse_seen()");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void acceptInserts(Database db) {
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
            st.execute(db.dialect() == Database.Dialect.SQLITE ? "DROP TRIGGER refuse_seen" : "DROP TRIGGER refuse_seen ON detect_seen");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long tableRows(Database db) {
        try (java.sql.Connection c = db.dataSource().getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM detect_seen")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aFailedTransactionKeepsTheOnesBeforeItAndHandsBackTheValuesItDidNotWrite(String kind) {
        withDatabase(kind, db -> {
            SeenStore s = new SeenStore(db, WINDOW, 100_000, T0);
            SeenRecord r = new SeenRecord(WINDOW, 100_000);
            int n = SeenStore.CHUNK + 5;
            for (int i = 0; i < n; i++) {
                r.add(Observable.of(Observable.Kind.DOMAIN, String.format("d%05d.example", i)), at(Duration.ofHours(1)));
            }
            // in key order the second transaction holds d10000 to d10004
            refuseInserts(db, String.format("d%05d.example", SeenStore.CHUNK + 2));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.merge(r.drain(), T0.plus(Duration.ofHours(1))))
                    .isInstanceOfSatisfying(SeenStore.WriteFailed.class, e -> {
                        assertThat(e.unwritten().entries()).hasSize(5);
                        assertThat(e.getMessage()).contains("retro-hunt record");
                    });
            assertThat(s.rows()).isEqualTo(SeenStore.CHUNK);
            assertThat(tableRows(db)).isEqualTo(SeenStore.CHUNK);
            acceptInserts(db);
        });
    }
}
