package org.datong.stix;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
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
        try {
            int second = Integer.parseInt(s, 17, 19, 10);
            if (second == 60) {
                return "'" + s + "': leap seconds cannot be represented";
            }
            LocalDateTime.of(Integer.parseInt(s, 0, 4, 10), Integer.parseInt(s, 5, 7, 10), Integer.parseInt(s, 8, 10, 10),
                    Integer.parseInt(s, 11, 13, 10), Integer.parseInt(s, 14, 16, 10), second);
        } catch (DateTimeException e) {
            return "'" + s + "' is not a real date and time: " + e.getMessage();
        }
        return null;
    }

    private static Instant toInstant(String s) {
        int n = s.length();
        long epochSecond = LocalDateTime.of(Integer.parseInt(s, 0, 4, 10), Integer.parseInt(s, 5, 7, 10),
                Integer.parseInt(s, 8, 10, 10), Integer.parseInt(s, 11, 13, 10), Integer.parseInt(s, 14, 16, 10),
                Integer.parseInt(s, 17, 19, 10)).toEpochSecond(ZoneOffset.UTC);
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
