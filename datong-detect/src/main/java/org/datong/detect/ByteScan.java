package org.datong.detect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Searches byte arrays eight bytes at a time (SWAR: a long read as eight
 * lanes, with the classic "has a zero byte" bit trick), for the loops that
 * run over every byte of the input: line ends, and the end of a JSON string.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';
    private static final long SPACES = ONES * 0x20;

    private ByteScan() {
    }

    /** Lanes of {@code w} that are zero have their high bit set; exact for the lowest such lane. */
    private static long zeroLanes(long w) {
        return (w - ONES) & ~w & HIGHS;
    }

    /** The index of the first {@code '\n'} in {@code b[from, to)}, or -1. */
    static int newline(byte[] b, int from, int to) {
        int k = from;
        for (; k + 8 <= to; k += 8) {
            long hit = zeroLanes((long) LONGS.get(b, k) ^ NEWLINES);
            if (hit != 0) {
                return k + (Long.numberOfTrailingZeros(hit) >>> 3);
            }
        }
        for (; k < to; k++) {
            if (b[k] == '\n') {
                return k;
            }
        }
        return -1;
    }

    /**
     * The index of the first byte in {@code b[from, to)} that can end or
     * interrupt a JSON string's plain run: {@code "}, {@code \} or a control
     * character (below 0x20); {@code to} when there is none.
     */
    static int stringStop(byte[] b, int from, int to) {
        int k = from;
        for (; k + 8 <= to; k += 8) {
            long w = (long) LONGS.get(b, k);
            // (w - 0x20..) & ~w flags bytes below 0x20 (bytes >= 0x80 have no high bit in ~w)
            long hit = zeroLanes(w ^ QUOTES) | zeroLanes(w ^ BACKSLASHES) | ((w - SPACES) & ~w & HIGHS);
            if (hit != 0) {
                break; // a lane may be flagged falsely only above a true one: finish byte by byte
            }
        }
        for (; k < to; k++) {
            byte c = b[k];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                return k;
            }
        }
        return to;
    }
}
