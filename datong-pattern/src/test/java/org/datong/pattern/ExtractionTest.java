package org.datong.pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractionTest {

    private static Extraction extract(String p) {
        return Patterns.extract(Patterns.parse(p));
    }

    @Test
    void reducesDisjunctionsOfEqualityToAtoms() {
        assertThat(extract("[ipv4-addr:value = '198.51.100.1/32' OR file:hashes.'SHA-256' = 'abc'] OR [domain-name:value = 'example.com']"))
                .isEqualTo(new Extraction.Reducible(java.util.List.of(
                        new Atom("ipv4-addr", "value", "198.51.100.1", AtomKind.EQUALS),
                        new Atom("file", "hashes.'SHA-256'", "abc", AtomKind.EQUALS),
                        new Atom("domain-name", "value", "example.com", AtomKind.EQUALS))));
    }

    @Test
    void expandsInToOneAtomPerValue() {
        assertThat(extract("[process:name IN ('a', 'b')]")).isEqualTo(new Extraction.Reducible(java.util.List.of(
                new Atom("process", "name", "a", AtomKind.EQUALS), new Atom("process", "name", "b", AtomKind.EQUALS))));
    }

    @Test
    void turnsIssubsetOnAddressesIntoCidrAtoms() {
        assertThat(extract("[ipv4-addr:value ISSUBSET '10.0.0.0/8' OR ipv6-addr:value ISSUBSET '2001:db8::/32']"))
                .isEqualTo(new Extraction.Reducible(java.util.List.of(
                        new Atom("ipv4-addr", "value", "10.0.0.0/8", AtomKind.IN_CIDR),
                        new Atom("ipv6-addr", "value", "2001:db8::/32", AtomKind.IN_CIDR))));
    }

    @Test
    void keepsPlainNamesUnquotedAndQuotesTheRest() {
        assertThat(extract("[file:hashes.MD5 = 'x' OR file:name = 'y' OR file:hashes.'SHA-1' = 'z']"))
                .isEqualTo(new Extraction.Reducible(java.util.List.of(
                        new Atom("file", "hashes.MD5", "x", AtomKind.EQUALS),
                        new Atom("file", "name", "y", AtomKind.EQUALS),
                        new Atom("file", "hashes.'SHA-1'", "z", AtomKind.EQUALS))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[ipv4-addr:value = '1.2.3.4' AND network-traffic:dst_port = 443]|AND inside an observation",
            "[file:name = 'a'] AND [file:name = 'b']|observation operator AND",
            "[file:name = 'a'] FOLLOWEDBY [file:name = 'b']|FOLLOWEDBY",
            "[file:name = 'a'] WITHIN 5 SECONDS|WITHIN",
            "[file:name = 'a'] REPEATS 2 TIMES|REPEATS",
            "[file:name = 'a'] START t'2016-01-01T00:00:00Z' STOP t'2017-01-01T00:00:00Z'|START/STOP",
            "[file:name NOT = 'a']|negation",
            "[file:name != 'a']|not an equality",
            "[file:name LIKE 'a%']|not an equality",
            "[file:name MATCHES 'a']|not an equality",
            "[file:size > 5]|not an equality",
            "[EXISTS file:name]|EXISTS",
            "[process:name NOT IN ('a')]|negation",
            "[network-traffic:dst_ref.value = '1.2.3.4']|follows a reference",
            "[network-traffic:protocols[0] = 'tcp']|goes through a list",
    })
    void saysWhyAPatternIsNotReducible(String pattern, String reason) {
        Extraction x = extract(pattern);
        assertThat(x).isInstanceOf(Extraction.NotReducible.class);
        assertThat(((Extraction.NotReducible) x).reason()).contains(reason);
    }

    private static java.util.List<String> sufficient(String p) {
        return Patterns.sufficientAtoms(Patterns.parse(p)).stream().map(a -> a.objectType() + ":" + a.propertyPath() + "=" + a.value()).toList();
    }

    @Test
    void theAtomsOfAnOrAtTheTopSufficeAloneWhateverTheOtherOperandsNeed() {
        assertThat(sufficient("[ipv4-addr:value = '198.51.100.1'] OR [file:name MATCHES '^inv']"))
                .containsExactly("ipv4-addr:value=198.51.100.1");
        assertThat(sufficient("[domain-name:value = 'a.example' OR (file:name = 'x' AND file:size = 10)]"
                + " OR ([ipv4-addr:value = '198.51.100.2'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.3'])"
                + " OR [url:value IN ('http://b.example/', 'http://c.example/')]"))
                .containsExactly("domain-name:value=a.example", "url:value=http://b.example/", "url:value=http://c.example/");
        // a reducible pattern: all its atoms
        assertThat(sufficient("[ipv4-addr:value = '198.51.100.1'] OR [domain-name:value = 'a.example']")).hasSize(2);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[ipv4-addr:value = '198.51.100.1' AND network-traffic:dst_port = 443]",
            "[ipv4-addr:value = '198.51.100.1'] AND [domain-name:value = 'a.example']",
            "[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [domain-name:value = 'a.example']",
            "([ipv4-addr:value = '198.51.100.1'] OR [file:name MATCHES 'x']) REPEATS 2 TIMES",
            "[ipv4-addr:value != '198.51.100.1']",
            "[domain-name:value LIKE '%.example']"})
    void noSingleValueSufficesForConjunctionsOrderQualifiersOrNegations(String pattern) {
        assertThat(sufficient(pattern)).isEmpty();
    }
}
