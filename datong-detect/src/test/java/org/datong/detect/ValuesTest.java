package org.datong.detect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {
    @Test
    void urlsAreNormalisedPerRfc3986() {
        assertThat(Values.url("HTTP://Evil.EXAMPLE:80/a/./b/../c?q=%7e#frag")).isEqualTo("http://evil.example/a/c?q=~");
        assertThat(Values.url("https://evil.example:443")).isEqualTo("https://evil.example/");
        assertThat(Values.url("https://evil.example:8443/%2f%61")).isEqualTo("https://evil.example:8443/%2Fa");
        assertThat(Values.url("http://bücher.example/x y")).isEqualTo("http://xn--bcher-kva.example/x%20y");
        assertThat(Values.url("http://[2001:DB8::1]:80/")).isEqualTo("http://[2001:db8::1]/");
        assertThat(Values.url("/relative/path")).isNull();
        assertThat(Values.url("http://exa mple.com/")).isNull();
    }

    @Test
    void ipv6IsWrittenInRfc5952Form() {
        assertThat(Observable.of(Observable.Kind.IPV6, "2001:0DB8:0000:0000:0000:0000:0000:0001").value()).isEqualTo("2001:db8::1");
        assertThat(Observable.of(Observable.Kind.IPV6, "2001:db8:0:1:0:0:0:1").value()).isEqualTo("2001:db8:0:1::1");
        assertThat(Observable.guess("::ffff:198.51.100.7")).isEqualTo(new Observable(Observable.Kind.IPV4, "198.51.100.7", null));
        assertThat(Observable.guess("::FFFF:c633:6407")).isEqualTo(new Observable(Observable.Kind.IPV4, "198.51.100.7", null));
    }

    @Test
    void ipv4RejectsLeadingZerosAndOverflow() {
        assertThat(Observable.guess("010.1.1.1")).isNull();
        assertThat(Observable.guess("256.1.1.1")).isNull();
        assertThat(Observable.guess("1.2.3")).isNull();
    }

    @Test
    void domainsBecomeLowerCaseALabels() {
        assertThat(Values.domain("Bücher.Example.")).isEqualTo("xn--bcher-kva.example");
        assertThat(Values.domain("XN--BCHER-KVA.example")).isEqualTo("xn--bcher-kva.example");
        assertThat(Values.domain("-bad.example")).isNull();
        assertThat(Values.domain("1.2.3.4")).isNull();
    }

    @Test
    void guessRefangsAndClassifies() {
        assertThat(Observable.guess("hxxp://evil[.]example/x")).isEqualTo(new Observable(Observable.Kind.URL, "http://evil.example/x", null));
        assertThat(Observable.guess("D41D8CD98F00B204E9800998ECF8427E").kind()).isEqualTo(Observable.Kind.MD5);
        assertThat(Observable.guess("Bob@Mail.Example")).isEqualTo(new Observable(Observable.Kind.EMAIL, "bob@mail.example", null));
        assertThat(Observable.guess("not a value")).isNull();
    }

    @Test
    void cidrHostBitsAreClearedAndMappedRangesBecomeIpv4() {
        assertThat(Values.parseCidr("10.1.2.3/8").text()).isEqualTo("10.0.0.0/8");
        assertThat(Values.parseCidr("::ffff:10.0.0.0/104").text()).isEqualTo("10.0.0.0/8");
        assertThat(Values.parseCidr("2001:db8::1/32").text()).isEqualTo("2001:db8::/32");
        assertThat(Values.parseCidr("10.0.0.0/33")).isNull();
    }
}
