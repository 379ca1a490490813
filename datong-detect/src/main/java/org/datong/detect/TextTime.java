package org.datong.detect;

import java.nio.charset.StandardCharsets;

/** The time of a syslog (RFC 5424) or CEF ({@code rt=} epoch milliseconds) line; -1 when it has none this reader knows. */
final class TextTime {
    private TextTime() {
    }

    static long parse(byte[] b, int from, int to) {
        String s = new String(b, from, Math.min(to - from, 4096), StandardCharsets.UTF_8);
        int rt = s.indexOf(" rt=");
        if (rt >= 0) {
            int e = rt + 4;
            while (e < s.length() && Character.isDigit(s.charAt(e))) {
                e++;
            }
            if (e - (rt + 4) >= 10) {
                return EventTime.parse(s.substring(rt + 4, e));
            }
        }
        // RFC 5424: "<PRI>1 TIMESTAMP HOST ..."
        if (s.startsWith("<")) {
            int gt = s.indexOf('>');
            if (gt > 0 && gt + 3 < s.length() && s.charAt(gt + 1) == '1' && s.charAt(gt + 2) == ' ') {
                int sp = s.indexOf(' ', gt + 3);
                if (sp > 0) {
                    return EventTime.parse(s.substring(gt + 3, sp));
                }
            }
        }
        return -1;
    }
}
