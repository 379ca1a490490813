package org.datong.ledger;

import org.datong.store.Database;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static Ledger.Draft send(String partner, String id) {
        return new Ledger.Draft(Ledger.Kind.SEND, partner, id, "2026-01-01T00:00:00.000Z", "indicator",
                "ab".repeat(32), "green", "general", List.of("agreement", "tlp"), null);
    }

    private static Ledger.Draft deny(String partner, String id, String rule) {
        return new Ledger.Draft(Ledger.Kind.DENY, partner, id, null, "indicator", "cd".repeat(32), "red", "general",
                List.of(rule), "it is TLP:RED");
    }

    private Ledger filled(Database db) {
        Ledger l = new Ledger(db, Clock.fixed(T0, ZoneOffset.UTC));
        for (int i = 1; i <= 5; i++) {
            l.append(send("acme", "indicator--00000000-0000-4000-8000-00000000000" + i));
        }
        return l;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void untouchedLedgerVerifiesAndEntriesChain(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            Ledger.Verification v = l.verify();
            assertThat(v.ok()).isTrue();
            assertThat(v.entries()).isEqualTo(5);
            List<Ledger.Entry> all = l.list(null, null, 100);
            assertThat(all.get(0).prevHash()).isEqualTo(Ledger.GENESIS);
            assertThat(all.get(1).prevHash()).isEqualTo(all.get(0).hash());
            assertThat(all.get(4).seq()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void appendsInsideTransactionsChainAcrossCommitsAndRollbacks(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            h.db().inTransaction(() -> {
                for (int i = 0; i < 3; i++) {
                    l.append(send("acme", "indicator--00000000-0000-4000-8000-00000000010" + i));
                }
                return null;
            });
            try {
                h.db().inTransaction(() -> {
                    l.append(deny("acme", "indicator--00000000-0000-4000-8000-000000000200", "tlp"));
                    throw new IllegalStateException("the batch fails after its first entry");
                });
            } catch (IllegalStateException expected) {
                // nothing of that transaction is kept
            }
            h.db().inTransaction(() -> l.append(deny("acme", "indicator--00000000-0000-4000-8000-000000000201", "tlp")));
            l.append(send("acme", "indicator--00000000-0000-4000-8000-000000000202"));

            Ledger.Verification v = l.verify();
            assertThat(v.ok()).as(v.problem()).isTrue();
            assertThat(v.entries()).isEqualTo(10);
            List<Ledger.Entry> all = l.list(null, null, 100);
            assertThat(all).extracting(Ledger.Entry::seq).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(all.get(8).objectId()).endsWith("201");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void editedEntryIsNamed(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            TestDatabases.exec(h.db(), "UPDATE ledger_entry SET partner = 'mallory' WHERE seq = 3");
            Ledger.Verification v = l.verify();
            assertThat(v.ok()).isFalse();
            assertThat(v.firstBad()).isEqualTo(3);
            assertThat(v.problem()).contains("entry 3 was altered");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void editWithRecomputedHashIsCaughtAtTheNextEntry(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            Ledger.Entry e = l.list(null, null, 10).get(1);
            String forged = Ledger.hashOf(e.seq(), e.at(), e.kind().word(), "mallory", e.objectId(), e.objectVersion(),
                    e.objectType(), e.contentHash(), e.tlp(), e.grade(), e.rules(), e.detail(), e.prevHash());
            TestDatabases.exec(h.db(), "UPDATE ledger_entry SET partner = 'mallory', hash = '" + forged + "' WHERE seq = 2");
            Ledger.Verification v = l.verify();
            assertThat(v.firstBad()).isEqualTo(3);
            assertThat(v.problem()).contains("entry 3 does not follow entry 2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void deletedEntryIsNamed(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            TestDatabases.exec(h.db(), "DELETE FROM ledger_entry WHERE seq = 2");
            Ledger.Verification v = l.verify();
            assertThat(v.firstBad()).isEqualTo(2);
            assertThat(v.problem()).isEqualTo("entry 2 is missing (the next entry is 3)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void swappedEntriesAreNamed(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            TestDatabases.exec(h.db(), "UPDATE ledger_entry SET seq = 100 WHERE seq = 2");
            TestDatabases.exec(h.db(), "UPDATE ledger_entry SET seq = 2 WHERE seq = 4");
            TestDatabases.exec(h.db(), "UPDATE ledger_entry SET seq = 4 WHERE seq = 100");
            Ledger.Verification v = l.verify();
            assertThat(v.firstBad()).isEqualTo(2);
            assertThat(v.problem()).contains("entry 2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void truncatedLedgerIsDetected(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            TestDatabases.exec(h.db(), "DELETE FROM ledger_entry WHERE seq >= 4");
            Ledger.Verification v = l.verify();
            assertThat(v.firstBad()).isEqualTo(4);
            assertThat(v.problem()).isEqualTo("entry 4 is missing: the ledger was cut after entry 3 (the head records 5 entries)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void truncatingEverythingIsDetected(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            TestDatabases.exec(h.db(), "DELETE FROM ledger_entry");
            assertThat(l.verify().firstBad()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void reportCountsByKindTlpGradeAndDenialRule(String dialect) {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            l.append(deny("acme", "indicator--00000000-0000-4000-8000-000000000009", "tlp-above-agreement"));
            l.append(deny("acme", "indicator--00000000-0000-4000-8000-000000000009", "tlp-above-agreement"));
            l.append(deny("other", "indicator--00000000-0000-4000-8000-000000000009", "no-agreement"));
            Ledger.Report r = l.report("acme", null);
            assertThat(r.entries()).isEqualTo(7);
            assertThat(r.byKind()).containsEntry("send", 5L).containsEntry("deny", 2L);
            assertThat(r.byTlp()).containsExactlyEntriesOf(java.util.Map.of("green", 5L));
            assertThat(r.byGrade()).containsEntry("general", 5L);
            assertThat(r.denialsByRule()).containsExactlyEntriesOf(java.util.Map.of("tlp-above-agreement", 2L));
            assertThat(l.report("acme", T0.plusSeconds(1)).entries()).isZero();
            assertThat(l.report(null, null).entries()).isEqualTo(8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void appendsFromManyThreadsStayOneChain(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = new Ledger(h.db(), Clock.systemUTC());
            Thread[] ts = new Thread[4];
            for (int t = 0; t < ts.length; t++) {
                int n = t;
                ts[t] = new Thread(() -> {
                    for (int i = 0; i < 10; i++) {
                        l.append(send("p" + n, "indicator--00000000-0000-4000-8000-00000000000" + (i % 10)));
                    }
                });
                ts[t].start();
            }
            for (Thread t : ts) {
                t.join();
            }
            assertThat(l.verify().ok()).isTrue();
            assertThat(l.verify().entries()).isEqualTo(40);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void verifyingWhileEntriesAreAppendedNeverRaisesAFalseAlarm(String dialect) throws Exception {
        try (TestDatabases.Handle h = TestDatabases.open(dialect, dir)) {
            Ledger l = filled(h.db());
            java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 300; i++) {
                    l.append(send("acme", "indicator--10000000-0000-4000-8000-" + String.format("%012d", i)));
                }
                done.set(true);
            });
            int checks = 0;
            while (!done.get() || checks == 0) {
                Ledger.Verification v = l.verify();
                assertThat(v.ok()).as(v.problem()).isTrue();
                checks++;
            }
            writer.join();
            assertThat(l.verify().entries()).isEqualTo(305);
        }
    }
}
