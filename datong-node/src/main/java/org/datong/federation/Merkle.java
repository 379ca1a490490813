package org.datong.federation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merkle tree hashing of RFC 9162 (Certificate Transparency 2.0) section 2.1
 * with SHA-256: leaves hashed as {@code H(0x00 || leaf)}, inner nodes as
 * {@code H(0x01 || left || right)}, and inclusion proofs checked with the
 * algorithm of section 2.1.3.2. Lets one signature over the root cover a
 * whole batch while each object carries only its own short proof.
 */
final class Merkle {
    private Merkle() {
    }

    /** The root hash over the leaves, and the inclusion path of every leaf. */
    record Tree(byte[] root, List<List<byte[]>> paths) {
    }

    static Tree build(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            throw new IllegalArgumentException("a Merkle tree needs at least one leaf");
        }
        byte[][] hashes = new byte[leaves.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = leafHash(leaves.get(i));
        }
        List<List<byte[]>> paths = new ArrayList<>(hashes.length);
        for (int i = 0; i < hashes.length; i++) {
            paths.add(new ArrayList<>());
        }
        byte[] root = subtree(hashes, 0, hashes.length, paths);
        return new Tree(root, paths);
    }

    /**
     * Computes the hash of {@code hashes[from, to)} and appends, to the path
     * of each leaf inside, the sibling hash at this level (paths are built
     * bottom-up because the recursion returns from the leaves first).
     */
    private static byte[] subtree(byte[][] hashes, int from, int to, List<List<byte[]>> paths) {
        int n = to - from;
        if (n == 1) {
            return hashes[from];
        }
        int k = Integer.highestOneBit(n - 1);
        byte[] left = subtree(hashes, from, from + k, paths);
        byte[] right = subtree(hashes, from + k, to, paths);
        for (int i = from; i < from + k; i++) {
            paths.get(i).add(right);
        }
        for (int i = from + k; i < to; i++) {
            paths.get(i).add(left);
        }
        return nodeHash(left, right);
    }

    /** The root implied by a leaf and its inclusion path, or null when the proof is impossible. */
    static byte[] rootFromProof(byte[] leaf, long index, long size, List<byte[]> path) {
        if (index < 0 || index >= size) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash(leaf);
        for (byte[] p : path) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    static byte[] sha256(byte[] data) {
        return digest().digest(data);
    }

    private static byte[] leafHash(byte[] leaf) {
        MessageDigest d = digest();
        d.update((byte) 0);
        d.update(leaf);
        return d.digest();
    }

    private static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = digest();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /**
     * This thread's SHA-256 instance: looking one up in the providers costs
     * more than hashing a proof step. Each use ends with {@code digest()},
     * which resets it.
     */
    private static MessageDigest digest() {
        return SHA256.get();
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && Arrays.equals(a, b);
    }
}
