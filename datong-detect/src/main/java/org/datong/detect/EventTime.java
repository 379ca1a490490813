package org.datong.detect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads an event's own time from the text of a time field; only called when an event has a hit. */
final class EventTime {
    /** Epoch values above this are milliseconds, below it seconds (year 5138 in seconds). */
    private static final double MILLIS_THRESHOLD = 1e11;

    private EventTime() {
    }

    /** Epoch milliseconds, or -1 when the text is not a time this reader knows. */
    static long parse(byte[] b, int from, int to) {
        if (to <= from) {
            return -1;
        }
        String s = new String(b, from, to - from, StandardCharsets.UTF_8).strip();
        return parse(s);
    }

    static long parse(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        char c = s.charAt(0);
        if (c >= '0' && c <= '9' && s.indexOf('-') < 0) {
            try {
                double v = Double.parseDouble(s);
                return v > MILLIS_THRESHOLD ? (long) v : (long) (v * 1000);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }
}
