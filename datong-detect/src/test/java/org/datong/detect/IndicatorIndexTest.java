package org.datong.detect;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndicatorIndexTest {
    private static Observable ip(String s) {
        return Observable.guess(s);
    }

    @Test
    void longestPrefixWins() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int wide = b.addList("wide");
        int narrow = b.addList("narrow");
        int host = b.addList("host");
        b.addRange(wide, "10.0.0.0/8");
        b.addRange(narrow, "10.1.0.0/16");
        b.addRange(host, "10.1.2.3");
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(ip("10.1.2.3"))).containsExactly(host);
        assertThat(idx.lookup(ip("10.1.2.4"))).containsExactly(narrow);
        assertThat(idx.lookup(ip("10.2.0.1"))).containsExactly(wide);
        assertThat(idx.lookup(ip("11.0.0.1"))).isEmpty();
        assertThat(idx.matchedEntry(ip("10.1.9.9"))).isEqualTo("10.1.0.0/16");
    }

    @Test
    void ipv4MappedIpv6MatchesIpv4EntriesBothWays() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int l = b.addList("l");
        b.addRange(l, "::ffff:192.0.2.0/120");
        b.add(l, Observable.guess("198.51.100.9"));
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(ip("192.0.2.77"))).containsExactly(l);
        assertThat(idx.lookup(new Observable(Observable.Kind.IPV6, "::ffff:198.51.100.9", null))).containsExactly(l);
        assertThat(idx.lookupV6(0, 0xffffL << 32 | 0xC6336409L)).isEqualTo(l);
    }

    @Test
    void ipv6RangesMatch() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int l = b.addList("l");
        b.addRange(l, "2001:db8:abcd::/48");
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(ip("2001:db8:abcd:12::1"))).containsExactly(l);
        assertThat(idx.lookup(ip("2001:db8:abce::1"))).isEmpty();
    }

    @Test
    void subdomainEntriesMatchBelowTheNameButExactOnesDoNot() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int exact = b.addList("exact");
        int tree = b.addList("tree");
        b.add(exact, Observable.of(Observable.Kind.DOMAIN, "evil.example"));
        b.addSubdomains(tree, "bad.example");
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(Observable.of(Observable.Kind.DOMAIN, "EVIL.example."))).containsExactly(exact);
        assertThat(idx.lookup(Observable.of(Observable.Kind.DOMAIN, "www.evil.example"))).isEmpty();
        assertThat(idx.lookup(Observable.of(Observable.Kind.DOMAIN, "a.b.bad.example"))).containsExactly(tree);
        assertThat(idx.lookup(Observable.of(Observable.Kind.DOMAIN, "bad.example"))).containsExactly(tree);
        assertThat(idx.lookup(Observable.of(Observable.Kind.DOMAIN, "notbad.example"))).isEmpty();
        assertThat(idx.matchedEntry(Observable.of(Observable.Kind.DOMAIN, "x.bad.example"))).isEqualTo("*.bad.example");
    }

    @Test
    void hashesMatchInAnyCaseAndSeveralSourcesShareAValue() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int s1 = b.addIndicator("indicator--11111111-1111-4111-8111-111111111111", null);
        int s2 = b.addIndicator("indicator--22222222-2222-4222-8222-222222222222", Instant.parse("2030-01-01T00:00:00Z"));
        String sha = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
        b.add(s1, Observable.of(Observable.Kind.SHA256, sha));
        b.add(s2, Observable.of(Observable.Kind.SHA256, sha.toLowerCase()));
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(Observable.guess(sha.toLowerCase()))).containsExactlyInAnyOrder(s1, s2);
        assertThat(idx.entries()).isEqualTo(1);
        assertThat(idx.indicatorId(s2, Observable.Kind.SHA256, sha)).isEqualTo("indicator--22222222-2222-4222-8222-222222222222");
        assertThat(idx.expired(s2, Instant.parse("2031-01-01T00:00:00Z").toEpochMilli())).isTrue();
        assertThat(idx.expired(s1, Long.MAX_VALUE - 1)).isFalse();
    }

    @Test
    void listIndicatorIdsAreDeterministic() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int l = b.addList("blocklist");
        IndicatorIndex idx = b.build();
        String a = idx.indicatorId(l, Observable.Kind.IPV4, "203.0.113.0/24");
        assertThat(a).startsWith("indicator--").isEqualTo(idx.indicatorId(l, Observable.Kind.IPV4, "203.0.113.0/24"));
        assertThat(a).isNotEqualTo(idx.indicatorId(l, Observable.Kind.IPV4, "203.0.113.1"));
    }

    @Test
    void urlsEmailsAndOtherPropertiesMatchExactlyAfterNormalisation() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int l = b.addList("l");
        b.add(l, Observable.of(Observable.Kind.URL, "http://evil.example/a/b?x=1"));
        b.add(l, Observable.of(Observable.Kind.EMAIL, "Boss@Evil.Example"));
        b.add(l, Observable.other("mutex:name", "Global\\Evil"));
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(Observable.of(Observable.Kind.URL, "HTTP://EVIL.example:80/a/./c/../b?x=1#top"))).containsExactly(l);
        assertThat(idx.lookup(Observable.of(Observable.Kind.URL, "http://evil.example/a/b?x=2"))).isEmpty();
        assertThat(idx.lookup(Observable.of(Observable.Kind.EMAIL, "boss@EVIL.example"))).containsExactly(l);
        assertThat(idx.lookup(Observable.other("mutex:name", "Global\\Evil"))).containsExactly(l);
        assertThat(idx.lookup(Observable.other("mutex:name", "global\\evil"))).isEmpty();
    }

    @Test
    void builderRejectsBadRangesAndBuildsOnce() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int l = b.addList("l");
        assertThatThrownBy(() -> b.addRange(l, "10.0.0.0/40")).hasMessageContaining("10.0.0.0/40");
        b.build();
        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void longKeysAreStoredAndFound() {
        IndicatorIndex.Builder b = IndicatorIndex.builder();
        int l = b.addList("l");
        String longUrl = "http://evil.example/" + "a".repeat(400);
        b.add(l, Observable.of(Observable.Kind.URL, longUrl));
        IndicatorIndex idx = b.build();
        assertThat(idx.lookup(Observable.of(Observable.Kind.URL, longUrl))).containsExactly(l);
    }
}
