package org.datong.detect;

/** The formats {@link Matcher} reads. */
public enum LogFormat {
    /** Decide per input from its first line. */
    AUTO,
    /** One JSON object per line; fields by {@link FieldMapping} (ECS, Zeek, Suricata, Sysmon names by default). */
    JSON,
    /** Zeek tab-separated logs with {@code #fields} headers. */
    ZEEK,
    /** Syslog lines (RFC 3164 or 5424, with or without the {@code <PRI>}); the whole line is scanned. */
    SYSLOG,
    /** ArcSight CEF lines, bare or inside syslog; the whole line is scanned. */
    CEF,
    /** Any text; IPs, domains, URLs, hashes and emails are extracted by one scanner. */
    TEXT;

    /** The format a first line suggests. */
    static LogFormat sniff(byte[] b, int from, int to) {
        int i = from;
        while (i < to && (b[i] == ' ' || b[i] == '\t' || b[i] == (byte) 0xEF || b[i] == (byte) 0xBB || b[i] == (byte) 0xBF)) {
            i++;
        }
        if (i < to && b[i] == '{') {
            return JSON;
        }
        String head = new String(b, i, Math.min(to - i, 512), java.nio.charset.StandardCharsets.ISO_8859_1);
        if (head.startsWith("#separator") || head.startsWith("#fields")) {
            return ZEEK;
        }
        if (head.contains("CEF:")) {
            return CEF;
        }
        if (head.length() > 2 && head.charAt(0) == '<' && Character.isDigit(head.charAt(1))) {
            return SYSLOG;
        }
        if (TextTime.startsWithBsdTime(b, i, to)) {
            return SYSLOG; // "Dec 10 06:55:46 host sshd[1]: ...", a syslog file
        }
        return TEXT;
    }
}
