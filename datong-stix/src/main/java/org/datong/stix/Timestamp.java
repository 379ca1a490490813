package org.datong.stix;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A STIX timestamp (STIX 2.1 section 3.2): RFC 3339 in UTC with a literal
 * {@code Z}, optional fractional seconds. Keeps the text it was read from, so
 * precision round-trips ({@code .000Z} stays), and orders by instant.
 *
 * @param instant the point in time
 * @param text    the exact STIX text
 */
public record Timestamp(Instant instant, String text) implements Comparable<Timestamp> {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public Timestamp {
        Objects.requireNonNull(instant, "instant");
        Objects.requireNonNull(text, "text");
    }

    /** The instant rendered with millisecond precision, as Datong writes timestamps it creates. */
    public static Timestamp of(Instant instant) {
        Instant ms = instant.truncatedTo(ChronoUnit.MILLIS);
        return new Timestamp(ms, MILLIS.format(ms));
    }

    /**
     * Parses strict STIX syntax: {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}.
     *
     * @throws IllegalArgumentException with the reason, when the text is not a STIX timestamp
     */
    public static Timestamp parse(String text) {
        String problem = problem(text);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new Timestamp(toInstant(text), text);
    }

    /** The parsed timestamp, or null when the text is not a STIX timestamp. */
    public static Timestamp parseOrNull(String text) {
        return text == null || problem(text) != null ? null : new Timestamp(toInstant(text), text);
    }

    /** Why the text is not a STIX timestamp, or null when it is one. */
    public static String problem(String s) {
        int n = s.length();
        if (n < 20) {
            return "'" + s + "' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS[.s+]Z";
        }
        if (s.charAt(n - 1) != 'Z') {
            return "'" + s + "' must be in UTC and end with 'Z'";
        }
        if (!digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-' || !digits(s, 8, 10)
                || s.charAt(10) != 'T' || !digits(s, 11, 13) || s.charAt(13) != ':' || !digits(s, 14, 16)
                || s.charAt(16) != ':' || !digits(s, 17, 19)) {
            return "'" + s + "' is not a timestamp of the form YYYY-MM-DDTHH:MM:SS[.s+]Z";
        }
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21 || !digits(s, 20, n - 1)) {
                return "'" + s + "' has malformed fractional seconds";
            }
        }
        int year = Integer.parseInt(s, 0, 4, 10);
        int month = Integer.parseInt(s, 5, 7, 10);
        int day = Integer.parseInt(s, 8, 10, 10);
        int hour = Integer.parseInt(s, 11, 13, 10);
        int minute = Integer.parseInt(s, 14, 16, 10);
        int second = Integer.parseInt(s, 17, 19, 10);
        if (second == 60) {
            return "'" + s + "': leap seconds cannot be represented";
        }
        if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59
                || second > 59) {
            return "'" + s + "' is not a real date and time";
        }
        return null;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long epochDay(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private static Instant toInstant(String s) {
        int n = s.length();
        long epochSecond = epochDay(Integer.parseInt(s, 0, 4, 10), Integer.parseInt(s, 5, 7, 10),
                Integer.parseInt(s, 8, 10, 10)) * 86_400L + Integer.parseInt(s, 11, 13, 10) * 3600L
                + Integer.parseInt(s, 14, 16, 10) * 60L + Integer.parseInt(s, 17, 19, 10);
        int nanos = 0;
        if (n > 20) {
            int digits = Math.min(n - 21, 9);
            nanos = Integer.parseInt(s, 20, 20 + digits, 10);
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Number of fractional-second digits in the text (0 when there are none). */
    public int fractionDigits() {
        return text.length() > 20 ? text.length() - 21 : 0;
    }

    public boolean isBefore(Timestamp other) {
        return instant.isBefore(other.instant);
    }

    public boolean isAfter(Timestamp other) {
        return instant.isAfter(other.instant);
    }

    @Override
    public int compareTo(Timestamp o) {
        return instant.compareTo(o.instant);
    }

    @Override
    public String toString() {
        return text;
    }
}
