package org.datong.detect;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time of a syslog or CEF line; -1 when it has none this reader knows.
 * Read from the bytes without copying the line: it runs for every event whose
 * values are recorded. In order:
 * <ul>
 *   <li>CEF {@code rt=}: epoch milliseconds, or {@code MMM dd [yyyy] HH:mm:ss[.SSS] [zone]}
 *       (the forms the CEF specification lists);</li>
 *   <li>the syslog header: RFC 5424 ({@code <PRI>1 TIMESTAMP}), RFC 3164
 *       ({@code [<PRI>]MMM dd HH:mm:ss}, also with a year) or an RFC 3339 time
 *       opening the line (rsyslog's file format).</li>
 * </ul>
 * A time without a year takes the year that puts it closest before {@code now}
 * (at most a day ahead, for clocks slightly apart); a time without a zone is UTC.
 */
final class TextTime {
    /** How far into a line {@code rt=} is looked for. */
    private static final int SEARCHED = 4096;
    /** Fewest digits of an epoch-millisecond {@code rt=} (2001 onwards). */
    private static final int RT_MIN_DIGITS = 10;
    /** How far ahead of the clock a year-less time may be before it is taken as last year's. */
    private static final long AHEAD_TOLERANCE_MS = 86_400_000L;
    private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

    private TextTime() {
    }

    static long parse(byte[] b, int from, int to, long now) {
        int end = Math.min(to, from + SEARCHED);
        for (int k = from; k + 4 <= end; k++) {
            // after a space, or after the last header pipe when rt= is the first extension
            if ((b[k] == ' ' || b[k] == '|') && b[k + 1] == 'r' && b[k + 2] == 't' && b[k + 3] == '=') {
                int s = k + 4;
                int e = s;
                while (e < end && b[e] >= '0' && b[e] <= '9') {
                    e++;
                }
                if (e - s >= RT_MIN_DIGITS) {
                    return EventTime.parse(b, s, e);
                }
                long t = monthDayTime(b, s, end, now, true);
                if (t >= 0) {
                    return t;
                }
                break;
            }
        }
        int at = from;
        if (from < end && b[from] == '<') {
            int gt = from + 1;
            while (gt < end && gt - from <= 4 && b[gt] != '>') {
                gt++;
            }
            if (gt >= end || b[gt] != '>') {
                return -1;
            }
            // RFC 5424: "<PRI>1 TIMESTAMP HOST ..."
            if (gt + 3 < end && b[gt + 1] == '1' && b[gt + 2] == ' ') {
                int s = gt + 3;
                int sp = s;
                while (sp < end && b[sp] != ' ') {
                    sp++;
                }
                return sp < end ? EventTime.parse(b, s, sp) : -1;
            }
            at = gt + 1;
        }
        if (at < end && isLetter(b[at])) {
            return monthDayTime(b, at, end, now, false);
        }
        if (at + 20 <= end && b[at] >= '0' && b[at] <= '9' && b[at + 4] == '-' && b[at + 10] == 'T') {
            int sp = at;
            while (sp < end && b[sp] != ' ') {
                sp++;
            }
            return EventTime.parse(b, at, sp);
        }
        return -1;
    }

    /** True when a line opens with a syslog time of RFC 3164 ({@code [<PRI>]MMM dd HH:mm:ss}). */
    static boolean startsWithBsdTime(byte[] b, int from, int to) {
        return from < to && isLetter(b[from]) && monthDayTime(b, from, to, System.currentTimeMillis(), false) >= 0;
    }

    /**
     * {@code MMM dd [yyyy] HH:mm:ss[.fff]}, optionally followed by a zone when
     * {@code zone} is true ({@code UTC}, {@code Z}, {@code ±hh:mm}, {@code ±hhmm}
     * or a zone name); -1 for any other text.
     */
    private static long monthDayTime(byte[] b, int i, int end, long now, boolean zone) {
        if (i + 3 > end) {
            return -1;
        }
        int month = month(b, i);
        if (month < 0) {
            return -1;
        }
        i += 3;
        if (i >= end || b[i] != ' ') {
            return -1;
        }
        while (i < end && b[i] == ' ') {
            i++;
        }
        int ds = i;
        while (i < end && i - ds < 2 && isDigit(b[i])) {
            i++;
        }
        if (i == ds || i >= end || b[i] != ' ') {
            return -1;
        }
        int day = number(b, ds, i);
        i++;
        int year = -1;
        if (i + 5 <= end && isDigit(b[i]) && isDigit(b[i + 1]) && isDigit(b[i + 2]) && isDigit(b[i + 3]) && b[i + 4] == ' ') {
            year = number(b, i, i + 4);
            i += 5;
        }
        if (i + 8 > end || !isDigit(b[i]) || !isDigit(b[i + 1]) || b[i + 2] != ':' || !isDigit(b[i + 3]) || !isDigit(b[i + 4])
                || b[i + 5] != ':' || !isDigit(b[i + 6]) || !isDigit(b[i + 7])) {
            return -1;
        }
        int hour = number(b, i, i + 2);
        int minute = number(b, i + 3, i + 5);
        int second = number(b, i + 6, i + 8);
        i += 8;
        int millis = 0;
        if (i < end && b[i] == '.') {
            int s = ++i;
            while (i < end && isDigit(b[i])) {
                if (i - s < 3) {
                    millis = millis * 10 + (b[i] - '0');
                }
                i++;
            }
            for (int n = Math.min(3, i - s); n < 3; n++) {
                millis *= 10;
            }
        }
        if (i < end && b[i] != ' ') {
            return -1;
        }
        if (day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
            return -1;
        }
        second = Math.min(second, 59);
        ZoneId z = ZoneOffset.UTC;
        if (zone && i + 1 < end && b[i] == ' ') {
            int zs = i + 1;
            int ze = zs;
            while (ze < end && b[ze] != ' ') {
                ze++;
            }
            ZoneId named = zoneOf(new String(b, zs, ze - zs, StandardCharsets.US_ASCII));
            if (named != null) {
                z = named;
            }
        }
        try {
            if (year >= 0) {
                return LocalDateTime.of(year, month + 1, day, hour, minute, second, millis * 1_000_000)
                        .atZone(z).toInstant().toEpochMilli();
            }
            int y = Instant.ofEpochMilli(now).atZone(z).getYear();
            for (int k = 0; k < 2; k++, y--) {
                if (day > YearMonth.of(y, month + 1).lengthOfMonth()) {
                    continue; // Feb 29 of a year that has none
                }
                long t = LocalDateTime.of(y, month + 1, day, hour, minute, second, millis * 1_000_000)
                        .atZone(z).toInstant().toEpochMilli();
                if (t <= now + AHEAD_TOLERANCE_MS) {
                    return t;
                }
            }
            return -1;
        } catch (DateTimeException e) {
            return -1;
        }
    }

    /** {@code UTC}, {@code GMT}, {@code Z}, an offset or a zone id; null when the text is none of these (it is not a zone). */
    private static ZoneId zoneOf(String s) {
        if (s.isEmpty() || s.indexOf('=') >= 0) {
            return null; // the next extension, not a zone
        }
        if (s.equals("Z") || s.equalsIgnoreCase("UTC") || s.equalsIgnoreCase("GMT")) {
            return ZoneOffset.UTC;
        }
        try {
            if (s.charAt(0) == '+' || s.charAt(0) == '-') {
                return ZoneOffset.of(s.length() == 5 ? s.substring(0, 3) + ":" + s.substring(3) : s);
            }
            return ZoneId.of(s, ZoneId.SHORT_IDS);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int month(byte[] b, int i) {
        int c0 = b[i] | 0x20;
        int c1 = b[i + 1] | 0x20;
        int c2 = b[i + 2] | 0x20;
        for (int m = 0; m < 12; m++) {
            if (MONTHS.charAt(3 * m) == c0 && MONTHS.charAt(3 * m + 1) == c1 && MONTHS.charAt(3 * m + 2) == c2) {
                return m;
            }
        }
        return -1;
    }

    private static boolean isLetter(byte c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static int number(byte[] b, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            v = v * 10 + (b[k] - '0');
        }
        return v;
    }
}
