package org.datong.detect;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte readers of event times against java.time as the oracle. */
class EventTimeTest {
    /** The clock of the tests that read times without a year. */
    private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    private static long text(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return TextTime.parse(b, 0, b.length, NOW);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void bsdSyslogTimesTakeTheYearThatPutsThemJustBeforeNow() {
        assertThat(text("<38>Feb 28 10:00:00 bastion sshd[1]: x")).isEqualTo(at("2026-02-28T10:00:00Z"));
        assertThat(text("Feb 28 10:00:00 bastion sshd[1]: x")).as("a syslog file, no PRI").isEqualTo(at("2026-02-28T10:00:00Z"));
        assertThat(text("Mar  2 08:00:00 host app: x")).as("less than a day ahead").isEqualTo(at("2026-03-02T08:00:00Z"));
        assertThat(text("Nov  1 10:00:00 bastion sshd[1]: x")).as("last November").isEqualTo(at("2025-11-01T10:00:00Z"));
        assertThat(text("Dec 31 23:59:59.250 host app: x")).isEqualTo(at("2025-12-31T23:59:59.250Z"));
        assertThat(text("<13>Oct 11 2024 22:14:15 host app: x")).as("with a year").isEqualTo(at("2024-10-11T22:14:15Z"));
        assertThat(text("Feb 29 10:00:00 host app: x")).as("the last year with a 29 February is too far").isEqualTo(-1);
        for (String no : new String[]{"Foo 10 10:00:00 x", "Feb 30 10:00:00 x", "Feb 10 25:00:00 x", "Feb 10 10:00 x",
                "Feb10 10:00:00 x", "<38>Feb 10 10:00:00x", "February 10 10:00:00 x", "Feb 123 10:00:00 x"}) {
            assertThat(text(no)).as(no).isEqualTo(-1);
        }
    }

    @Test
    void anRfc3339TimeOpeningALineIsItsTime() {
        assertThat(text("2026-02-28T10:00:00.123456+01:00 host sshd[1]: x")).isEqualTo(at("2026-02-28T09:00:00.123Z"));
        assertThat(text("<30>2026-02-28T10:00:00Z host app: x")).isEqualTo(at("2026-02-28T10:00:00Z"));
    }

    @Test
    void cefReceiptTimesInTheFormsTheCefSpecificationLists() {
        assertThat(text("CEF:0|V|P|1|100|x|5|src=203.0.113.9 rt=Feb 27 2026 12:00:00 dst=1.2.3.4")).isEqualTo(at("2026-02-27T12:00:00Z"));
        assertThat(text("CEF:0|V|P|1|100|x|5|rt=Feb 27 2026 12:00:00.500 UTC src=1.2.3.4")).isEqualTo(at("2026-02-27T12:00:00.500Z"));
        assertThat(text("CEF:0|V|P|1|100|x|5|rt=Feb 27 2026 12:00:00 +0200 src=1.2.3.4")).isEqualTo(at("2026-02-27T10:00:00Z"));
        assertThat(text("CEF:0|V|P|1|100|x|5|rt=Feb 27 2026 12:00:00 CET")).isEqualTo(at("2026-02-27T11:00:00Z"));
        assertThat(text("CEF:0|V|P|1|100|x|5|rt=Feb 27 12:00:00")).as("no year").isEqualTo(at("2026-02-27T12:00:00Z"));
        // the syslog header of a CEF line counts when rt= is absent
        assertThat(text("Feb 27 12:01:00 host CEF:0|V|P|1|100|x|5|src=1.2.3.4")).isEqualTo(at("2026-02-27T12:01:00Z"));
    }

    private static long read(String s) {
        byte[] b = (" " + s + " ").getBytes(StandardCharsets.UTF_8);
        return EventTime.parse(b, 0, b.length);
    }

    @Test
    void rfc3339TimesReadFromBytesAgreeWithJavaTime() {
        SplittableRandom r = new SplittableRandom(20261203);
        for (int i = 0; i < 20_000; i++) {
            long second = r.nextLong(-2_000_000_000L, 8_000_000_000L);
            int nanos = r.nextInt(1_000_000_000);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(60 * r.nextInt(-18 * 60 + 1, 18 * 60));
            OffsetDateTime t = Instant.ofEpochSecond(second, nanos).atOffset(offset);
            int digits = r.nextInt(10); // 0 = no fraction, up to 9
            StringBuilder text = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                    t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
            if (digits > 0) {
                text.append('.').append(String.format("%09d", nanos), 0, digits);
            }
            text.append(offset.getTotalSeconds() == 0 && r.nextBoolean() ? "Z" : offset.getId().equals("Z") ? "+00:00" : offset.getId());
            long expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            assertThat(read(text.toString())).as(text.toString()).isEqualTo(expected);
        }
    }

    @Test
    void epochSecondsAndMillisecondsAsZeekAndCefWriteThem() {
        assertThat(read("1772100000.5")).isEqualTo(1772100000500L);
        assertThat(read("1772100000.123456")).isEqualTo(1772100000123L);
        assertThat(read("1772100000")).isEqualTo(1772100000000L);
        assertThat(read("1772200000000")).isEqualTo(1772200000000L);
        assertThat(read("1772200000000")).isEqualTo(EventTime.parse("1772200000000"));
        assertThat(read("1772100000.123456")).isEqualTo(EventTime.parse("1772100000.123456"));
    }

    @Test
    void impossibleOrUnknownTimesAreNoTime() {
        for (String s : new String[]{"2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-01-01T25:00:00Z",
                "2026-01-01T10:00:00", "2026-01-01 10:00:00Z", "Nov  1 10:00:00", "-", "", "12:00:00", "2026-01-01T10:00:00+25:00"}) {
            assertThat(read(s)).as(s).isEqualTo(-1);
        }
        assertThat(read("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z").toEpochMilli());
    }

    @Test
    void syslogAndCefTimesAreReadWithoutCopyingTheLine() {
        byte[] l = "<165>1 2026-11-22T08:04:05.377+01:00 host app - - - msg 203.0.113.9".getBytes(StandardCharsets.UTF_8);
        assertThat(TextTime.parse(l, 0, l.length, NOW)).isEqualTo(Instant.parse("2026-11-22T07:04:05.377Z").toEpochMilli());
        byte[] c = "CEF:0|V|P|1|100|x|5|src=203.0.113.9 rt=1772200000000 dst=1.2.3.4".getBytes(StandardCharsets.UTF_8);
        assertThat(TextTime.parse(c, 0, c.length, NOW)).isEqualTo(1772200000000L);
        byte[] first = "CEF:0|V|P|1|100|x|5|rt=1772200000000 src=203.0.113.9".getBytes(StandardCharsets.UTF_8);
        assertThat(TextTime.parse(first, 0, first.length, NOW)).as("rt= as the first extension").isEqualTo(1772200000000L);
        byte[] nil = "<38>1 - bastion sshd 1 - - x".getBytes(StandardCharsets.UTF_8);
        assertThat(TextTime.parse(nil, 0, nil.length, NOW)).isEqualTo(-1);
    }
}
