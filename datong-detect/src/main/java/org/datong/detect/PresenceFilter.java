package org.datong.detect;

/**
 * A register-blocked Bloom filter of 32-bit key hashes, put in front of the
 * index's large tables so that a value which is not listed (nearly every
 * value seen in telemetry) is usually answered without touching them.
 *
 * <p>Each key sets {@value #PROBES} bits in one 64-bit word chosen by its
 * hash, so a query reads one word. At {@value #BITS_PER_KEY} bits per key
 * about one absent key in a hundred passes (measured in
 * {@code PresenceFilterTest}); a key that was added always passes, so the
 * filter never hides an entry. The words of a million keys take 1.5 MB, which
 * stays in a core's L2 cache, where the tables behind it (8 MB and more) do
 * not: a lookup of an absent value costs a cache hit instead of a miss.
 * (Putze, Sanders, Singler, "Cache-, hash- and space-efficient Bloom filters",
 * 2007, for blocked filters.)
 */
final class PresenceFilter {
    /** Space per key; 12 bits give about 1% false positives with one-word blocks. */
    static final int BITS_PER_KEY = 12;
    /** Bits set per key within its word. */
    static final int PROBES = 4;

    private final long[] words;

    /** An empty filter sized for {@code keys} keys. */
    PresenceFilter(int keys) {
        this.words = new long[Math.max(1, (int) Math.min(Integer.MAX_VALUE - 8, ((long) keys * BITS_PER_KEY + 63) / 64))];
    }

    void add(int hash) {
        words[word(hash)] |= pattern(hash);
    }

    /** False when the key was certainly never added. */
    boolean mightContain(int hash) {
        long p = pattern(hash);
        return (words[word(hash)] & p) == p;
    }

    /** The word of a hash: its high bits scaled to the array (no power-of-two size needed). */
    private int word(int hash) {
        return (int) (((hash & 0xffffffffL) * words.length) >>> 32);
    }

    /** {@value #PROBES} bit positions from a remix of the hash, independent of the word choice. */
    private static long pattern(int hash) {
        int g = IndicatorIndex.mix(hash ^ 0x5bd1e995);
        return (1L << g) | (1L << (g >>> 6)) | (1L << (g >>> 12)) | (1L << (g >>> 18));
    }

    long heapBytes() {
        return 16 + 8L * words.length;
    }
}
