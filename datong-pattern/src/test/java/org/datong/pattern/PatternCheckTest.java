package org.datong.pattern;

import org.datong.stix.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatternCheckTest {

    /** pattern | line:column | text the message contains; each row is an error, so parse rejects the pattern too. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "[file:name = 'a'] WITHIN 0 SECONDS|1:19|positive number of seconds",
            "[file:name = 'a'] WITHIN -1.5 SECONDS|1:19|positive number of seconds",
            "[file:name = 'a'] REPEATS 0 TIMES|1:19|positive number of times",
            "[file:name = 'a'] START t'2017-01-01T00:00:00Z' STOP t'2016-01-01T00:00:00Z'|1:19|must be before STOP",
            "[file:name = 'a'] START t'2016-01-01T00:00:00Z' STOP t'2016-01-01T00:00:00Z'|1:19|must be before STOP",
            "[file:name = 'a'] WITHIN 5 SECONDS WITHIN 6 SECONDS|1:36|more than one WITHIN",
            "[file:name = 'a'] REPEATS 2 TIMES WITHIN 5 SECONDS REPEATS 3 TIMES|1:52|more than one REPEATS",
            "[file:name MATCHES '(unclosed']|1:20|valid regular expression",
            "[file:name MATCHES 'a(?<=b)']|1:20|valid regular expression",
            "[file:name MATCHES '(a)\\\\1']|1:20|invalid escape sequence",
            "[file:name MATCHES 'a(?=b)']|1:20|unsupported Perl syntax",
            "[file:name MATCHES 'a{1001}']|1:20|invalid repeat count",
            "[file:name MATCHES 5]|1:20|string constant",
            "[file:name LIKE true]|1:17|LIKE needs a string",
            "[file:size LIKE '5%']|1:2|compares strings",
            "[ipv4-addr:value ISSUBSET 'example.com']|1:27|IPv4 or IPv6 address or CIDR block",
            "[ipv4-addr:value ISSUBSET '10.0.0.0/33']|1:27|IPv4 or IPv6 address or CIDR block",
            "[ipv4-addr:value ISSUBSET '2001:db8::/32']|1:27|is not an IPv4",
            "[file:name ISSUBSET '10.0.0.0/8']|1:2|applies to ipv4-addr:value",
            "[ipv4-addr:resolves_to_refs ISSUBSET '10.0.0.0/8']|1:2|applies to the value",
            "[file:size = 'big']|1:14|cannot be compared",
            "[file:ctime = '2014-01-13T07:03:17Z']|1:15|cannot be compared",
            "[file:name = 12]|1:14|cannot be compared",
            "[file:hashes = 'abc']|1:16|a dictionary",
            "[network-traffic:is_active = 1]|1:30|cannot be compared",
            "[file:size > true]|1:14|orderable",
            "[process:pid IN (1, 'two')]|1:21|must all be of one type",
            "[File:name = 'a']|1:2|lower-case",
            "[file:name[0] = 'a']|1:2|not a list",
            "[network-traffic:protocols.x = 'a']|1:2|is a list",
    })
    void reportsErrorsWithTheirPosition(String pattern, String at, String text) {
        List<Problem> problems = Patterns.check(pattern);
        assertThat(problems).filteredOn(Problem::isError).isNotEmpty();
        Problem first = problems.stream().filter(Problem::isError).findFirst().orElseThrow();
        assertThat(first.line() + ":" + first.column()).isEqualTo(at);
        assertThat(first.message()).contains(text);
        assertThatThrownBy(() -> Patterns.parse(pattern)).isInstanceOf(PatternException.class).hasMessageContaining(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[foo-bar:value = 'a']|unknown object type 'foo-bar'",
            "[file:colour = 'a']|unknown property 'colour'",
            "[file:created = t'2014-01-13T07:03:17Z']|unknown property 'created'",
            "[ipv4-addr:value = '1.2.3.4' AND network-traffic:dst_port = 443]|can never match",
    })
    void warnsButAccepts(String pattern, String text) {
        List<Problem> problems = Patterns.check(pattern);
        assertThat(problems).extracting(Problem::severity).containsOnly(Severity.WARNING);
        assertThat(problems).anySatisfy(p -> assertThat(p.message()).contains(text));
        Patterns.parse(pattern);
    }

    @Test
    void acceptsCustomTypesAndPropertiesSilently() {
        assertThat(Patterns.check("[x-acme-widget:serial = 'a' OR file:x_acme_tag = 'b']")).isEmpty();
        assertThat(Patterns.check("[file:hashes.'SHA-256' = 'abc' AND file:size >= 10]")).isEmpty();
    }

    @Test
    void reportsASyntaxErrorAlone() {
        assertThat(Patterns.check("[file:name = ]")).singleElement()
                .satisfies(p -> assertThat(p.toString()).startsWith("1:14: unexpected"));
    }
}
