package org.datong.detect;

import java.nio.charset.StandardCharsets;

/**
 * Extracts IPv4 and IPv6 addresses, domains, URLs, hashes and emails from
 * free text in one pass over the bytes, with no regular expressions and no
 * allocation on the common path.
 *
 * <p>A character-class table splits the text into atoms (runs of letters,
 * digits, {@code . - + : @} and non-ASCII bytes) while OR-ing the classes
 * seen; the combined class decides, without another pass, whether the atom
 * can be an address, a hash, a domain or an email. Only then is it parsed
 * and looked up. An atom that ends in {@code scheme:} followed by {@code //}
 * starts a URL, which runs to the next white space or quote; its host is
 * still scanned as an atom. Candidates that are not real values cost one
 * failed lookup and are never reported: matching is exact against the index.
 */
final class TextScanner {
    static final int DIGIT = 1;
    static final int HEXLETTER = 2;
    static final int NONHEX = 4;
    static final int UPPER = 8;
    static final int DOT = 16;
    static final int COLON = 32;
    static final int AT = 64;
    static final int HIGH = 128;
    static final int DASHPLUS = 256;

    private static final int[] CLASS = new int[256];
    /** Bytes that end a URL. */
    private static final boolean[] URL_END = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] = DIGIT;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            CLASS[c] = c <= 'f' ? HEXLETTER : NONHEX;
            CLASS[c - 32] = (c <= 'f' ? HEXLETTER : NONHEX) | UPPER;
        }
        CLASS['.'] = DOT;
        CLASS[':'] = COLON;
        CLASS['@'] = AT;
        CLASS['-'] = DASHPLUS;
        CLASS['+'] = DASHPLUS;
        for (int c = 0x80; c < 256; c++) {
            CLASS[c] = HIGH;
        }
        for (int c = 0; c <= ' '; c++) {
            URL_END[c] = true;
        }
        for (char c : "\"'<>`\\{}|^".toCharArray()) {
            URL_END[c] = true;
        }
        URL_END[0x7f] = true;
    }

    private final byte[] scratch = new byte[Values.MAX_DOMAIN + 512];

    /** Scans {@code b[from, to)} and reports every candidate to {@code sink}. */
    void scan(byte[] b, int from, int to, Observations sink) {
        int i = from;
        while (i < to) {
            int cls = CLASS[b[i] & 0xff];
            if (cls == 0) {
                i++;
                continue;
            }
            int start = i;
            int flags = 0;
            while (i < to && (cls = CLASS[b[i] & 0xff]) != 0) {
                flags |= cls;
                i++;
            }
            // "scheme://" starts a URL
            if (i + 1 < to && b[i - 1] == ':' && b[i] == '/' && b[i + 1] == '/' && i - start >= 2) {
                int schemeStart = schemeStart(b, start, i - 1);
                if (schemeStart >= 0) {
                    if (schemeStart > start) {
                        atom(b, start, schemeStart, flagsOf(b, start, schemeStart), sink);
                    }
                    int end = i + 2;
                    while (end < to && !URL_END[b[end] & 0xff]) {
                        end++;
                    }
                    url(b, schemeStart, end, sink);
                    i += 2; // go on scanning the host and the rest as atoms
                    continue;
                }
            }
            if ((flags & (DOT | COLON | AT)) != 0 || (flags & ~(DIGIT | HEXLETTER | UPPER)) == 0 && hashLength(i - start)) {
                atom(b, start, i, flags, sink);
            }
            // else a word or a number: without '.', ':' or '@' only a hash can be a value
        }
    }

    private static boolean hashLength(int len) {
        return len == 32 || len == 40 || len == 64 || len == 128;
    }

    private static int flagsOf(byte[] b, int from, int to) {
        int f = 0;
        for (int k = from; k < to; k++) {
            f |= CLASS[b[k] & 0xff];
        }
        return f;
    }

    /** Start of a URL scheme ending just before {@code colon}, or -1: a letter then letters, digits, + - . */
    private static int schemeStart(byte[] b, int from, int colon) {
        int k = colon;
        while (k > from) {
            int c = b[k - 1];
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
            if (!ok) {
                break;
            }
            k--;
        }
        while (k < colon && !((b[k] >= 'a' && b[k] <= 'z') || (b[k] >= 'A' && b[k] <= 'Z'))) {
            k++;
        }
        return k < colon ? k : -1;
    }

    private void url(byte[] b, int from, int to, Observations sink) {
        // trailing punctuation of the sentence, not of the URL
        while (to > from && ".,;:!?)]'".indexOf(b[to - 1]) >= 0) {
            to--;
        }
        if (alreadyCanonical(b, from, to)) {
            sink.key(IndicatorIndex.TAG_URL, b, from, to);
            return;
        }
        String canonical = Values.url(new String(b, from, to - from, StandardCharsets.UTF_8));
        if (canonical != null) {
            byte[] u = canonical.getBytes(StandardCharsets.UTF_8);
            sink.key(IndicatorIndex.TAG_URL, u, 0, u.length);
        }
    }

    /** Bytes that may stand in a canonical URL's path and query as they are. */
    private static final boolean[] URL_PLAIN = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            URL_PLAIN[c] = true;
            URL_PLAIN[c - 32] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            URL_PLAIN[c] = true;
        }
        for (char c : "-._~/?&=+;,:@!$'()*[]".toCharArray()) {
            URL_PLAIN[c] = true;
        }
    }

    /**
     * True when a URL is already in the normal form {@link Values#url} would
     * give it, so it can be looked up without allocating: scheme {@code http}
     * or {@code https} in lower case, a lower-case ASCII host name without
     * port, user info or trailing dot, a path that starts with {@code /} and
     * has no dot segments, and no escapes, fragment or characters that need
     * encoding. Anything else takes the general path.
     */
    static boolean alreadyCanonical(byte[] b, int from, int to) {
        int i = from;
        if (to - i > 8 && b[i] == 'h' && b[i + 1] == 't' && b[i + 2] == 't' && b[i + 3] == 'p') {
            i += 4;
            if (b[i] == 's') {
                i++;
            }
            if (b[i] != ':' || b[i + 1] != '/' || b[i + 2] != '/') {
                return false;
            }
            i += 3;
        } else {
            return false;
        }
        int hostStart = i;
        while (i < to && b[i] != '/') {
            byte c = b[i];
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
                return false;
            }
            i++;
        }
        if (i == hostStart || i == to || b[i - 1] == '.' || b[hostStart] == '.' || b[hostStart] == '-') {
            return false; // empty host, or no path: the normal form adds "/"
        }
        // a host of digits and dots must be a well-formed IPv4 address, else a valid domain name
        boolean digits = true;
        for (int k = hostStart; k < i; k++) {
            if (b[k] != '.' && (b[k] < '0' || b[k] > '9')) {
                digits = false;
                break;
            }
        }
        if (digits) {
            if (Values.parseIPv4(b, hostStart, i) < 0) {
                return false;
            }
        } else if (i - hostStart > Values.MAX_DOMAIN || !Values.validDomain(b, hostStart, i)) {
            return false;
        }
        byte prev = 0;
        byte prev2 = 0;
        boolean inQuery = false;
        for (; i < to; i++) {
            byte c = b[i];
            if (c < 0 || !URL_PLAIN[c]) {
                return false;
            }
            if (c == '?') {
                inQuery = true;
            }
            if (!inQuery && c == '.' && prev == '/') {
                return false; // possible dot segment
            }
            if (!inQuery && c == '/' && prev == '.' && (prev2 == '/' || prev2 == '.')) {
                return false;
            }
            prev2 = prev;
            prev = c;
        }
        return true;
    }

    /** Classifies one atom by its combined character classes and reports it when it can be a value. */
    void atom(byte[] b, int s, int e, int flags, Observations sink) {
        while (e > s && (b[e - 1] == '.' || b[e - 1] == '-' || b[e - 1] == ':' && (e - s < 2 || b[e - 2] != ':'))) {
            e--;
        }
        while (s < e && (b[s] == '.' || b[s] == '-' || b[s] == '+')) {
            s++;
        }
        int len = e - s;
        if (len < 3) {
            return;
        }
        if ((flags & AT) != 0) {
            email(b, s, e, sink);
            return;
        }
        if ((flags & COLON) != 0) {
            colon(b, s, e, sink);
            return;
        }
        if ((flags & ~(DIGIT | DOT)) == 0) {
            if ((flags & DOT) != 0 && len <= 15) {
                long v4 = Values.parseIPv4(b, s, e);
                if (v4 >= 0) {
                    sink.ipv4((int) v4);
                }
            }
            return;
        }
        if ((flags & ~(DIGIT | HEXLETTER | UPPER)) == 0) {
            if (hashLength(len)) {
                int n = len / 2;
                for (int k = 0; k < n; k++) {
                    scratch[k] = (byte) ((Values.hex(b[s + 2 * k]) << 4) | Values.hex(b[s + 2 * k + 1]));
                }
                sink.key(IndicatorIndex.TAG_HASH, scratch, 0, n);
                return;
            }
        }
        if ((flags & DOT) != 0 && (flags & (HEXLETTER | NONHEX | HIGH)) != 0) {
            domain(b, s, e, flags, sink);
        }
    }

    private void domain(byte[] b, int s, int e, int flags, Observations sink) {
        int len = e - s;
        if ((flags & HIGH) != 0) {
            String d = Values.domain(new String(b, s, len, StandardCharsets.UTF_8));
            if (d != null) {
                byte[] a = d.getBytes(StandardCharsets.US_ASCII);
                sink.domain(a, 0, a.length);
            }
            return;
        }
        if (len > Values.MAX_DOMAIN) {
            return;
        }
        if ((flags & UPPER) == 0) {
            sink.domain(b, s, e);
            return;
        }
        for (int k = 0; k < len; k++) {
            byte c = b[s + k];
            scratch[k] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        sink.domain(scratch, 0, len);
    }

    private void email(byte[] b, int s, int e, Observations sink) {
        int at = -1;
        for (int k = e - 1; k >= s; k--) {
            if (b[k] == '@') {
                at = k;
                break;
            }
        }
        // the part after the last '@' is a domain candidate in any case
        int ds = at + 1;
        int dflags = flagsOf(b, ds, e);
        if ((dflags & COLON) != 0) {
            return;
        }
        int ls = s;
        for (int k = at - 1; k >= s; k--) {
            if (b[k] == '@' || b[k] == ':') {
                ls = k + 1;
                break;
            }
        }
        if (ds < e) {
            atom(b, ds, e, dflags, sink);
        }
        if (ls >= at || ds >= e || (dflags & DOT) == 0) {
            return;
        }
        int len = e - ls;
        if ((flagsOf(b, ls, e) & HIGH) != 0 || len > scratch.length) {
            String m = Values.email(new String(b, ls, len, StandardCharsets.UTF_8));
            if (m != null) {
                byte[] u = m.getBytes(StandardCharsets.UTF_8);
                sink.key(IndicatorIndex.TAG_EMAIL, u, 0, u.length);
            }
            return;
        }
        for (int k = 0; k < len; k++) {
            byte c = b[ls + k];
            scratch[k] = c >= 'A' && c <= 'Z' ? (byte) (c + 32) : c;
        }
        sink.key(IndicatorIndex.TAG_EMAIL, scratch, 0, len);
    }

    private final long[] v6 = new long[2];

    private void colon(byte[] b, int s, int e, Observations sink) {
        int colons = 0;
        boolean doubleColon = false;
        boolean hexOnly = true;
        for (int k = s; k < e; k++) {
            byte c = b[k];
            if (c == ':') {
                colons++;
                if (k + 1 < e && b[k + 1] == ':') {
                    doubleColon = true;
                }
            } else if (c != '.' && Values.hex(c) < 0) {
                hexOnly = false;
            }
        }
        if (hexOnly && (colons == 7 || (doubleColon && colons >= 2))) {
            if (Values.parseIPv6(b, s, e, v6)) {
                sink.ipv6(v6[0], v6[1]);
            }
            return;
        }
        // "host:port", "key:value": scan the parts; parts of digits alone (times, ports) are no values
        int partStart = s;
        int partFlags = 0;
        for (int k = s; k <= e; k++) {
            if (k == e || b[k] == ':') {
                if (k - partStart >= 3 && (partFlags != DIGIT || hashLength(k - partStart))) {
                    atom(b, partStart, k, partFlags, sink);
                }
                partStart = k + 1;
                partFlags = 0;
            } else {
                partFlags |= CLASS[b[k] & 0xff];
            }
        }
    }
}
