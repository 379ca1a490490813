package org.datong.detect;

import java.nio.charset.StandardCharsets;

/**
 * Reads one JSON object per line and reports the values of mapped fields,
 * in one pass over the bytes without building a tree: only the current
 * member's place in the {@link FieldMapping} tree of mapped paths is tracked
 * (so members under which nothing is mapped cost no lookups), and a value is
 * decoded only when its path is mapped. Malformed lines are rejected with
 * the column and reason.
 */
final class JsonEvents {
    /** Deepest nesting accepted in an event. */
    private static final int MAX_DEPTH = 64;

    private final FieldMapping mapping;
    private final TextScanner scanner;
    private byte[] buf = new byte[256];
    private byte[] b;
    private int pos;
    private int end;
    private int lineStart;
    private Observations sink;
    private int timeFrom;
    private int timeTo;
    private String timeText;

    JsonEvents(FieldMapping mapping, TextScanner scanner) {
        this.mapping = mapping;
        this.scanner = scanner;
    }

    /** Parses one event; returns null when well-formed, else what is wrong and where. */
    String event(byte[] bytes, int from, int to, Observations out) {
        b = bytes;
        pos = from;
        end = to;
        lineStart = from;
        sink = out;
        timeFrom = -1;
        timeText = null;
        try {
            ws();
            if (pos >= end || b[pos] != '{') {
                throw fail("expected '{' at the start of a JSON-lines event");
            }
            object(mapping.root(), 0);
            ws();
            if (pos < end) {
                throw fail("unexpected text after the event's closing '}'");
            }
            return null;
        } catch (Bad e) {
            return e.getMessage();
        } finally {
            sink = null;
        }
    }

    /** The event's time from its mapped time field, epoch millis, or -1. */
    long timeMillis() {
        if (timeText != null) {
            return EventTime.parse(timeText);
        }
        return timeFrom < 0 ? -1 : EventTime.parse(b, timeFrom, timeTo);
    }

    /** Reads an object whose members lie below {@code node} (null: nothing mapped below). */
    private void object(FieldMapping.Node node, int depth) {
        if (depth > MAX_DEPTH) {
            throw fail("nesting deeper than " + MAX_DEPTH);
        }
        pos++; // '{'
        ws();
        if (pos < end && b[pos] == '}') {
            pos++;
            return;
        }
        while (true) {
            ws();
            if (pos >= end || b[pos] != '"') {
                throw fail("expected a member name in quotes");
            }
            FieldMapping.Node member = memberNode(node);
            ws();
            if (pos >= end || b[pos] != ':') {
                throw fail("expected ':' after a member name");
            }
            pos++;
            value(member, depth);
            ws();
            if (pos >= end) {
                throw fail("unterminated object");
            }
            byte c = b[pos++];
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw fail("expected ',' or '}' in an object");
            }
        }
    }

    /** Reads a value whose path is {@code node} (null: neither it nor anything below it is mapped). */
    private void value(FieldMapping.Node node, int depth) {
        ws();
        if (pos >= end) {
            throw fail("expected a value");
        }
        byte c = b[pos];
        switch (c) {
            case '{' -> object(node, depth + 1);
            case '[' -> {
                pos++;
                ws();
                if (pos < end && b[pos] == ']') {
                    pos++;
                    return;
                }
                while (true) {
                    value(node, depth + 1);
                    ws();
                    if (pos >= end) {
                        throw fail("unterminated array");
                    }
                    byte d = b[pos++];
                    if (d == ']') {
                        return;
                    }
                    if (d != ',') {
                        throw fail("expected ',' or ']' in an array");
                    }
                }
            }
            case '"' -> string(node == null ? null : node.rule);
            default -> literal(node == null ? null : node.rule);
        }
    }

    private void string(FieldMapping.Rule rule) {
        int start = ++pos;
        boolean escaped = false;
        while (true) {
            pos = ByteScan.stringStop(b, pos, end);
            if (pos >= end) {
                throw fail("unterminated string");
            }
            byte c = b[pos];
            if (c == '"') {
                break;
            }
            if (c != '\\') {
                throw fail("control character in a string");
            }
            escaped = true;
            pos += 2;
        }
        int stop = pos++;
        if (rule == null) {
            return;
        }
        if (!escaped) {
            deliver(rule, b, start, stop);
        } else {
            int n = unescape(start, stop);
            deliver(rule, buf, 0, n);
        }
    }

    private void deliver(FieldMapping.Rule rule, byte[] src, int from, int to) {
        switch (rule.role()) {
            case SCAN -> scanner.scan(src, from, to, sink);
            case TIME -> {
                if (src == b) {
                    timeFrom = from;
                    timeTo = to;
                } else {
                    timeText = new String(src, from, to - from, StandardCharsets.UTF_8);
                }
            }
            case STIX -> {
                if (sink.wantsOther()) {
                    sink.other(rule.property(), new String(src, from, to - from, StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void literal(FieldMapping.Rule rule) {
        int start = pos;
        while (pos < end) {
            byte c = b[pos];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw fail("expected a value");
        }
        byte first = b[start];
        boolean ok = (first >= '0' && first <= '9') || first == '-' || matchesWord(start, "true") || matchesWord(start, "false") || matchesWord(start, "null");
        if (!ok) {
            throw fail("not a JSON value");
        }
        if (rule != null && (first >= '0' && first <= '9' || first == '-')) {
            deliver(rule, b, start, pos);
        }
    }

    private boolean matchesWord(int start, String w) {
        if (pos - start != w.length()) {
            return false;
        }
        for (int k = 0; k < w.length(); k++) {
            if (b[start + k] != w.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads a member name and returns its node below {@code parent}, or null
     * when nothing is mapped there. The name is hashed segment by segment in
     * the same pass that looks for its end.
     */
    private FieldMapping.Node memberNode(FieldMapping.Node parent) {
        int start = ++pos;
        FieldMapping.Node n = parent;
        int segment = start;
        int h = 0;
        while (true) {
            if (pos >= end) {
                throw fail("unterminated member name");
            }
            byte c = b[pos];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                return escapedMemberNode(parent, start);
            }
            if (c == '.') {
                if (n != null) {
                    n = n.child(b, segment, pos, h);
                }
                segment = pos + 1;
                h = 0;
            } else {
                h = 31 * h + c;
            }
            pos++;
        }
        int stop = pos++;
        return n == null ? null : n.child(b, segment, stop, h);
    }

    /** The rest of {@link #memberNode} for a name with escapes, from the first backslash. */
    private FieldMapping.Node escapedMemberNode(FieldMapping.Node parent, int start) {
        while (true) {
            if (pos >= end) {
                throw fail("unterminated member name");
            }
            byte c = b[pos];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                pos++;
            }
            pos++;
        }
        int stop = pos++;
        int n = unescape(start, stop); // checks the escapes even when nothing is mapped here
        return parent == null ? null : parent.walk(buf, 0, n);
    }

    /** Decodes the escapes of {@code b[from, to)} into {@link #buf}; returns the length. */
    private int unescape(int from, int to) {
        if (buf.length < (to - from) * 3) {
            buf = new byte[(to - from) * 3];
        }
        int n = 0;
        for (int k = from; k < to; k++) {
            byte c = b[k];
            if (c != '\\') {
                buf[n++] = c;
                continue;
            }
            if (++k >= to) {
                throw fail("broken escape");
            }
            switch (b[k]) {
                case '"' -> buf[n++] = '"';
                case '\\' -> buf[n++] = '\\';
                case '/' -> buf[n++] = '/';
                case 'b' -> buf[n++] = '\b';
                case 'f' -> buf[n++] = '\f';
                case 'n' -> buf[n++] = '\n';
                case 'r' -> buf[n++] = '\r';
                case 't' -> buf[n++] = '\t';
                case 'u' -> {
                    int cp = hex4(k + 1, to);
                    k += 4;
                    if (Character.isHighSurrogate((char) cp) && k + 6 < to && b[k + 1] == '\\' && b[k + 2] == 'u') {
                        int lo = hex4(k + 3, to);
                        if (Character.isLowSurrogate((char) lo)) {
                            cp = Character.toCodePoint((char) cp, (char) lo);
                            k += 6;
                        }
                    }
                    n = utf8(cp, n);
                }
                default -> throw fail("unknown escape '\\" + (char) b[k] + "'");
            }
        }
        return n;
    }

    private int hex4(int at, int to) {
        if (at + 4 > to) {
            throw fail("short \\u escape");
        }
        int v = 0;
        for (int k = at; k < at + 4; k++) {
            int h = Values.hex(b[k]);
            if (h < 0) {
                throw fail("bad hex digit in a \\u escape");
            }
            v = (v << 4) | h;
        }
        return v;
    }

    private int utf8(int cp, int n) {
        if (cp < 0x80) {
            buf[n++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[n++] = (byte) (0xc0 | (cp >> 6));
            buf[n++] = (byte) (0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            buf[n++] = (byte) (0xe0 | (cp >> 12));
            buf[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            buf[n++] = (byte) (0x80 | (cp & 0x3f));
        } else {
            buf[n++] = (byte) (0xf0 | (cp >> 18));
            buf[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            buf[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            buf[n++] = (byte) (0x80 | (cp & 0x3f));
        }
        return n;
    }

    private void ws() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    private Bad fail(String why) {
        return new Bad("column " + (pos - lineStart + 1) + ": " + why);
    }

    /** A malformed event; no stack trace, it is an input problem reported in one line. */
    static final class Bad extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Bad(String message) {
            super(message, null, false, false);
        }
    }
}
