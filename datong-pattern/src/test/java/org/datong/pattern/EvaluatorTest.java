package org.datong.pattern;

import org.datong.stix.json.Json;
import org.datong.stix.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvaluatorTest {

    /** One STIX 2.0-style observed-data (embedded objects) with a rich set of SCOs, at 2020-01-01T00:00:00Z. */
    private static final String RICH = """
            {"type": "observed-data", "id": "observed-data--00000000-0000-4000-8000-000000000001",
             "first_observed": "2020-01-01T00:00:00Z", "last_observed": "2020-01-01T00:00:00Z", "number_observed": 1,
             "objects": {
               "0": {"type": "file", "name": "foo.dll", "size": 25536, "hashes": {"SHA-256": "aec0", "MD5": "79054025255fb1a26e4bc422aef54eb4"},
                     "magic_number_hex": "ffd8", "ctime": "2014-01-13T07:03:17Z", "parent_directory_ref": "1",
                     "extensions": {"windows-pebinary-ext": {"sections": [{"name": ".text", "entropy": 7.5}, {"name": ".data", "entropy": 2.1}]}}},
               "1": {"type": "directory", "path": "C:\\\\Windows\\\\System32", "contains_refs": ["0"]},
               "2": {"type": "artifact", "mime_type": "application/octet-stream", "payload_bin": "dGhpcyBpcyBhIHRlc3Q="},
               "3": {"type": "network-traffic", "src_ref": "4", "dst_ref": "5", "dst_port": 443, "protocols": ["ipv4", "tcp"], "is_active": true},
               "4": {"type": "ipv4-addr", "value": "203.0.113.10"},
               "5": {"type": "ipv4-addr", "value": "198.51.100.58"},
               "6": {"type": "email-message", "is_multipart": true, "from_ref": "7", "subject": "Conférence",
                     "body_multipart": [{"body_raw_ref": "8"}]},
               "7": {"type": "email-addr", "value": "jdoe@example.com"},
               "8": {"type": "file", "name": "Final Report 2020.exe"},
               "9": {"type": "ipv6-addr", "value": "2001:db8::1"}
             }}
            """;

    private static boolean matches(String pattern, String... observedData) {
        List<JsonObject> objects = new ArrayList<>();
        for (String o : observedData) {
            objects.add(Json.parseObject(o));
        }
        return Patterns.evaluate(Patterns.parse(pattern), objects).matched();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "[file:name = 'foo.dll']|true",
            "[file:name = 'bar.dll']|false",
            "[file:name != 'bar.dll']|true",
            "[file:name NOT = 'foo.dll']|true",
            "[file:name NOT = 'foo.dll' AND file:size = 25536]|false",
            "[file:size = 25536]|true",
            "[file:size = 25536.0]|true",
            "[file:size > 25535 AND file:size < 25537]|true",
            "[file:size >= 25536 AND file:size <= 25536]|true",
            "[file:size > 25536]|false",
            "[file:size NOT > 25536]|true",
            "[file:name > 'foo.dl' AND file:name < 'foo.dlm']|true",
            "[file:hashes.'SHA-256' = 'aec0']|true",
            "[file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4']|true",
            "[file:hashes.'SHA-1' = 'aec0']|false",
            "[file:magic_number_hex = h'ffd8']|true",
            "[file:magic_number_hex = h'ffd9']|false",
            "[file:ctime = t'2014-01-13T07:03:17.000Z']|true",
            "[file:ctime > t'2014-01-13T07:03:16.999Z']|true",
            "[file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']|true",
            "[directory:contains_refs[*].name = 'foo.dll']|true",
            "[directory:contains_refs[0].name = 'foo.dll']|true",
            "[directory:contains_refs[1].name = 'foo.dll']|false",
            "[directory:contains_refs[0].parent_directory_ref.contains_refs[0].size = 25536]|true",
            "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]|true",
            "[file:extensions.'windows-pebinary-ext'.sections[1].entropy > 7.0]|false",
            "[artifact:payload_bin = 'this is a test']|true",
            "[artifact:payload_bin = 'dGhpcyBpcyBhIHRlc3Q=']|false",
            "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']|true",
            "[artifact:payload_bin = h'7468697320697320612074657374']|true",
            "[artifact:payload_bin != 'ünïcödé ☃']|true",
            "[artifact:payload_bin MATCHES '^this\\\\x20is']|true",
            "[network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_ref.value = '198.51.100.58']|true",
            "[network-traffic:dst_ref.value = '198.51.100.58/32']|true",
            "[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24']|true",
            "[ipv4-addr:value ISSUBSET '198.51.100.0/24']|true",
            "[ipv4-addr:value ISSUBSET '198.51.101.0/24']|false",
            "[ipv4-addr:value ISSUPERSET '198.51.100.58']|true",
            "[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']|true",
            "[ipv6-addr:value ISSUBSET '2001:db8::/32']|true",
            "[ipv6-addr:value = '2001:0db8:0000::0001']|true",
            "[network-traffic:protocols[*] = 'tcp']|true",
            "[network-traffic:protocols[0] = 'tcp']|false",
            "[network-traffic:protocols[5] = 'tcp']|false",
            "[network-traffic:is_active = true]|true",
            "[network-traffic:dst_port IN (80, 443)]|true",
            "[network-traffic:dst_port NOT IN (80, 8080)]|true",
            "[file:name IN ('a', 'foo.dll')]|true",
            "[file:name LIKE 'foo.%']|true",
            "[file:name LIKE 'fo_.dll']|true",
            "[file:name LIKE 'foo']|false",
            "[file:name LIKE 'FOO%']|false",
            "[file:name MATCHES 'o\\\\.d']|true",
            "[file:name MATCHES '^o']|false",
            "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']|true",
            "[email-message:subject LIKE 'Confe\u0301rence']|true",
            "[EXISTS file:hashes.MD5]|true",
            "[EXISTS file:hashes.'SHA-512']|false",
            "[file:mime_type = 'x']|false",
            "[file:mime_type != 'x']|false",
            "[file:mime_type NOT = 'x']|false",
            "[file:name = 'foo.dll' AND file:size = 1 OR ipv4-addr:value = '203.0.113.10']|true",
            "[file:name = 'foo.dll' AND ipv4-addr:value = '203.0.113.10']|false",
            "[x-custom:anything = 'a']|false",
    })
    void evaluatesComparisonsAgainstOneObservation(String pattern, boolean expected) {
        assertThat(matches(pattern, RICH)).as(pattern).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "[file:hashes.MD5 > 5]|file:hashes.MD5 is a string but is compared with an integer constant",
            "[directory:contains_refs[0].name = 5]|is a string",
            "[file:extensions.'windows-pebinary-ext'.sections[0].name = t'2020-01-01T00:00:00Z']|not a timestamp",
            "[file:extensions.'windows-pebinary-ext'.sections[0].entropy = 'high']|is a number",
            "[file:extensions.'windows-pebinary-ext'.sections = 'x']|is a list",
            "[file:extensions.'windows-pebinary-ext' = 'x']|an object or dictionary",
            "[network-traffic:dst_ref.value > 5]|is a string",
    })
    void reportsTypeMismatchesAsErrors(String pattern, String message) {
        assertThatThrownBy(() -> matches(pattern, RICH)).isInstanceOf(PatternException.class)
                .hasMessageStartingWith("1:2: ").hasMessageContaining("type mismatch").hasMessageContaining(message);
    }

    private static String od(int n, String first, String last, int count, String sco) {
        return """
                {"type": "observed-data", "id": "observed-data--00000000-0000-4000-8000-%012d",
                 "first_observed": "%s", "last_observed": "%s", "number_observed": %d, "objects": {"0": %s}}
                """.formatted(n, first, last, count, sco);
    }

    private static final String A = "{\"type\": \"ipv4-addr\", \"value\": \"198.51.100.5\"}";
    private static final String B = "{\"type\": \"ipv4-addr\", \"value\": \"198.51.100.10\"}";
    private static final String PA = "[ipv4-addr:value = '198.51.100.5']";
    private static final String PB = "[ipv4-addr:value = '198.51.100.10']";

    @Test
    void observationAndNeedsTwoDifferentObservations() {
        String both = "{\"type\": \"ipv4-addr\", \"value\": \"198.51.100.5\"}";
        assertThat(matches(PA + " AND " + PA, od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", 1, both))).isFalse();
        assertThat(matches(PA + " AND " + PA, od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", 1, both),
                od(2, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", 1, both))).isTrue();
        assertThat(matches(PA + " AND " + PB, od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", 1, A),
                od(2, "2020-01-02T00:00:00Z", "2020-01-02T00:00:00Z", 1, B))).isTrue();
        assertThat(matches(PA + " OR " + PB, od(2, "2020-01-02T00:00:00Z", "2020-01-02T00:00:00Z", 1, B))).isTrue();
    }

    @Test
    void followedByRespectsTimeOrder() {
        String a = od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:01:00Z", 1, A);
        String bAfter = od(2, "2020-01-01T00:01:00Z", "2020-01-01T00:02:00Z", 1, B);
        String bBefore = od(3, "2019-12-31T23:00:00Z", "2019-12-31T23:00:00Z", 1, B);
        assertThat(matches(PA + " FOLLOWEDBY " + PB, a, bAfter)).isTrue();   // starts exactly when a ends
        assertThat(matches(PA + " FOLLOWEDBY " + PB, a, bBefore)).isFalse();
        assertThat(matches(PB + " FOLLOWEDBY " + PA, a, bBefore)).isTrue();
    }

    @Test
    void withinIsExclusiveAtItsLimit() {
        String a = od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", 1, A);
        String b = od(2, "2020-01-01T00:05:00Z", "2020-01-01T00:05:00Z", 1, B);
        assertThat(matches("(" + PA + " AND " + PB + ") WITHIN 300 SECONDS", a, b)).isFalse();
        assertThat(matches("(" + PA + " AND " + PB + ") WITHIN 300.001 SECONDS", a, b)).isTrue();
        assertThat(matches("(" + PA + " AND " + PB + ") WITHIN 301 SECONDS", a, b)).isTrue();
        // the span of a single observation counts too
        assertThat(matches(PA + " WITHIN 60 SECONDS", od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:01:00Z", 1, A))).isFalse();
    }

    @Test
    void overlappingWindowsCombineOnlyWhenTheWholeSetFits() {
        String a1 = od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:00:10Z", 1, A);
        String b1 = od(2, "2020-01-01T00:00:05Z", "2020-01-01T00:00:20Z", 1, B);
        String b2 = od(3, "2020-01-01T01:00:00Z", "2020-01-01T01:00:01Z", 1, B);
        Pattern p = Patterns.parse("(" + PA + " AND " + PB + ") WITHIN 30 SECONDS");
        MatchResult r = Patterns.evaluate(p, List.of(Json.parseObject(a1), Json.parseObject(b1), Json.parseObject(b2)));
        assertThat(r.matched()).isTrue();
        assertThat(r.observedDataIds()).containsExactly("observed-data--00000000-0000-4000-8000-000000000001",
                "observed-data--00000000-0000-4000-8000-000000000002");
    }

    @Test
    void startStopIsHalfOpen() {
        String at = od(1, "2016-06-01T00:00:00Z", "2016-06-01T00:00:00Z", 1, A);
        String atStop = od(2, "2016-07-01T00:00:00Z", "2016-07-01T00:00:00Z", 1, A);
        String q = PA + " START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'";
        assertThat(matches(q, at)).isTrue();
        assertThat(matches(q, atStop)).isFalse();
    }

    @Test
    void repeatsCountsDistinctObservationsAndNumberObserved() {
        String once = od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", 1, A);
        String again = od(2, "2020-01-01T00:10:00Z", "2020-01-01T00:10:00Z", 1, A);
        String fiveTimes = od(3, "2020-01-01T00:00:00Z", "2020-01-01T00:00:30Z", 5, A);
        assertThat(matches(PA + " REPEATS 2 TIMES", once)).isFalse();
        assertThat(matches(PA + " REPEATS 2 TIMES", once, again)).isTrue();
        assertThat(matches(PA + " REPEATS 3 TIMES", once, again)).isFalse();
        assertThat(matches(PA + " REPEATS 5 TIMES", fiveTimes)).isTrue();
        assertThat(matches(PA + " REPEATS 6 TIMES", fiveTimes)).isFalse();
        assertThat(matches(PA + " REPEATS 2 TIMES WITHIN 300 SECONDS", once, again)).isFalse();
        assertThat(matches(PA + " REPEATS 2 TIMES WITHIN 601 SECONDS", once, again)).isTrue();
    }

    @Test
    void qualifierAppliesToTheNearestObservationUnlessGrouped() {
        String a = od(1, "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", 1, A);
        String b1 = od(2, "2020-01-01T00:01:00Z", "2020-01-01T00:01:00Z", 1, B);
        String b2 = od(3, "2020-01-01T00:02:00Z", "2020-01-01T00:02:00Z", 1, B);
        assertThat(matches(PA + " FOLLOWEDBY " + PB + " REPEATS 2 TIMES", a, b1, b2)).isTrue();
        assertThat(matches("(" + PA + " FOLLOWEDBY " + PB + ") REPEATS 2 TIMES", a, b1, b2)).isFalse();
    }

    @Test
    void followsObjectRefsOnlyIntoListedObjects() {
        List<JsonObject> bundle = List.of(
                Json.parseObject("""
                        {"type": "observed-data", "id": "observed-data--00000000-0000-4000-8000-000000000009",
                         "first_observed": "2020-01-01T00:00:00Z", "last_observed": "2020-01-01T00:00:00Z", "number_observed": 1,
                         "object_refs": ["network-traffic--00000000-0000-4000-8000-000000000001"]}"""),
                Json.parseObject("""
                        {"type": "network-traffic", "id": "network-traffic--00000000-0000-4000-8000-000000000001",
                         "dst_ref": "ipv4-addr--00000000-0000-4000-8000-000000000002"}"""),
                Json.parseObject("""
                        {"type": "ipv4-addr", "id": "ipv4-addr--00000000-0000-4000-8000-000000000002", "value": "198.51.100.5"}"""));
        assertThat(Patterns.evaluate(Patterns.parse("[network-traffic:dst_ref.value = '198.51.100.5']"), bundle).matched()).isFalse();
        assertThat(Patterns.evaluate(Patterns.parse(PA), bundle).matched()).isFalse();
        List<JsonObject> listed = new ArrayList<>(bundle);
        listed.set(0, bundle.get(0).with("object_refs", Json.parse("""
                ["network-traffic--00000000-0000-4000-8000-000000000001", "ipv4-addr--00000000-0000-4000-8000-000000000002"]""")));
        MatchResult r = Patterns.evaluate(Patterns.parse("[network-traffic:dst_ref.value = '198.51.100.5']"), listed);
        assertThat(r.matched()).isTrue();
        assertThat(r.observedDataIds()).containsExactly("observed-data--00000000-0000-4000-8000-000000000009");
    }

    @Test
    void allComparisonsOfAnObservationStartFromTheSameObject() {
        // section 9.5: two separate network-traffic objects do not satisfy one observation
        String split = """
                {"type": "observed-data", "id": "observed-data--0960319a-3cab-4258-a143-4dbb25525bb1",
                 "first_observed": "2019-10-20T00:12:01.000000Z", "last_observed": "2019-10-20T00:51:02.000000Z", "number_observed": 1,
                 "objects": {"0": {"type": "network-traffic", "src_ref": "1"}, "1": {"type": "ipv4-addr", "value": "203.0.113.10"},
                             "2": {"type": "network-traffic", "dst_ref": "3"}, "3": {"type": "ipv4-addr", "value": "198.51.100.58"}}}""";
        assertThat(matches("[network-traffic:src_ref.value = '203.0.113.10' AND network-traffic:dst_ref.value = '198.51.100.58']", split))
                .isFalse();
        assertThat(matches("[network-traffic:src_ref.value = '203.0.113.10' OR network-traffic:dst_ref.value = '198.51.100.58']", split))
                .isTrue();
    }

    @Test
    void timingWithoutTimestampsIsAnError() {
        String noTimes = "{\"type\": \"observed-data\", \"id\": \"observed-data--1\", \"objects\": {\"0\": " + A + "}}";
        assertThat(matches(PA, noTimes)).isTrue();
        assertThatThrownBy(() -> matches(PA + " WITHIN 5 SECONDS", noTimes)).isInstanceOf(PatternException.class)
                .hasMessageContaining("first_observed");
    }

    @Test
    void hostileRegularExpressionsRunInLinearTime() {
        String longA = "a".repeat(50_000) + "!";
        String od = "{\"type\": \"observed-data\", \"id\": \"observed-data--1\", \"objects\": {\"0\": {\"type\": \"file\", \"name\": \""
                + longA + "\"}}}";
        // catastrophic for backtracking engines; RE2/J answers at once
        assertThat(matches("[file:name MATCHES '^(a+)+$']", od)).isFalse();
        assertThat(matches("[file:name MATCHES '^(a|aa)+!$']", od)).isTrue();
    }
}
