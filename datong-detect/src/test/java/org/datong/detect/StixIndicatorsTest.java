package org.datong.detect;

import org.datong.stix.SharedData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class StixIndicatorsTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static String indicator(String uuidTail, String pattern, String extra) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--00000000-0000-4000-8000-0000000000" + uuidTail + "\","
                + "\"created\":\"2026-01-01T00:00:00Z\",\"modified\":\"2026-01-01T00:00:00Z\",\"pattern_type\":\"stix\","
                + "\"valid_from\":\"2026-01-01T00:00:00Z\",\"pattern\":\"" + pattern.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" + extra + "}";
    }

    private static StixIndicators.Report load(IndicatorIndex.Builder b, String... objects) {
        String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--00000000-0000-4000-8000-000000000001\",\"objects\":[" + String.join(",", objects) + "]}";
        return StixIndicators.load(b, new ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8)), "test", NOW);
    }

    @Test
    void onlyActiveIndicatorsAreIndexed() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        StixIndicators.Report r = load(b,
                indicator("01", "[ipv4-addr:value = '198.51.100.1']", ""),
                indicator("02", "[ipv4-addr:value = '198.51.100.2']", ",\"revoked\":true"),
                indicator("03", "[ipv4-addr:value = '198.51.100.3']", ",\"valid_until\":\"2026-02-01T00:00:00Z\""),
                indicator("04", "[domain-name:value = 'evil.example' OR file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']", ""),
                indicator("05", "[ipv4-addr:value ISSUBSET '203.0.113.0/24']", ""),
                indicator("06", "[domain-name:value = 'bad.example']", ",\"x_datong_subdomains\":true"),
                indicator("07", "not a pattern", ""));
        assertThat(r.indexed()).isEqualTo(4);
        assertThat(r.inactive()).isEqualTo(2);
        assertThat(r.rejected()).singleElement().asString().contains("indicator--00000000-0000-4000-8000-000000000007");
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(Observable.guess("198.51.100.1"))).hasSize(1);
        assertThat(idx.lookup(Observable.guess("198.51.100.2"))).isEmpty();
        assertThat(idx.lookup(Observable.guess("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))).hasSize(1);
        assertThat(idx.lookup(Observable.guess("203.0.113.77"))).hasSize(1);
        assertThat(idx.lookup(Observable.guess("www.bad.example"))).hasSize(1);
    }

    @Test
    void nonReduciblePatternsAreEvaluatedOnTheEventsTheyConcern() throws IOException {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        StixIndicators.Report r = load(b,
                indicator("11", "[file:name = 'evil.exe' AND file:size > 1000]", ""),
                indicator("12", "[domain-name:value LIKE '%.evil.example']", ""));
        assertThat(r.evaluated()).isEqualTo(2);
        List<Hit> hits = new ArrayList<>();
        Matcher m = new Matcher(b.build(), WarningLists.none(), FieldMapping.defaults(), MatcherTest.CLOCK, hits::add);
        String events = """
                {"file":{"name":"evil.exe","size":10}}
                {"file":{"name":"evil.exe","size":5000}}
                {"file":{"name":"good.exe","size":5000}}
                {"dns":{"question":{"name":"c2.evil.example"}}}
                {"dns":{"question":{"name":"evil.example.org"}}}
                """;
        m.process(new ByteArrayInputStream(events.getBytes(StandardCharsets.UTF_8)), LogFormat.JSON, "in", p -> { });
        assertThat(hits).extracting(h -> h.indicatorId().substring(h.indicatorId().length() - 2) + " " + h.observed().value())
                .containsExactly("11 evil.exe", "12 c2.evil.example");
    }

    @Test
    void realSslBlacklistBundleLoads() throws IOException {
        Path dir = SharedData.require("feeds2stix-abusech-sslbl");
        Path bundle;
        try (var files = Files.walk(dir)) {
            bundle = files.filter(p -> p.toString().endsWith(".json.gz")).sorted().findFirst().orElseThrow();
        }
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        StixIndicators.Report r;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(bundle))) {
            r = StixIndicators.load(b, in, bundle.toString(), NOW);
        }
        assertThat(r.rejected()).isEmpty();
        assertThat(r.indexed() + r.evaluated() + r.inactive()).isPositive();
    }

    @Test
    void aJsonArrayOfObjectsLoadsLikeABundle() {
        String array = """
                 [{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000031",
                   "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00Z",
                   "pattern_type":"stix","pattern":"[ipv4-addr:value = '45.155.205.7']"},
                  {"type":"malware","spec_version":"2.1","id":"malware--00000000-0000-4000-8000-000000000032"},
                  42]
                """;
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        StixIndicators.Report r = StixIndicators.load(b, new ByteArrayInputStream(array.getBytes(StandardCharsets.UTF_8)), "a.json", NOW);
        assertThat(r.indexed()).isEqualTo(1);
        assertThat(r.rejected()).singleElement().asString().contains("a.json: $[2] is not a STIX object");
        assertThat(b.build().entries()).isEqualTo(1);
    }

    @Test
    void anIndicatorWhosePatternCanNeverMatchIsNamed() {
        String array = """
                 [{"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000041",
                   "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00Z",
                   "pattern_type":"stix","pattern":"[ipv4-addr:value = '45.155.205.7' AND network-traffic:dst_port = 443]"},
                  {"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000042",
                   "created":"2026-01-01T00:00:00.000Z","modified":"2026-01-01T00:00:00.000Z","valid_from":"2026-01-01T00:00:00Z",
                   "pattern_type":"stix","pattern":"[network-traffic:dst_ref.value = '45.155.205.7' AND network-traffic:dst_port = 443]"}]
                """;
        StixIndicators.Report r = StixIndicators.load(IndicatorIndex.builder(),
                new ByteArrayInputStream(array.getBytes(StandardCharsets.UTF_8)), "a.json", NOW);
        assertThat(r.evaluated()).isEqualTo(2);
        assertThat(r.neverMatch()).singleElement().asString()
                .startsWith("indicator--00000000-0000-4000-8000-000000000041: this observation can never match");
    }
}
