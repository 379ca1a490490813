package org.datong.pattern;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 address or CIDR block, for ISSUBSET and ISSUPERSET (STIX 2.1
 * section 9.6.1) and for comparing address values natively ({@code 1.2.3.4}
 * equals {@code 1.2.3.4/32}). Host bits beyond the prefix are cleared.
 */
final class Network {
    final byte[] bits;
    final int prefix;

    private Network(byte[] bits, int prefix) {
        this.bits = bits;
        this.prefix = prefix;
        int full = prefix / 8;
        if (full < bits.length) {
            int keep = prefix % 8;
            bits[full] &= (byte) (0xff << (8 - keep));
            Arrays.fill(bits, full + 1, bits.length, (byte) 0);
        }
    }

    boolean isV4() {
        return bits.length == 4;
    }

    /** The network, or null when the text is not an address or CIDR block. Never does a name lookup. */
    static Network parse(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = addr.indexOf(':') >= 0 ? v6(addr) : v4(addr);
        if (bytes == null) {
            return null;
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            prefix = Integer.parseInt(p);
            if (prefix > max) {
                return null;
            }
        }
        return new Network(bytes, prefix);
    }

    private static byte[] v4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] v6(String s) {
        if (s.isEmpty() || s.length() > 45) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c == ':' || c == '.' || Character.digit(c, 16) >= 0 && c < 0x80)) {
                return null;
            }
        }
        try {
            // Only hex digits, colons and dots reach here, so this is a literal and no lookup happens.
            byte[] b = InetAddress.getByName("[" + s + "]").getAddress();
            return b.length == 16 ? b : null;
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /** True when every address of this network is in the other. */
    boolean isSubsetOf(Network other) {
        if (bits.length != other.bits.length || prefix < other.prefix) {
            return false;
        }
        int full = other.prefix / 8;
        for (int i = 0; i < full; i++) {
            if (bits[i] != other.bits[i]) {
                return false;
            }
        }
        int rest = other.prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest);
        return (bits[full] & mask) == (other.bits[full] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Network n && n.prefix == prefix && Arrays.equals(n.bits, bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits) * 31 + prefix;
    }
}
