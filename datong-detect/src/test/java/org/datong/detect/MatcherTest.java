package org.datong.detect;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MatcherTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final List<Hit> hits = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    static IndicatorIndex index(String... entries) {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int l = b.addList("test");
        for (String e : entries) {
            assertThat(Indicators.addEntry(b, l, e)).as(e).isTrue();
        }
        return b.build();
    }

    private Matcher matcher(IndicatorIndex idx, WarningLists w) {
        return new Matcher(idx, w, FieldMapping.defaults(), CLOCK, hits::add);
    }

    private void run(Matcher m, String text, LogFormat f) throws IOException {
        m.process(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), f, "in", problems::add);
    }

    @Test
    void ecsJsonLinesHitOnMappedFieldsWithTheEventTime() throws IOException {
        Matcher m = matcher(index("203.0.113.50", "evil.example"), WarningLists.none());
        run(m, """
                {"@timestamp":"2026-02-01T10:00:00Z","source":{"ip":"192.0.2.1"},"destination":{"ip":"203.0.113.50","port":443}}
                {"@timestamp":"2026-02-01T10:00:05Z","dns":{"question":{"name":"www.EVIL.example"}},"message":"203.0.113.50"}
                {"@timestamp":"2026-02-01T10:00:06Z","dns.question.name":"evil.example"}
                """, LogFormat.AUTO);
        assertThat(hits).extracting(h -> h.observed().value()).containsExactly("203.0.113.50", "evil.example");
        assertThat(hits.get(0).time()).isEqualTo(Instant.parse("2026-02-01T10:00:00Z"));
        assertThat(m.stats().events()).isEqualTo(3);
        assertThat(problems).isEmpty();
    }

    @Test
    void aFieldPathIsTheSameWhetherNestedDottedEscapedOrInAnArray() throws IOException {
        Matcher m = matcher(index("203.0.113.50", "203.0.113.51", "203.0.113.52", "203.0.113.53", "evil.example"), WarningLists.none());
        run(m, """
                {"dns":{"question.name":"evil.example"}}
                {"source":{"i\\u0070":"203.0.113.50"}}
                {"related":{"ip":[["203.0.113.51"],"203.0.113.52"]}}
                {"destination":[{"ip":"203.0.113.53"}]}
                {"user_agent":{"source":{"ip":"203.0.113.50"}},"source":{"ipx":"203.0.113.50","i":"203.0.113.50"},"sourc":{"e":{"ip":"203.0.113.50"}}}
                {"x":{"bad\\q":1},"source":{"ip":"203.0.113.50"}}
                """, LogFormat.JSON);
        assertThat(hits).extracting(h -> h.observed().value())
                .containsExactly("evil.example", "203.0.113.50", "203.0.113.51", "203.0.113.52", "203.0.113.53");
        // a bad escape in a member name is rejected even under fields nothing is mapped to
        assertThat(problems).singleElement().asString().startsWith("in:6: column").contains("unknown escape");
    }

    @Test
    void aMalformedLineIsReportedAndTheNextOneStillMatches() throws IOException {
        Matcher m = matcher(index("203.0.113.50"), WarningLists.none());
        run(m, "{\"source.ip\":\"203.0.113.50\"\n{\"source.ip\":\"203.0.113.50\"}\n", LogFormat.JSON);
        assertThat(problems).singleElement().asString().startsWith("in:1: column");
        assertThat(hits).hasSize(1);
        assertThat(m.stats().rejected()).isEqualTo(1);
    }

    @Test
    void zeekTsvUsesTheFieldsHeader() throws IOException {
        Matcher m = matcher(index("evil.example", "198.51.100.7"), WarningLists.none());
        run(m, """
                #separator \\x09
                #fields\tts\tuid\tid.orig_h\tid.resp_h\tquery
                #types\ttime\tstring\taddr\taddr\tstring
                1700000000.5\tC1\t192.0.2.9\t198.51.100.7\tcdn.evil.example
                1700000001.0\tC2\t192.0.2.9\t192.0.2.53\tevil.example
                """, LogFormat.AUTO);
        assertThat(hits).extracting(h -> h.observed().value()).containsExactly("198.51.100.7", "evil.example");
        assertThat(hits.get(0).time()).isEqualTo(Instant.ofEpochMilli(1700000000500L));
        assertThat(m.stats().events()).as("header lines are no events").isEqualTo(2);
    }

    @Test
    void customMappingAddsFieldsAndStixProperties() throws IOException {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int l = b.addList("l");
        b.add(l, Observable.other("mutex:name", "Evil\\Mutex"));
        FieldMapping fm = FieldMapping.defaults().with(new StringReader("edr.mutex = stix:mutex:name\nsource.ip = ignore\n"), "test");
        Matcher m = new Matcher(b.build(), WarningLists.none(), fm, CLOCK, hits::add);
        run(m, "{\"edr\":{\"mutex\":\"Evil\\\\Mutex\"}}\n", LogFormat.JSON);
        assertThat(hits).singleElement().extracting(h -> h.observed().property()).isEqualTo("mutex:name");
    }

    @Test
    void warnedValuesAreSuppressedAndCounted() throws IOException {
        WarningLists w = WarningLists.builder().addDefaults().build();
        Matcher m = matcher(index("10.0.0.0/8", "203.0.113.0/24", "8.8.8.8"), w);
        run(m, "a 10.1.2.3 b 203.0.113.9 c 8.8.8.8\n", LogFormat.TEXT);
        assertThat(hits).extracting(h -> h.observed().value()).containsExactly("8.8.8.8");
        assertThat(m.stats().suppressed()).isEqualTo(2);
        assertThat(w.suppressedCounts()).containsEntry("datong-defaults", 2L);
    }

    @Test
    void oneEventHitsOneIndicatorOnOneValueOnce() throws IOException {
        Matcher m = matcher(index("198.51.100.7"), WarningLists.none());
        run(m, "{\"source.ip\":\"198.51.100.7\",\"related\":{\"ip\":[\"198.51.100.7\",\"192.0.2.1\"]}}\n", LogFormat.JSON);
        assertThat(hits).hasSize(1);
    }

    @Test
    void swappedIndexTakesEffectForLaterEvents() throws IOException {
        Matcher m = matcher(index("198.51.100.7"), WarningLists.none());
        run(m, "198.51.100.7 198.51.100.8\n", LogFormat.TEXT);
        m.swap(index("198.51.100.8"));
        run(m, "198.51.100.7 198.51.100.8\n", LogFormat.TEXT);
        assertThat(hits).extracting(h -> h.observed().value()).containsExactly("198.51.100.7", "198.51.100.8");
        assertThat(m.stats().swaps()).isEqualTo(1);
    }

    @Test
    void expiredStixIndicatorsNoLongerHit() throws IOException {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int live = b.addIndicator("indicator--11111111-1111-4111-8111-111111111111", null);
        int dead = b.addIndicator("indicator--22222222-2222-4222-8222-222222222222", Instant.parse("2026-01-01T00:00:00Z"));
        b.add(live, Observable.guess("198.51.100.1"));
        b.add(dead, Observable.guess("198.51.100.2"));
        Matcher m = matcher(b.build(), WarningLists.none());
        run(m, "198.51.100.1 198.51.100.2\n", LogFormat.TEXT);
        assertThat(hits).singleElement().extracting(Hit::indicatorId).isEqualTo("indicator--11111111-1111-4111-8111-111111111111");
    }

    @Test
    void retroHuntFindsValuesSeenBeforeTheIndicatorArrived() throws IOException {
        SeenRecord seen = new SeenRecord(java.time.Duration.ofDays(7), 1000);
        Matcher m = matcher(IndicatorIndex.empty(), WarningLists.none());
        m.recordSeen(seen);
        run(m, "x 198.51.100.3 y\nz 198.51.100.3\nevil.example\n", LogFormat.TEXT);
        assertThat(hits).isEmpty();
        List<SeenRecord.PastHit> past = seen.hunt(index("198.51.100.0/24", "evil.example"), WarningLists.none());
        assertThat(past).extracting(p -> p.hit().observed().value() + "x" + p.count())
                .containsExactlyInAnyOrder("198.51.100.3x2", "evil.examplex1");
        assertThat(past).allSatisfy(p -> assertThat(p.hit().indicatorId()).startsWith("indicator--"));
    }

    @Test
    void overlongLinesAreRejectedNotBuffered() throws IOException {
        Matcher m = matcher(index("198.51.100.7"), WarningLists.none());
        String huge = "a".repeat(Matcher.MAX_LINE + 10);
        run(m, huge + "\n198.51.100.7\n", LogFormat.TEXT);
        assertThat(problems).singleElement().asString().contains("longer than");
        assertThat(hits).hasSize(1);
    }

    /** What the record holds, as value -> first/last time (ISO) and count. */
    private static java.util.Map<String, String> recorded(SeenRecord seen) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        for (var e : seen.snapshot().entries()) {
            long[] s = e.getValue();
            out.put(e.getKey().value(), Instant.ofEpochMilli(s[0]) + " " + Instant.ofEpochMilli(s[1]) + " " + s[2]);
        }
        return out;
    }

    @Test
    void theSeenRecordKeepsEachEventsOwnTimeInEveryFormatThatCarriesOne() throws IOException {
        SeenRecord seen = new SeenRecord(java.time.Duration.ofDays(7), 1000);
        Matcher m = matcher(IndicatorIndex.empty(), WarningLists.none());
        m.recordSeen(seen);
        // ECS @timestamp after the value, with an offset; then the same value an hour later
        run(m, """
                {"source":{"ip":"198.51.100.10"},"@timestamp":"2026-02-27T09:30:00.250+01:00"}
                {"@timestamp":"2026-02-27T09:30:00.250Z","source":{"ip":"198.51.100.10"}}
                """, LogFormat.JSON);
        run(m, "#separator \\x09\n#fields\tts\tid.orig_h\tquery\n1772100000.5\t198.51.100.11\tzeek.example\n", LogFormat.ZEEK);
        run(m, "<38>1 2026-02-28T23:00:00.250Z bastion sshd 1 - - Failed password from 198.51.100.12 port 22\n", LogFormat.SYSLOG);
        run(m, "CEF:0|Vendor|Proxy|1|100|blocked|5|rt=1772200000000 src=198.51.100.13\n", LogFormat.CEF);
        run(m, "no time here 198.51.100.14\n", LogFormat.TEXT);
        assertThat(problems).isEmpty();
        // the seconds of the RFC 5424 time ("00:00.250z" read as a name) are not recorded
        assertThat(recorded(seen)).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "198.51.100.10", "2026-02-27T08:30:00.250Z 2026-02-27T09:30:00.250Z 2",
                "198.51.100.11", "2026-02-26T10:00:00.500Z 2026-02-26T10:00:00.500Z 1",
                "zeek.example", "2026-02-26T10:00:00.500Z 2026-02-26T10:00:00.500Z 1",
                "198.51.100.12", "2026-02-28T23:00:00.250Z 2026-02-28T23:00:00.250Z 1",
                "198.51.100.13", Instant.ofEpochMilli(1772200000000L) + " " + Instant.ofEpochMilli(1772200000000L) + " 1",
                // no time of its own: the time it arrived
                "198.51.100.14", "2026-03-01T12:00:00Z 2026-03-01T12:00:00Z 1"));
    }

    @Test
    void eventsFromTheFutureCountAtArrivalAndEventsBeforeTheWindowAreNotRecorded() throws IOException {
        SeenRecord seen = new SeenRecord(java.time.Duration.ofDays(7), 1000);
        Matcher m = matcher(IndicatorIndex.empty(), WarningLists.none());
        m.recordSeen(seen);
        run(m, """
                {"@timestamp":"2027-01-01T00:00:00Z","source":{"ip":"198.51.100.20"}}
                {"@timestamp":"2026-02-01T00:00:00Z","source":{"ip":"198.51.100.21"},"destination":{"ip":"198.51.100.22"}}
                {"@timestamp":"2026-02-23T00:00:00Z","source":{"ip":"198.51.100.23"}}
                {"@timestamp":"2026-02-23T00:00:00Z","source":{"ip":"198.51.100.24"}
                """, LogFormat.JSON);
        assertThat(recorded(seen)).containsOnlyKeys("198.51.100.20", "198.51.100.23");
        assertThat(recorded(seen).get("198.51.100.20")).startsWith("2026-03-01T12:00:00Z ");
        assertThat(seen.outsideWindow()).isEqualTo(2);
        // the malformed last line raises nothing and records nothing
        assertThat(problems).singleElement().asString().contains("in:4:");
    }

    @Test
    void aTimeFieldAfterTheMatchedValueIsTheTimeOfTheHitAndOfTheRecord() throws IOException {
        SeenRecord seen = new SeenRecord(java.time.Duration.ofDays(7), 1000);
        Matcher m = matcher(index("203.0.113.60"), WarningLists.none());
        m.recordSeen(seen);
        run(m, "{\"destination\":{\"ip\":\"203.0.113.60\"},\"@timestamp\":\"2026-02-28T07:00:00Z\"}\n", LogFormat.JSON);
        assertThat(hits).singleElement().satisfies(h -> assertThat(h.time()).isEqualTo(Instant.parse("2026-02-28T07:00:00Z")));
        assertThat(recorded(seen)).containsEntry("203.0.113.60", "2026-02-28T07:00:00Z 2026-02-28T07:00:00Z 1");
    }

    @Test
    void aSingleEventLikeASyslogDatagramCountsAsAnEventWithItsBytes() {
        Matcher m = matcher(index("203.0.113.50"), WarningLists.none());
        byte[] d = "<34>1 2026-02-01T10:00:00Z host app - - - from 203.0.113.50\n".getBytes(StandardCharsets.UTF_8);
        m.processEvent(d, 0, d.length - 1, LogFormat.SYSLOG, "udp", problems::add);
        m.processEvent(d, 0, d.length - 1, LogFormat.SYSLOG, "udp", problems::add);
        assertThat(hits).hasSize(2);
        assertThat(m.stats().events()).isEqualTo(2);
        assertThat(m.stats().bytes()).isEqualTo(2L * (d.length - 1));
        assertThat(m.stats().hits()).isEqualTo(2);
    }

    @Test
    void aPatternHitOnAWarnedValueIsCountedAsSuppressed() throws IOException {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        StixIndicators.load(b, List.of((org.datong.stix.json.JsonObject) org.datong.stix.json.Json.parse("""
                {"type":"indicator","spec_version":"2.1","id":"indicator--11111111-1111-4111-8111-111111111111",
                 "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00Z",
                 "pattern_type":"stix","pattern":"[ipv4-addr:value = '10.0.0.5' AND ipv4-addr:value != '10.0.0.6']"}""")),
                CLOCK.instant());
        WarningLists w = WarningLists.builder().addDefaults().build();
        Matcher m = matcher(b.build(), w);
        run(m, "{\"destination\":{\"ip\":\"10.0.0.5\",\"port\":443}}\n", LogFormat.JSON);
        assertThat(hits).isEmpty();
        assertThat(m.stats().suppressed()).isEqualTo(1);
        assertThat(w.suppressedCounts()).containsEntry("datong-defaults", 1L);
    }

    @Test
    void aBsdSyslogFileIsReadAsSyslogAndItsHitsTakeTheTimeOfTheirLine() throws IOException {
        Matcher m = matcher(index("203.0.113.50"), WarningLists.none());
        run(m, """
                Feb 28 10:00:00 bastion sshd[1]: Failed password for root from 203.0.113.50 port 22 ssh2
                <13>Feb 28 10:05:00 bastion sshd[1]: Failed password for root from 203.0.113.50 port 22 ssh2
                """, LogFormat.AUTO);
        assertThat(hits).extracting(Hit::time).containsExactly(Instant.parse("2026-02-28T10:00:00Z"),
                Instant.parse("2026-02-28T10:05:00Z"));
        assertThat(LogFormat.sniff("Feb 28 10:00:00 bastion sshd[1]: x".getBytes(StandardCharsets.UTF_8), 0, 33))
                .isEqualTo(LogFormat.SYSLOG);
    }
}
