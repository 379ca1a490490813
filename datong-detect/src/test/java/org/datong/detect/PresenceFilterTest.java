package org.datong.detect;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceFilterTest {
    @Test
    void everyAddedKeyPassesAndFewAbsentKeysDo() {
        Random rnd = new Random(11);
        int n = 200_000;
        PresenceFilter f = new PresenceFilter(n);
        Set<Integer> added = new HashSet<>();
        for (int k = 0; k < n; k++) {
            int h = IndicatorIndex.mix(rnd.nextInt());
            f.add(h);
            added.add(h);
        }
        for (int h : added) {
            assertThat(f.mightContain(h)).isTrue();
        }
        int passed = 0;
        int probes = 0;
        while (probes < 1_000_000) {
            int h = IndicatorIndex.mix(rnd.nextInt());
            if (added.contains(h)) {
                continue;
            }
            probes++;
            if (f.mightContain(h)) {
                passed++;
            }
        }
        // the point of the filter: absent keys are mostly answered without the table behind it
        assertThat((double) passed / probes).isLessThan(0.02);
        assertThat(f.heapBytes()).isLessThan(16 + n * (long) PresenceFilter.BITS_PER_KEY / 8 + 8);
    }

    @Test
    void anEmptyOrTinyFilterStillWorks() {
        PresenceFilter empty = new PresenceFilter(0);
        assertThat(empty.mightContain(12345)).isFalse();
        PresenceFilter one = new PresenceFilter(1);
        one.add(-7);
        assertThat(one.mightContain(-7)).isTrue();
    }
}
