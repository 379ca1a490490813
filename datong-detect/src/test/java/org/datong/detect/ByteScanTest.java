package org.datong.detect;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ByteScanTest {
    /** Bytes the searches care about, their neighbours, and high bytes, so borrows between lanes happen often. */
    private static final byte[] ALPHABET = {'\n', '\n' + 1, '\n' - 1, '"', '"' + 1, '\\', 0x1f, 0x20, 0x00, 0x01, (byte) 0x80, (byte) 0xff, (byte) 0xa2, 'a', 'Z'};

    @Test
    void findsTheSameByteAsAPlainLoopEverywhere() {
        Random r = new Random(5);
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[r.nextInt(40)];
            for (int k = 0; k < b.length; k++) {
                b[k] = r.nextInt(3) == 0 ? ALPHABET[r.nextInt(ALPHABET.length)] : (byte) ('a' + r.nextInt(26));
            }
            int from = b.length == 0 ? 0 : r.nextInt(b.length + 1);
            int to = from + r.nextInt(b.length - from + 1);
            int newline = -1;
            for (int k = from; k < to; k++) {
                if (b[k] == '\n') {
                    newline = k;
                    break;
                }
            }
            int stop = to;
            for (int k = from; k < to; k++) {
                if (b[k] == '"' || b[k] == '\\' || (b[k] & 0xff) < 0x20) {
                    stop = k;
                    break;
                }
            }
            assertThat(ByteScan.newline(b, from, to)).as("newline in %s [%d, %d)", java.util.Arrays.toString(b), from, to).isEqualTo(newline);
            assertThat(ByteScan.stringStop(b, from, to)).as("stop in %s [%d, %d)", java.util.Arrays.toString(b), from, to).isEqualTo(stop);
        }
    }
}
