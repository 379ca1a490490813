package org.datong.federation;

import org.datong.store.StoredObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SyncPositionTest {
    private static StoredObject at(long millis, String id) {
        return new StoredObject(id, "indicator", null, "2.1", Instant.ofEpochMilli(millis), null);
    }

    @Test
    void copiesRemovedAtTheLastMillisecondNoLongerCountThereSoTheRestOfThatWriteIsStillRead() {
        // one write at 100 ms of five copies, read in pages of three: a, b, c then d, e
        StoredObject a = at(100, "a");
        StoredObject b = at(100, "b");
        StoredObject c = at(100, "c");
        SyncEngine.Position done = SyncEngine.Position.START.advance(List.of(a, b, c));
        assertThat(done).isEqualTo(new SyncEngine.Position(100, 3));
        // b was refused and removed: a and c are the first two copies left at 100 ms, d must still be read
        assertThat(done.without(List.of(b))).isEqualTo(new SyncEngine.Position(100, 2));
    }

    @Test
    void copiesRemovedBeforeTheLastMillisecondChangeNothing() {
        StoredObject old = at(99, "old");
        SyncEngine.Position done = SyncEngine.Position.START.advance(List.of(old, at(100, "a")));
        assertThat(done.without(List.of(old))).isEqualTo(done);
        assertThat(done.without(List.of())).isEqualTo(done);
    }
}
