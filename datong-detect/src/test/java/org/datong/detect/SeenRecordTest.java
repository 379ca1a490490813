package org.datong.detect;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory batch of seen values: a batch that could not be written is put back, within the bound. */
class SeenRecordTest {
    private static final Observable A = Observable.of(Observable.Kind.IPV4, "198.51.100.1");
    private static final Observable B = Observable.of(Observable.Kind.IPV4, "198.51.100.2");
    private static final Observable C = Observable.of(Observable.Kind.IPV4, "198.51.100.3");

    private static Map<String, String> contents(SeenRecord r) {
        Map<String, String> out = new TreeMap<>();
        for (var e : r.snapshot().entries()) {
            long[] s = e.getValue();
            out.put(e.getKey().value(), s[0] + ".." + s[1] + " x" + s[2]);
        }
        return out;
    }

    @Test
    void aRestoredBatchMergesWithWhatArrivedSince() {
        SeenRecord r = new SeenRecord(Duration.ofDays(1), 10);
        r.add(A, 100);
        r.add(A, 200);
        r.add(B, 150);
        SeenRecord.Snapshot batch = r.drain();
        assertThat(r.size()).isZero();
        r.add(A, 50);
        r.add(C, 300);
        assertThat(r.restore(batch)).isZero();
        assertThat(contents(r)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "198.51.100.1", "50..200 x3", "198.51.100.2", "150..150 x1", "198.51.100.3", "300..300 x1"));
    }

    @Test
    void whatNoLongerFitsIsDroppedAndCountedByTheCaller() {
        SeenRecord r = new SeenRecord(Duration.ofDays(1), 2);
        r.add(A, 100);
        r.add(B, 100);
        SeenRecord.Snapshot batch = r.drain();
        r.add(C, 300);
        r.add(A, 400);
        // room for two: A merges with the A already there, B does not fit
        assertThat(r.restore(batch)).isEqualTo(1);
        assertThat(contents(r)).containsOnlyKeys("198.51.100.1", "198.51.100.3");
        assertThat(contents(r).get("198.51.100.1")).isEqualTo("100..400 x2");
        assertThat(r.overflow()).as("drops in a restore are the caller's to count").isZero();
    }
}
