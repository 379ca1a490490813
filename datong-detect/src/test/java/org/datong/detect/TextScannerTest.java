package org.datong.detect;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TextScannerTest {
    /** Collects what the scanner reports, as observables. */
    static final class Collect implements Observations {
        final List<String> seen = new ArrayList<>();

        @Override
        public void ipv4(int addr) {
            seen.add("ipv4:" + Values.formatIPv4(addr));
        }

        @Override
        public void ipv6(long hi, long lo) {
            seen.add("ipv6:" + Values.formatIPv6(hi, lo));
        }

        @Override
        public void domain(byte[] b, int from, int to) {
            seen.add("domain:" + new String(b, from, to - from, StandardCharsets.US_ASCII));
        }

        @Override
        public void key(byte tag, byte[] b, int from, int to) {
            String v = tag == IndicatorIndex.TAG_HASH ? hex(b, from, to) : new String(b, from, to - from, StandardCharsets.UTF_8);
            seen.add((tag == IndicatorIndex.TAG_URL ? "url:" : tag == IndicatorIndex.TAG_HASH ? "hash:" : "email:") + v);
        }

        @Override
        public void other(String property, String value) {
            seen.add(property + "=" + value);
        }

        private static String hex(byte[] b, int from, int to) {
            StringBuilder sb = new StringBuilder();
            for (int k = from; k < to; k++) {
                sb.append(String.format("%02x", b[k] & 0xff));
            }
            return sb.toString();
        }
    }

    private static List<String> scan(String text) {
        Collect c = new Collect();
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        new TextScanner().scan(b, 0, b.length, c);
        return c.seen;
    }

    @Test
    void findsAddressesWithPortsAndInBrackets() {
        assertThat(scan("Failed password for root from 203.0.113.9 port 22 ssh2"))
                .containsExactly("ipv4:203.0.113.9");
        assertThat(scan("conn 198.51.100.4:443 -> [2001:db8::7]:80 ok"))
                .containsExactly("ipv4:198.51.100.4", "ipv6:2001:db8::7");
        assertThat(scan("src=10.0.0.1 dst=FE80::1%eth0")).containsExactly("ipv4:10.0.0.1", "ipv6:fe80::1");
    }

    @Test
    void ignoresTimesVersionsAndNumbers() {
        assertThat(scan("Dec 10 06:55:46 LabSZ sshd[24200]: version 1.2.3 took 12:30 and 1.2.3.4.5")).isEmpty();
    }

    @Test
    void findsUrlsWithTheirHostsAndTrimsSentencePunctuation() {
        assertThat(scan("see HTTP://Evil.Example:80/a/../b?x=1. now"))
                .containsExactly("url:http://evil.example/b?x=1", "domain:evil.example");
        assertThat(scan("\"GET http://203.0.113.5/x HTTP/1.1\""))
                .containsExactly("url:http://203.0.113.5/x", "ipv4:203.0.113.5");
    }

    @Test
    void findsHashesInAnyCaseAndEmailsWithTheirDomains() {
        assertThat(scan("sha256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 md5:d41d8cd98f00b204e9800998ecf8427e"))
                .containsExactly("hash:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "hash:d41d8cd98f00b204e9800998ecf8427e");
        assertThat(scan("from=<Bob.Smith+x@Mail.Example>"))
                .containsExactly("domain:mail.example", "email:bob.smith+x@mail.example");
    }

    @Test
    void findsInternationalDomainsAsALabels() {
        assertThat(scan("visit bücher.example today")).containsExactly("domain:xn--bcher-kva.example");
    }

    @Test
    void cefExtensionsAreScannedByTheirValues() {
        assertThat(scan("CEF:0|Vendor|FW|1.0|100|blocked|5|src=192.0.2.10 dst=198.51.100.20 dhost=bad.example.net request=https://bad.example.net/p"))
                .contains("ipv4:192.0.2.10", "ipv4:198.51.100.20", "domain:bad.example.net", "url:https://bad.example.net/p");
    }

    @Test
    void theAllocationFreeUrlPathAgreesWithTheNormaliser() {
        java.util.Random r = new java.util.Random(11);
        String[] parts = {"a", "B", "0", "x", "/", "/", "abc", ".", "..", "/", "?", "=", "&", "%41", "%2f", "#", ":", "-", "_", "~", "é", " ", "[", "'"};
        String[] hosts = {"evil.example", "Evil.example", "1.2.3.4", "1.2.3", "a..b", "xn--bcher-kva.example", "host:80", "-x.com", "x.com."};
        int fast = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder u = new StringBuilder(r.nextBoolean() ? "http://" : "https://").append(hosts[r.nextInt(hosts.length)]);
            u.append('/');
            int n = r.nextInt(6);
            for (int k = 0; k < n; k++) {
                u.append(parts[r.nextInt(parts.length)]);
            }
            byte[] b = u.toString().getBytes(StandardCharsets.UTF_8);
            if (TextScanner.alreadyCanonical(b, 0, b.length)) {
                fast++;
                assertThat(Values.url(u.toString())).as(u.toString()).isEqualTo(u.toString());
            }
        }
        assertThat(fast).isGreaterThan(2000);
    }
}
