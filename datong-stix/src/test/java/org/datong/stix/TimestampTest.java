package org.datong.stix;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TimestampTest {
    @Test
    void agreesWithJavaTimeOnRandomInstantsAcrossCenturies() {
        Random r = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long second = r.nextLong(-62_135_596_800L, 253_402_300_799L); // years 1 to 9999
            int nanos = r.nextInt(1_000_000_000);
            Instant expected = Instant.ofEpochSecond(second, nanos);
            String text = expected.toString();
            if (text.indexOf('.') < 0) {
                text = text.replace("Z", ".0Z");
            }
            assertThat(Timestamp.parse(text).instant()).as(text).isEqualTo(expected);
        }
    }

    @Test
    void rejectsDatesThatDoNotExist() {
        assertThat(Timestamp.problem("2023-02-29T00:00:00Z")).contains("not a real date");
        assertThat(Timestamp.problem("2024-02-29T00:00:00Z")).isNull();
        assertThat(Timestamp.problem("1900-02-29T00:00:00Z")).contains("not a real date");
        assertThat(Timestamp.problem("2000-02-29T00:00:00Z")).isNull();
        assertThat(Timestamp.problem("2024-04-31T00:00:00Z")).contains("not a real date");
        assertThat(Timestamp.problem("2024-13-01T00:00:00Z")).contains("not a real date");
        assertThat(Timestamp.problem("2024-01-01T24:00:00Z")).contains("not a real date");
        assertThat(Timestamp.problem("2016-12-31T23:59:60Z")).contains("leap second");
    }

    @Test
    void requiresUtcAndTheExactLayout() {
        assertThat(Timestamp.problem("2016-01-01T00:00:00+00:00")).contains("UTC");
        assertThat(Timestamp.problem("2016-01-01 00:00:00Z")).isNotNull();
        assertThat(Timestamp.problem("2016-01-01T00:00:00.Z")).contains("fractional");
        assertThat(Timestamp.parse("2016-01-01T00:00:00.123456789Z").instant())
                .isEqualTo(LocalDateTime.of(2016, 1, 1, 0, 0, 0, 123_456_789).toInstant(ZoneOffset.UTC));
    }
}
