package org.datong.detect;

/**
 * The time of a syslog (RFC 5424) or CEF ({@code rt=} epoch milliseconds) line;
 * -1 when it has none this reader knows. Read from the bytes without copying
 * the line: it runs for every event whose values are recorded.
 */
final class TextTime {
    /** How far into a line {@code rt=} is looked for. */
    private static final int SEARCHED = 4096;
    /** Fewest digits of an epoch-millisecond {@code rt=} (2001 onwards). */
    private static final int RT_MIN_DIGITS = 10;

    private TextTime() {
    }

    static long parse(byte[] b, int from, int to) {
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
                break;
            }
        }
        // RFC 5424: "<PRI>1 TIMESTAMP HOST ..."
        if (from < end && b[from] == '<') {
            int gt = from + 1;
            while (gt < end && gt - from <= 4 && b[gt] != '>') {
                gt++;
            }
            if (gt < end && b[gt] == '>' && gt + 3 < end && b[gt + 1] == '1' && b[gt + 2] == ' ') {
                int s = gt + 3;
                int sp = s;
                while (sp < end && b[sp] != ' ') {
                    sp++;
                }
                if (sp < end) {
                    return EventTime.parse(b, s, sp);
                }
            }
        }
        return -1;
    }
}
