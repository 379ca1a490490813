package org.datong.stix.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The JSON Canonicalization Scheme of RFC 8785: members sorted by the UTF-16
 * code units of their names, no insignificant whitespace, strings escaped
 * minimally, numbers in the ECMAScript shortest round-trip form.
 *
 * <p>Two JSON texts have the same meaning exactly when their canonical forms
 * are equal, which makes this the basis for SCO identifiers (UUIDv5 over the
 * canonical form), signatures and lossless round-trip checks.
 */
public final class Canonical {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Integers below 2^53 are exact doubles and print the same as in ECMAScript. */
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private Canonical() {
    }

    /** The canonical text. */
    public static String toString(JsonValue value) {
        StringBuilder sb = new StringBuilder(256);
        append(sb, value);
        return sb.toString();
    }

    /** The canonical text as UTF-8 bytes, as signed or hashed. */
    public static byte[] toBytes(JsonValue value) {
        return toString(value).getBytes(StandardCharsets.UTF_8);
    }

    /** True when both values have the same canonical form. */
    public static boolean same(JsonValue a, JsonValue b) {
        return toString(a).equals(toString(b));
    }

    private static void append(StringBuilder sb, JsonValue value) {
        switch (value) {
            case JsonObject o -> {
                int[] order = sortedMembers(o);
                sb.append('{');
                for (int i = 0; i < order.length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    appendString(sb, o.keyAt(order[i]));
                    sb.append(':');
                    append(sb, o.valueAt(order[i]));
                }
                sb.append('}');
            }
            case JsonArray a -> {
                sb.append('[');
                for (int i = 0, n = a.size(); i < n; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    append(sb, a.get(i));
                }
                sb.append(']');
            }
            case JsonString s -> appendString(sb, s.value());
            case JsonNumber num -> sb.append(formatNumber(num));
            case JsonBoolean b -> sb.append(b.value() ? "true" : "false");
            case JsonNull ignored -> sb.append("null");
        }
    }

    /**
     * The member positions of {@code o} in the order of their names, compared
     * by UTF-16 code units ({@code String.compareTo}) as RFC 8785 section
     * 3.2.3 asks. Values are then taken by position, not looked up by name.
     */
    private static int[] sortedMembers(JsonObject o) {
        int n = o.size();
        int[] order = new int[n];
        if (n <= INSERTION_SORT_MAX) {
            for (int i = 0; i < n; i++) {
                String key = o.keyAt(i);
                int j = i;
                while (j > 0 && o.keyAt(order[j - 1]).compareTo(key) > 0) {
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = i;
            }
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> o.keyAt(a).compareTo(o.keyAt(b)));
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    /** Objects with up to this many members (nearly every STIX object and nested type) are sorted in place. */
    private static final int INSERTION_SORT_MAX = 24;

    /**
     * Appends a string in canonical form (RFC 8785 section 3.2.2.2: escape
     * only '"', '\\' and control characters), for callers that write the
     * canonical form of a fixed structure without building a tree.
     */
    public static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        int n = s.length();
        int from = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            // copy the run that needs no escaping at once, then the escape
            sb.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        sb.append(s, from, n);
        sb.append('"');
    }

    /**
     * A JSON number in canonical form. The value is taken as an IEEE 754
     * double, as RFC 8785 requires.
     *
     * @throws JsonException when the value is outside the range of a double
     */
    static String formatNumber(JsonNumber n) {
        String text = n.text();
        if (n.isIntegralSyntax() && text.length() <= 16) {
            long v = Long.parseLong(text);
            if (Math.abs(v) <= MAX_SAFE_INTEGER) {
                return Long.toString(v);
            }
        }
        double d = Double.parseDouble(text);
        if (!Double.isFinite(d)) {
            throw new JsonException("number " + text + " is outside the range RFC 8785 can represent", -1, -1, -1, "");
        }
        return formatNumber(d);
    }

    /**
     * ECMAScript's Number.prototype.toString for a finite double (ECMA-262,
     * Number::toString). Java's Double.toString gives the shortest digits that
     * round-trip; this rearranges them into ECMAScript's layout.
     */
    public static String formatNumber(double d) {
        if (d == 0) {
            return "0";
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale(); // value = digits * 10^(n - k)
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (k <= n && n <= 21) {
            sb.append(digits);
            sb.repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.");
            sb.repeat('0', -n);
            sb.append(digits);
        } else {
            int e = n - 1;
            sb.append(digits.charAt(0));
            if (k > 1) {
                sb.append('.').append(digits, 1, k);
            }
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return sb.toString();
    }
}
