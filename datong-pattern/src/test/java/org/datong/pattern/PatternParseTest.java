package org.datong.pattern;

import org.datong.stix.Timestamp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatternParseTest {

    /** Every example pattern of STIX 2.1 sections 9.1 to 9.8, as written there. */
    @ParameterizedTest
    @ValueSource(strings = {
            "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
            "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f' AND file:mime_type = 'application/x-pdf']",
            "[file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']\nAND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
            "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS",
            "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND user-account:account_login = 'Mary']",
            "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']",
            "[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']",
            "[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
            "[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']",
            "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']",
            "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
            "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
            "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
            "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
            "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files' OR windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\CurrentVersion\\\\Run\\\\CryptoLocker_0388']",
            "[(file:name = 'pdf.exe' OR file:size = 371712) AND file:ctime = t'2014-01-13T07:03:17Z']",
            "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']",
            "[ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']",
            "[file:size = 25536]",
            "[ipv4-addr:value = '203.0.113.1' OR ipv4-addr:value = '203.0.113.2']",
            "([ipv4-addr:value = '198.51.100.5'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.10'])",
            "([ipv4-addr:value = '198.51.100.5' ] AND [ipv4-addr:value = '198.51.100.10']) WITHIN 300 SECONDS",
            "[file:name = 'foo.dll'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
            "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128'] REPEATS 5 TIMES",
            "([ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128'] FOLLOWEDBY [domain-name:value = 'example.com']) WITHIN 600 SECONDS",
            "[file:size != 4112]", "[file:size > 256]", "[file:size < 1024]", "[file:size <= 25145]", "[file:size >= 33312]",
            "[process:name IN ('proccy', 'proximus', 'badproc')]",
            "[directory:path LIKE 'C:\\\\Windows\\\\%\\\\foo']",
            "[directory:path MATCHES '^C:\\\\\\\\Windows\\\\w+$']",
            "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
            "[ipv4-addr:value ISSUPERSET '198.51.100.0/24']",
            "[EXISTS windows-registry-key:values]",
            "[network-traffic:protocols[0] = 'tcp']",
            "[file:hashes.ssdeep = '3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C']",
            "[file:extensions.'raster-image-ext'.image_height > 100]",
            "[directory:contains_refs[*].name = 'a.txt']",
    })
    void readsTheSpecificationExamples(String text) {
        Pattern p = Patterns.parse(text);
        assertThat(Patterns.parse(Patterns.print(p))).isEqualTo(p);
    }

    @Test
    void buildsTheTreeWithSpecificationPrecedence() {
        // qualifiers bind tighter than observation operators (section 9.5.1 example)
        Pattern p = Patterns.parse("[a-b:c = 'b'] FOLLOWEDBY [a-b:c = 'd'] REPEATS 5 TIMES");
        assertThat(p.root()).isInstanceOf(ObservationExpr.FollowedBy.class);
        assertThat(((ObservationExpr.FollowedBy) p.root()).right()).isInstanceOf(ObservationExpr.Repeats.class);
        // AND binds tighter than OR, inside and between observations
        Pattern q = Patterns.parse("[x-t:a = 1 OR x-t:b = 2 AND x-t:c = 3]");
        ComparisonExpr e = ((ObservationExpr.Observation) q.root()).expr();
        assertThat(e).isInstanceOf(ComparisonExpr.Or.class);
        assertThat(((ComparisonExpr.Or) e).right()).isInstanceOf(ComparisonExpr.And.class);
        Pattern r = Patterns.parse("[x-t:a = 1] OR [x-t:b = 2] AND [x-t:c = 3] FOLLOWEDBY [x-t:d = 4]");
        assertThat(r.root()).isInstanceOf(ObservationExpr.FollowedBy.class);
        assertThat(((ObservationExpr.FollowedBy) r.root()).left()).isInstanceOf(ObservationExpr.Or.class);
    }

    @Test
    void decodesEveryLiteralType() {
        Pattern p = Patterns.parse("[x-t:a IN ('it\\'s \\\\ ok')] OR [x-t:b = -12] OR [x-t:c = -.5] OR [x-t:d = true]"
                + " OR [x-t:e = b'ABI='] OR [x-t:f = h'ffc3'] OR [x-t:g = t'2014-01-13T07:03:17.123Z']");
        List<Literal> found = new java.util.ArrayList<>();
        collect(p.root(), found);
        assertThat(found).containsExactly(new Literal.Text("it's \\ ok"), new Literal.Int(-12),
                new Literal.Real(new BigDecimal("-.5")), new Literal.Bool(true), new Literal.Binary("ABI="),
                new Literal.Hex("ffc3"), new Literal.Time(Timestamp.parse("2014-01-13T07:03:17.123Z")));
    }

    private static void collect(ObservationExpr e, List<Literal> out) {
        switch (e) {
            case ObservationExpr.Or o -> {
                collect(o.left(), out);
                collect(o.right(), out);
            }
            case ObservationExpr.Observation o -> {
                switch (o.expr()) {
                    case ComparisonExpr.Comparison c -> out.add(c.value());
                    case ComparisonExpr.In in -> out.addAll(in.values());
                    default -> throw new AssertionError(o);
                }
            }
            default -> throw new AssertionError(e);
        }
    }

    @Test
    void acceptsAnyWhitespaceBetweenTokens() {
        Pattern a = Patterns.parse("[file:name='x'AND file:size=1]");
        Pattern b = Patterns.parse("\t[ file:name\n=\r\n'x'\u2003AND\u00a0file:size = 1 ]  ");
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(Patterns.parse("[file:name = 'y' AND file:size = 1]")).isNotEqualTo(a);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1:1|file:name = 'x'",                        // no brackets
            "1:17|[file:name = 'x'",                      // unclosed
            "1:14|[file:name = x]",                       // bare word
            "1:14|[file:name = 'x\\n']",                  // bad escape
            "1:14|[file:size = +5]",                      // plus sign
            "1:26|[file:magic_number_hex = h'fff']",      // odd hex
            "1:26|[file:magic_number_hex = h'zz']",       // not hex
            "1:25|[artifact:payload_bin = b'AB$=']",      // not base64
            "1:15|[file:ctime = t'2014-13-01T00:00:00Z']",// month 13
            "1:15|[file:ctime = t'2014-01-01 00:00:00']", // not STIX form
            "2:4|[file:name = 'x']\nAND",                 // dangling operator
            "1:14|[file:hashes.SHA-256 = 'x']",           // hyphen needs quotes
            "1:2|[]",                                     // empty observation
            "1:19|[file:name = 'x'] within 5 SECONDS",    // keywords are upper case
            "1:14|[file:size = 99999999999999999999]",    // out of range
            "1:12|[file:name[-1] = 'x']",                 // negative index
    })
    void rejectsSyntaxErrorsWithTheirPosition(String row) {
        String at = row.substring(0, row.indexOf('|'));
        String text = row.substring(row.indexOf('|') + 1);
        assertThatThrownBy(() -> Patterns.parse(text)).isInstanceOf(PatternException.class)
                .hasMessageStartingWith(at + ": ");
    }

    @Test
    void readsLongOperatorChainsWithoutDeepRecursion() throws InterruptedException {
        // a small stack, so that the deep case really overflows it
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                for (int n : new int[]{1_000, 30_000}) {
                    String inner = "[file:hashes.MD5 = 'x']" + " OR [file:hashes.MD5 = 'y']".repeat(n);
                    String flat = "[file:hashes.MD5 = 'x'" + " OR file:hashes.MD5 = 'y'".repeat(n) + "]";
                    for (String text : new String[]{inner, flat}) {
                        Pattern p = Patterns.parse(text);
                        assertThat(Patterns.extract(p)).isInstanceOf(Extraction.Reducible.class);
                        assertThat(Patterns.print(p)).hasSizeGreaterThan(n * 20);
                        assertThat(Patterns.check(text)).isEmpty();
                        Pattern again = Patterns.parse(" " + text + " ");
                        assertThat(again).isEqualTo(p).hasSameHashCodeAs(p);
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        assertThat(failure.get()).isNull();
        assertThatThrownBy(() -> Patterns.parse("(".repeat(5_000) + "[file:name = 'a']" + ")".repeat(5_000)))
                .isInstanceOf(PatternException.class).hasMessageContaining("nests");
    }

    @Test
    void printsCanonicalText() {
        assertThat(Patterns.print(Patterns.parse("( [ file:name = 'a'  ] AND ([file:name='b'] OR [file:name = 'c'])) WITHIN 5 SECONDS")))
                .isEqualTo("([file:name = 'a'] AND ([file:name = 'b'] OR [file:name = 'c'])) WITHIN 5 SECONDS");
        assertThat(Patterns.print(Patterns.parse("[file:hashes.'SHA-256' = 'it\\'s' AND NOT file:size NOT > 1 OR EXISTS file:name]".replace("AND NOT file:size", "AND file:size"))))
                .isEqualTo("[file:hashes.'SHA-256' = 'it\\'s' AND file:size NOT > 1 OR EXISTS file:name]");
    }
}
