package org.datong.detect;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parsing and canonical forms of the values the index matches on. Every value
 * that enters the index and every value looked up goes through the same
 * functions here, so "equal after normalisation" is the one notion of match.
 *
 * <p>IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) are IPv4 addresses.
 * Domains are lower-case A-labels without a trailing dot (IDNA via
 * {@link IDN#toASCII}). URLs follow RFC 3986 section 6.2.2: lower-case scheme
 * and host, default port removed, percent-encoding of unreserved characters
 * decoded and other escapes in upper case, dot segments removed, empty path
 * as {@code /}; the fragment is dropped because it never reaches a server.
 * Hashes are lower-case hex. Emails keep the local part as written in lower
 * case and canonicalise the domain.
 */
final class Values {
    /** Longest DNS name (RFC 1035), in octets, without the trailing dot. */
    static final int MAX_DOMAIN = 253;
    /** Longest DNS label (RFC 1035). */
    static final int MAX_LABEL = 63;

    private Values() {
    }

    // ---------------------------------------------------------------- IPv4

    /** The address as an int, or -1 paired with ok=false; use {@link #isIPv4}. Strict dotted quad, no leading zeros. */
    static long parseIPv4(byte[] b, int from, int to) {
        int parts = 0;
        long addr = 0;
        int i = from;
        while (true) {
            if (i >= to) {
                return -1;
            }
            int start = i;
            int v = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                v = v * 10 + (b[i] - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int len = i - start;
            if (len == 0 || v > 255 || (len > 1 && b[start] == '0')) {
                return -1;
            }
            addr = (addr << 8) | v;
            parts++;
            if (parts == 4) {
                return i == to ? addr : -1;
            }
            if (i >= to || b[i] != '.') {
                return -1;
            }
            i++;
        }
    }

    static long parseIPv4(String s) {
        byte[] b = ascii(s);
        return b == null ? -1 : parseIPv4(b, 0, b.length);
    }

    static String formatIPv4(int a) {
        return ((a >>> 24) & 0xff) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    // ---------------------------------------------------------------- IPv6

    /**
     * Parses an IPv6 address (RFC 4291 text, embedded IPv4 tail allowed, zone
     * {@code %...} ignored) into out[0] (high 64 bits) and out[1]; false when invalid.
     */
    static boolean parseIPv6(byte[] b, int from, int to, long[] out) {
        for (int k = from; k < to; k++) {
            if (b[k] == '%') {
                to = k;
                break;
            }
        }
        if (to - from < 2) {
            return false;
        }
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        int i = from;
        if (b[i] == ':') {
            if (b[i + 1] != ':') {
                return false;
            }
            gap = 0;
            i += 2;
            if (i == to) {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        }
        while (i < to) {
            if (n == 8) {
                return false;
            }
            int start = i;
            int v = 0;
            while (i < to && i - start < 5) {
                int h = hex(b[i]);
                if (h < 0) {
                    break;
                }
                v = (v << 4) | h;
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 4) {
                return false;
            }
            if (i < to && b[i] == '.') {
                // embedded IPv4 in the last 32 bits
                long v4 = parseIPv4(b, start, to);
                if (v4 < 0 || n > 6) {
                    return false;
                }
                groups[n++] = (int) (v4 >>> 16);
                groups[n++] = (int) (v4 & 0xffff);
                i = to;
                break;
            }
            groups[n++] = v;
            if (i == to) {
                break;
            }
            if (b[i] != ':') {
                return false;
            }
            i++;
            if (i < to && b[i] == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = n;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        if (gap < 0 && n != 8) {
            return false;
        }
        if (gap >= 0 && n == 8) {
            return false;
        }
        int[] full = new int[8];
        if (gap < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            int tail = n - gap;
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | full[k];
            lo = (lo << 16) | full[k + 4];
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** True when the address is IPv4-mapped ({@code ::ffff:0:0/96}). */
    static boolean isMapped(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == 0xffffL;
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
    static String formatIPv6(long hi, long lo) {
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((hi >>> (48 - 16 * k)) & 0xffff);
            g[k + 4] = (int) ((lo >>> (48 - 16 * k)) & 0xffff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] == 0) {
                int s = k;
                while (k < 8 && g[k] == 0) {
                    k++;
                }
                if (k - s > bestLen) {
                    bestStart = s;
                    bestLen = k - s;
                }
            } else {
                k++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }

    static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    // ---------------------------------------------------------------- CIDR

    /** A parsed address range. For IPv4 {@code lo} holds the address and {@code hi} is unused. */
    record Cidr(boolean v4, long hi, long lo, int prefix) {
        String text() {
            return (v4 ? formatIPv4((int) lo) : formatIPv6(hi, lo)) + "/" + prefix;
        }
    }

    /**
     * Parses {@code ADDR} or {@code ADDR/N}. Host bits below the prefix are
     * cleared; IPv4-mapped IPv6 ranges of /96 or longer become IPv4 ranges.
     * Null when invalid.
     */
    static Cidr parseCidr(String s) {
        s = s.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        int prefix = -1;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            for (int k = 0; k < p.length(); k++) {
                if (p.charAt(k) < '0' || p.charAt(k) > '9') {
                    return null;
                }
            }
            prefix = Integer.parseInt(p);
        }
        byte[] b = ascii(addr);
        if (b == null || b.length == 0) {
            return null;
        }
        long v4 = parseIPv4(b, 0, b.length);
        if (v4 >= 0) {
            if (prefix > 32) {
                return null;
            }
            int len = prefix < 0 ? 32 : prefix;
            return new Cidr(true, 0, v4 & mask4(len) & 0xffffffffL, len);
        }
        int from = 0;
        int to = b.length;
        if (b[0] == '[' && b[to - 1] == ']') {
            from++;
            to--;
        }
        long[] out = new long[2];
        if (!parseIPv6(b, from, to, out)) {
            return null;
        }
        if (prefix > 128) {
            return null;
        }
        int len = prefix < 0 ? 128 : prefix;
        if (isMapped(out[0], out[1]) && len >= 96) {
            int l4 = len - 96;
            return new Cidr(true, 0, (out[1] & 0xffffffffL) & mask4(l4) & 0xffffffffL, l4);
        }
        long[] m = mask6(len);
        return new Cidr(false, out[0] & m[0], out[1] & m[1], len);
    }

    static long mask4(int len) {
        return len == 0 ? 0 : (0xffffffffL << (32 - len)) & 0xffffffffL;
    }

    static long[] mask6(int len) {
        long mh = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
        long ml = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return new long[]{mh, ml};
    }

    // ---------------------------------------------------------------- domains

    /** Canonical domain (lower-case A-labels, no trailing dot), or null when not a plausible domain name. */
    static String domain(String s) {
        if (s == null) {
            return null;
        }
        s = s.trim();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty()) {
            return null;
        }
        boolean ascii = true;
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) >= 0x80) {
                ascii = false;
                break;
            }
        }
        String a;
        if (ascii) {
            a = s.toLowerCase(Locale.ROOT);
        } else {
            try {
                a = IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return validDomain(a) ? a : null;
    }

    /** {@link #validDomain(String)} over lower-case ASCII bytes. */
    static boolean validDomain(byte[] b, int from, int to) {
        int n = to - from;
        if (n == 0 || n > MAX_DOMAIN) {
            return false;
        }
        int labelStart = from;
        boolean lastAllDigits = true;
        for (int k = from; k <= to; k++) {
            int c = k < to ? b[k] : '.';
            if (c == '.') {
                int len = k - labelStart;
                if (len == 0 || len > MAX_LABEL || b[labelStart] == '-' || b[k - 1] == '-') {
                    return false;
                }
                if (k < to) {
                    lastAllDigits = true;
                }
                labelStart = k + 1;
            } else if ((c >= 'a' && c <= 'z') || c == '_' || c == '-') {
                lastAllDigits = false;
            } else if (!(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return !lastAllDigits;
    }

    /** Lower-case ASCII name of LDH (and underscore) labels, the last one not all digits. */
    static boolean validDomain(String a) {
        int n = a.length();
        if (n == 0 || n > MAX_DOMAIN) {
            return false;
        }
        int labelStart = 0;
        boolean lastAllDigits = true;
        for (int k = 0; k <= n; k++) {
            char c = k < n ? a.charAt(k) : '.';
            if (c == '.') {
                int len = k - labelStart;
                if (len == 0 || len > MAX_LABEL || a.charAt(labelStart) == '-' || a.charAt(k - 1) == '-') {
                    return false;
                }
                if (k < n) {
                    lastAllDigits = true;
                }
                labelStart = k + 1;
            } else if ((c >= 'a' && c <= 'z') || c == '_') {
                lastAllDigits = false;
            } else if (c == '-') {
                lastAllDigits = false;
            } else if (!(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return !lastAllDigits;
    }

    // ---------------------------------------------------------------- hashes

    static Observable.Kind hashKind(int hexLength) {
        return switch (hexLength) {
            case 32 -> Observable.Kind.MD5;
            case 40 -> Observable.Kind.SHA1;
            case 64 -> Observable.Kind.SHA256;
            case 128 -> Observable.Kind.SHA512;
            default -> null;
        };
    }

    static String hash(String s) {
        s = s.trim();
        if (hashKind(s.length()) == null) {
            return null;
        }
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 0x80 || hex((byte) c) < 0) {
                return null;
            }
        }
        return s.toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- email

    static String email(String s) {
        s = s.trim();
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            return null;
        }
        String local = s.substring(0, at);
        for (int k = 0; k < local.length(); k++) {
            char c = local.charAt(k);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+/=?^_`{|}~.-".indexOf(c) >= 0;
            if (!ok) {
                return null;
            }
        }
        String d = domain(s.substring(at + 1));
        if (d == null || !d.contains(".")) {
            return null;
        }
        return local.toLowerCase(Locale.ROOT) + "@" + d;
    }

    // ---------------------------------------------------------------- URLs

    /** The RFC 3986 normal form described in the class comment, or null when not an absolute URL with a host. */
    static String url(String s) {
        s = s.trim();
        int colon = s.indexOf(':');
        if (colon <= 0 || !s.startsWith("//", colon + 1)) {
            return null;
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!Character.isLetter(scheme.charAt(0))) {
            return null;
        }
        for (int k = 0; k < scheme.length(); k++) {
            char c = scheme.charAt(k);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return null;
            }
        }
        int authStart = colon + 3;
        int authEnd = authStart;
        while (authEnd < s.length() && "/?#".indexOf(s.charAt(authEnd)) < 0) {
            authEnd++;
        }
        String authority = s.substring(authStart, authEnd);
        String rest = s.substring(authEnd);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        int q = rest.indexOf('?');
        String path = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);

        String userinfo = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userinfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
        }
        String host;
        String port = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return null;
            }
            Cidr c = parseCidr(authority.substring(1, close));
            if (c == null || c.prefix() != (c.v4() ? 32 : 128)) {
                return null;
            }
            host = c.v4() ? formatIPv4((int) c.lo()) : "[" + formatIPv6(c.hi(), c.lo()) + "]";
            String after = authority.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                return null;
            }
        } else {
            int pc = authority.lastIndexOf(':');
            if (pc >= 0) {
                port = authority.substring(pc + 1);
                authority = authority.substring(0, pc);
            }
            String decodedHost = percentDecodeAll(authority);
            if (decodedHost == null) {
                return null;
            }
            long v4 = parseIPv4(decodedHost);
            if (v4 >= 0) {
                host = formatIPv4((int) v4);
            } else {
                host = domain(decodedHost);
                if (host == null) {
                    return null;
                }
            }
        }
        if (port != null) {
            for (int k = 0; k < port.length(); k++) {
                if (port.charAt(k) < '0' || port.charAt(k) > '9') {
                    return null;
                }
            }
            String p = port.replaceFirst("^0+(?=.)", "");
            if (p.length() > 5 || (!p.isEmpty() && Integer.parseInt(p) > 65535)) {
                return null;
            }
            port = p.isEmpty() || p.equals(defaultPort(scheme)) ? null : p;
        }
        String normPath = percentNormalise(path, false);
        String normQuery = query == null ? null : percentNormalise(query, true);
        if (normPath == null || (query != null && normQuery == null)) {
            return null;
        }
        normPath = removeDotSegments(normPath);
        if (normPath.isEmpty()) {
            normPath = "/";
        }
        StringBuilder sb = new StringBuilder(s.length() + 4);
        sb.append(scheme).append("://");
        if (userinfo != null) {
            String u = percentNormalise(userinfo, false);
            if (u == null) {
                return null;
            }
            sb.append(u).append('@');
        }
        sb.append(host);
        if (port != null) {
            sb.append(':').append(port);
        }
        sb.append(normPath);
        if (normQuery != null) {
            sb.append('?').append(normQuery);
        }
        return sb.toString();
    }

    static String defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> "80";
            case "https", "wss" -> "443";
            case "ftp" -> "21";
            default -> "";
        };
    }

    private static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static final String HEX = "0123456789ABCDEF";

    /**
     * Decodes escapes of unreserved characters, upper-cases the hex of the
     * others, and percent-encodes characters that may not appear literally
     * (space, controls, non-ASCII as UTF-8). Null on a broken escape.
     */
    static String percentNormalise(String s, boolean query) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(b.length + 8);
        for (int k = 0; k < b.length; k++) {
            int c = b[k] & 0xff;
            if (c == '%') {
                if (k + 2 >= b.length || hex(b[k + 1]) < 0 || hex(b[k + 2]) < 0) {
                    return null;
                }
                int v = (hex(b[k + 1]) << 4) | hex(b[k + 2]);
                if (unreserved(v)) {
                    sb.append((char) v);
                } else {
                    sb.append('%').append(HEX.charAt(v >> 4)).append(HEX.charAt(v & 15));
                }
                k += 2;
            } else if (c <= 0x20 || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^'
                    || c == '`' || c == '{' || c == '|' || c == '}') {
                sb.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Decodes every escape (for host names); null on a broken escape or invalid UTF-8 handled leniently. */
    static String percentDecodeAll(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length];
        int n = 0;
        for (int k = 0; k < b.length; k++) {
            if (b[k] == '%') {
                if (k + 2 >= b.length || hex(b[k + 1]) < 0 || hex(b[k + 2]) < 0) {
                    return null;
                }
                out[n++] = (byte) ((hex(b[k + 1]) << 4) | hex(b[k + 2]));
                k += 2;
            } else {
                out[n++] = b[k];
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** RFC 3986 section 5.2.4. */
    static String removeDotSegments(String in) {
        if (!in.contains(".")) {
            return in;
        }
        StringBuilder out = new StringBuilder(in.length());
        String s = in;
        while (!s.isEmpty()) {
            if (s.startsWith("../")) {
                s = s.substring(3);
            } else if (s.startsWith("./")) {
                s = s.substring(2);
            } else if (s.startsWith("/./")) {
                s = s.substring(2);
            } else if (s.equals("/.")) {
                s = "/";
            } else if (s.startsWith("/../")) {
                s = s.substring(3);
                removeLastSegment(out);
            } else if (s.equals("/..")) {
                s = "/";
                removeLastSegment(out);
            } else if (s.equals(".") || s.equals("..")) {
                s = "";
            } else {
                int start = s.charAt(0) == '/' ? 1 : 0;
                int next = s.indexOf('/', start);
                if (next < 0) {
                    next = s.length();
                }
                out.append(s, 0, next);
                s = s.substring(next);
            }
        }
        return out.toString();
    }

    private static void removeLastSegment(StringBuilder out) {
        int last = out.lastIndexOf("/");
        out.setLength(Math.max(last, 0));
    }

    // ---------------------------------------------------------------- dispatch

    /** The canonical text of a value of the given kind, or null when it is not one. */
    static String canonical(Observable.Kind kind, String raw) {
        if (raw == null) {
            return null;
        }
        return switch (kind) {
            case IPV4 -> {
                Cidr c = parseCidr(raw);
                yield c != null && c.v4() && c.prefix() == 32 && raw.indexOf('/') < 0 ? formatIPv4((int) c.lo()) : null;
            }
            case IPV6 -> {
                Cidr c = parseCidr(raw);
                yield c != null && !c.v4() && c.prefix() == 128 && raw.indexOf('/') < 0 ? formatIPv6(c.hi(), c.lo()) : null;
            }
            case DOMAIN -> domain(raw);
            case URL -> url(raw);
            case MD5, SHA1, SHA256, SHA512 -> {
                String h = hash(raw);
                yield h != null && hashKind(h.length()) == kind ? h : null;
            }
            case EMAIL -> email(raw);
            case OTHER -> raw;
        };
    }

    /** Refangs common defanging: {@code hxxp}, {@code [.]}, {@code (.)}, {@code [dot]}, {@code [:]}, {@code [@]}. */
    static String refang(String s) {
        if (s.indexOf('[') < 0 && s.indexOf('(') < 0 && !s.regionMatches(true, 0, "hxxp", 0, 4)) {
            return s;
        }
        String r = s.replace("[.]", ".").replace("(.)", ".").replace("[dot]", ".").replace("[:]", ":")
                .replace("[@]", "@").replace("[at]", "@").replace("[://]", "://");
        if (r.regionMatches(true, 0, "hxxp", 0, 4)) {
            r = "http" + r.substring(4);
        }
        return r;
    }

    /** See {@link Observable#guess}. */
    static Observable guess(String raw) {
        if (raw == null) {
            return null;
        }
        String s = refang(raw.trim());
        if (s.isEmpty()) {
            return null;
        }
        if (s.contains("://")) {
            String u = url(s);
            return u == null ? null : new Observable(Observable.Kind.URL, u, null);
        }
        Cidr c = s.indexOf('/') < 0 ? parseCidr(s) : null;
        if (c != null) {
            return c.v4() ? new Observable(Observable.Kind.IPV4, formatIPv4((int) c.lo()), null)
                    : new Observable(Observable.Kind.IPV6, formatIPv6(c.hi(), c.lo()), null);
        }
        String h = hash(s);
        if (h != null) {
            return new Observable(hashKind(h.length()), h, null);
        }
        if (s.indexOf('@') > 0) {
            String e = email(s);
            return e == null ? null : new Observable(Observable.Kind.EMAIL, e, null);
        }
        String d = domain(s);
        if (d != null && d.indexOf('.') > 0) {
            return new Observable(Observable.Kind.DOMAIN, d, null);
        }
        return null;
    }

    static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int k = 0; k < b.length; k++) {
            char c = s.charAt(k);
            if (c >= 0x80) {
                return null;
            }
            b[k] = (byte) c;
        }
        return b;
    }

    static byte[] hexBytes(String lowerHex) {
        byte[] out = new byte[lowerHex.length() / 2];
        for (int k = 0; k < out.length; k++) {
            out[k] = (byte) ((hex((byte) lowerHex.charAt(2 * k)) << 4) | hex((byte) lowerHex.charAt(2 * k + 1)));
        }
        return out;
    }
}
