package org.datong.detect;

import org.datong.stix.ScoIds;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SightingsTest {
    private final List<Sightings.Emitted> out = new ArrayList<>();
    private final AtomicLong n = new AtomicLong();
    private final Sightings sightings = new Sightings(MatcherTest.CLOCK, "identity--33333333-3333-4333-8333-333333333333",
            Duration.ofMinutes(10), () -> new UUID(0x4000L, n.incrementAndGet() | 0x8000000000000000L), out::add);

    private static Hit hit(String value, String at) {
        return new Hit("indicator--11111111-1111-4111-8111-111111111111", value, Observable.guess(value), Instant.parse(at), null, "log");
    }

    @Test
    void hitsWithinTheWindowFoldIntoOneSighting() {
        sightings.add(hit("198.51.100.7", "2026-02-01T10:00:00Z"));
        sightings.add(hit("198.51.100.7", "2026-02-01T10:05:00Z"));
        sightings.add(hit("198.51.100.7", "2026-02-01T10:09:59Z"));
        sightings.add(hit("198.51.100.7", "2026-02-01T10:10:00Z")); // opens the next window
        sightings.flushAll();
        assertThat(out).hasSize(2);
        JsonObject s = out.get(0).sighting();
        assertThat(s.getString("type")).isEqualTo("sighting");
        assertThat(s.get("count").toString()).isEqualTo("3");
        assertThat(s.getString("first_seen")).isEqualTo("2026-02-01T10:00:00.000Z");
        assertThat(s.getString("last_seen")).isEqualTo("2026-02-01T10:09:59.000Z");
        assertThat(s.getString("sighting_of_ref")).isEqualTo("indicator--11111111-1111-4111-8111-111111111111");
        assertThat(s.getStrings("where_sighted_refs")).containsExactly("identity--33333333-3333-4333-8333-333333333333");
    }

    @Test
    void observedDataRefersToTheMatchedValueWithItsDeterministicId() {
        sightings.add(hit("198.51.100.7", "2026-02-01T10:00:00Z"));
        sightings.flushAll();
        Sightings.Emitted e = out.get(0);
        JsonObject sco = e.sco();
        assertThat(sco.getString("value")).isEqualTo("198.51.100.7");
        assertThat(sco.getString("id")).isEqualTo(ScoIds.compute(sco));
        assertThat(e.observedData().getStrings("object_refs")).containsExactly(sco.getString("id"));
        assertThat(e.sighting().getStrings("observed_data_refs")).containsExactly(e.observedData().getString("id"));
        assertThat(e.line().toString()).contains("\"value\":\"198.51.100.7\"");
    }

    @Test
    void hashSightingsCarryAFileWithTheAlgorithmName() {
        JsonObject sco = Sightings.sco(Observable.guess("D41D8CD98F00B204E9800998ECF8427E"));
        assertThat(sco.getString("type")).isEqualTo("file");
        assertThat(sco.getObject("hashes").getString("MD5")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(sco.getString("id")).startsWith("file--");
    }

    @Test
    void flushEmitsOnlyClosedWindows() {
        sightings.add(hit("198.51.100.7", "2026-03-01T11:00:00Z"));
        sightings.add(hit("198.51.100.8", "2026-03-01T11:59:00Z"));
        sightings.flush(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(out).extracting(e -> e.sco().getString("value")).containsExactly("198.51.100.7");
    }

    @Test
    void anEarlierHitOutsideTheWindowDoesNotStretchTheSightingBeyondIt() {
        // two logs matched one after the other: today's, then one of a year before
        sightings.add(hit("198.51.100.7", "2026-02-01T10:00:00Z"));
        sightings.add(hit("198.51.100.7", "2026-02-01T10:05:00Z"));
        sightings.add(hit("198.51.100.7", "2025-02-01T10:00:00Z"));
        sightings.add(hit("198.51.100.7", "2025-02-01T10:03:00Z"));
        sightings.flushAll();
        assertThat(out).extracting(e -> e.sighting().getString("first_seen") + " " + e.sighting().getString("last_seen") + " "
                + e.sighting().get("count")).containsExactlyInAnyOrder(
                "2026-02-01T10:00:00.000Z 2026-02-01T10:05:00.000Z 2",
                "2025-02-01T10:00:00.000Z 2025-02-01T10:03:00.000Z 2");
        for (Sightings.Emitted e : out) {
            Instant first = Instant.parse(e.sighting().getString("first_seen"));
            Instant last = Instant.parse(e.sighting().getString("last_seen"));
            assertThat(Duration.between(first, last)).isLessThan(Duration.ofMinutes(10));
        }
    }

    @Test
    void aSlightlyEarlierHitWithinTheWindowFoldsIn() {
        sightings.add(hit("198.51.100.7", "2026-02-01T10:05:00Z"));
        sightings.add(hit("198.51.100.7", "2026-02-01T10:00:00Z"));
        sightings.add(hit("198.51.100.7", "2026-02-01T10:09:00Z"));
        sightings.flushAll();
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.sighting().getString("first_seen")).isEqualTo("2026-02-01T10:00:00.000Z");
            assertThat(e.sighting().getString("last_seen")).isEqualTo("2026-02-01T10:09:00.000Z");
            assertThat(e.sighting().get("count").toString()).isEqualTo("3");
        });
    }

    @Test
    void hitsInAnyOrderGiveSightingsWithinTheWindowAndLoseNoCount() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        Instant base = Instant.parse("2026-02-01T00:00:00Z");
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            // clustered in 40 bursts of a minute, an hour apart, visited in random order
            sightings.add(hit("198.51.100.7", base.plus(Duration.ofHours(r.nextInt(40))).plusSeconds(r.nextInt(60)).toString()));
        }
        sightings.flushAll();
        long total = 0;
        for (Sightings.Emitted e : out) {
            total += Long.parseLong(e.sighting().get("count").toString());
            Instant first = Instant.parse(e.sighting().getString("first_seen"));
            Instant last = Instant.parse(e.sighting().getString("last_seen"));
            assertThat(Duration.between(first, last)).isLessThan(Duration.ofMinutes(10));
        }
        assertThat(total).isEqualTo(n);
    }

    @Test
    void anEarlySightingIsEmittedAtItsFirstHitAndAgainAsALaterVersionWhenItsWindowCloses() {
        Sightings early = new Sightings(MatcherTest.CLOCK, null, Duration.ofMinutes(10),
                () -> new UUID(0x4000L, n.incrementAndGet() | 0x8000000000000000L), out::add, true);
        early.add(hit("198.51.100.7", "2026-02-01T10:00:00Z"));
        assertThat(out).singleElement().satisfies(e -> {
            assertThat(e.update()).isFalse();
            assertThat(e.sighting().get("count").toString()).isEqualTo("1");
        });
        early.add(hit("198.51.100.7", "2026-02-01T10:05:00Z"));
        early.add(hit("198.51.100.8", "2026-02-01T10:06:00Z"));
        early.flushAll();
        assertThat(out).hasSize(3); // each value at its first hit, then the new version of the one with more hits
        Sightings.Emitted first = out.get(0);
        Sightings.Emitted last = out.stream().filter(e -> e.update()).findFirst().orElseThrow();
        assertThat(last.sighting().getString("id")).isEqualTo(first.sighting().getString("id"));
        assertThat(last.observedData().getString("id")).isEqualTo(first.observedData().getString("id"));
        assertThat(last.sighting().getString("created")).isEqualTo(first.sighting().getString("created"));
        assertThat(Instant.parse(last.sighting().getString("modified"))).isAfter(Instant.parse(first.sighting().getString("modified")));
        assertThat(last.sighting().get("count").toString()).isEqualTo("2");
        assertThat(last.sighting().getString("last_seen")).isEqualTo("2026-02-01T10:05:00.000Z");
        assertThat(last.observedData().get("number_observed").toString()).isEqualTo("2");
        // the other value had one hit: its closing changes nothing, so no second version
        assertThat(out).filteredOn(e -> e.sco().getString("value").equals("198.51.100.8")).singleElement()
                .satisfies(e -> assertThat(e.update()).isFalse());
        assertThat(early.emitted()).isEqualTo(2);
    }
}
