package org.datong.detect;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Reads an event's own time from the text of a time field. Called for every
 * event whose values are recorded for retro-hunts, so the usual shapes are
 * read straight from the bytes: RFC 3339 {@code 2026-11-22T08:04:05.377Z}
 * (any fraction, {@code Z} or {@code ±hh:mm}) and epoch seconds or
 * milliseconds with a fraction (Zeek {@code ts}); anything else goes through
 * {@link Instant#parse} and {@link OffsetDateTime#parse}.
 */
final class EventTime {
    /** Epoch values above this are milliseconds, below it seconds (year 5138 in seconds). */
    private static final double MILLIS_THRESHOLD = 1e11;
    /** Returned by the fast readers when the text is not in their shape. */
    private static final long OTHER_SHAPE = Long.MIN_VALUE;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private EventTime() {
    }

    /** Epoch milliseconds, or -1 when the text is not a time this reader knows. */
    static long parse(byte[] b, int from, int to) {
        while (from < to && b[from] == ' ') {
            from++;
        }
        while (to > from && b[to - 1] == ' ') {
            to--;
        }
        if (to <= from) {
            return -1;
        }
        long fast = b[from] >= '0' && b[from] <= '9' && to - from >= 20 && b[from + 4] == '-'
                ? rfc3339(b, from, to) : epoch(b, from, to);
        if (fast != OTHER_SHAPE) {
            return fast;
        }
        return parse(new String(b, from, to - from, StandardCharsets.UTF_8).strip());
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

    /** {@code YYYY-MM-DDTHH:MM:SS[.fff...](Z|±HH:MM)}; OTHER_SHAPE for any other text. */
    private static long rfc3339(byte[] b, int from, int to) {
        int year = digits(b, from, 4);
        int month = b[from + 4] == '-' ? digits(b, from + 5, 2) : -1;
        int day = b[from + 7] == '-' ? digits(b, from + 8, 2) : -1;
        int hour = b[from + 10] == 'T' ? digits(b, from + 11, 2) : -1;
        int minute = b[from + 13] == ':' ? digits(b, from + 14, 2) : -1;
        int second = b[from + 16] == ':' ? digits(b, from + 17, 2) : -1;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return OTHER_SHAPE;
        }
        int i = from + 19;
        int millis = 0;
        if (i < to && b[i] == '.') {
            int start = ++i;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + (b[i] - '0');
                }
                i++;
            }
            if (i == start) {
                return OTHER_SHAPE;
            }
            for (int n = Math.min(3, i - start); n < 3; n++) {
                millis *= 10;
            }
        }
        int offsetMinutes;
        if (i == to - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            offsetMinutes = 0;
        } else if (i == to - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                return OTHER_SHAPE;
            }
            offsetMinutes = (b[i] == '-' ? -1 : 1) * (oh * 60 + om);
        } else {
            return OTHER_SHAPE;
        }
        long days = daysFromCivil(year, month, day);
        return days * MILLIS_PER_DAY + ((hour * 60L + minute - offsetMinutes) * 60 + second) * 1000 + millis;
    }

    /** Digits with an optional fraction ({@code 1700000000.123456}); OTHER_SHAPE for any other text. */
    private static long epoch(byte[] b, int from, int to) {
        long whole = 0;
        int i = from;
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            if (i - from >= 16) {
                return OTHER_SHAPE;
            }
            whole = whole * 10 + (b[i] - '0');
            i++;
        }
        if (i == from) {
            return OTHER_SHAPE;
        }
        long fractionMillis = 0;
        if (i < to && b[i] == '.') {
            int start = ++i;
            int scale = 100;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                fractionMillis += (b[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return OTHER_SHAPE;
            }
        }
        if (i != to) {
            return OTHER_SHAPE;
        }
        // the same rule as parse(String): above the threshold the number is milliseconds
        return whole > MILLIS_THRESHOLD ? whole : whole * 1000 + fractionMillis;
    }

    private static int digits(byte[] b, int at, int n) {
        int v = 0;
        for (int k = at; k < at + n; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097L + doe - 719_468;
    }
}
