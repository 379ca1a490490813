package org.datong.federation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleTest {
    @Test
    void everyLeafProvesItsInclusionAndNothingElseDoes() {
        Random random = new Random(2026);
        for (int round = 0; round < 200; round++) {
            int n = 1 + random.nextInt(70);
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] leaf = new byte[32];
                random.nextBytes(leaf);
                leaves.add(leaf);
            }
            Merkle.Tree tree = Merkle.build(leaves);
            for (int i = 0; i < n; i++) {
                List<byte[]> path = tree.paths().get(i);
                assertThat(Merkle.rootFromProof(leaves.get(i), i, n, path)).as("leaf %d of %d", i, n).isEqualTo(tree.root());
                if (n > 1) {
                    int other = (i + 1 + random.nextInt(n - 1)) % n;
                    assertThat(Merkle.same(Merkle.rootFromProof(leaves.get(other), i, n, path), tree.root()))
                            .as("leaf %d with the proof of %d", other, i).isFalse();
                    assertThat(Merkle.same(Merkle.rootFromProof(leaves.get(i), other, n, path), tree.root()))
                            .as("leaf %d claiming index %d", i, other).isFalse();
                }
            }
            assertThat(Merkle.rootFromProof(leaves.getFirst(), n, n, tree.paths().getFirst())).isNull();
        }
    }

    @Test
    void rootMatchesTheRfc9162DefinitionForSmallTrees() {
        byte[] a = {1};
        byte[] b = {2};
        byte[] c = {3};
        byte[] ha = leaf(a);
        byte[] hb = leaf(b);
        byte[] hc = leaf(c);
        // MTH({a,b,c}) = H(1 || MTH({a,b}) || MTH({c}))
        byte[] expected = node(node(ha, hb), hc);
        assertThat(Merkle.build(List.of(a, b, c)).root()).isEqualTo(expected);
        assertThat(Merkle.build(List.of(a)).root()).isEqualTo(ha);
    }

    private static byte[] leaf(byte[] x) {
        byte[] in = new byte[x.length + 1];
        System.arraycopy(x, 0, in, 1, x.length);
        return Merkle.sha256(in);
    }

    private static byte[] node(byte[] l, byte[] r) {
        byte[] in = new byte[1 + l.length + r.length];
        in[0] = 1;
        System.arraycopy(l, 0, in, 1, l.length);
        System.arraycopy(r, 0, in, 1 + l.length, r.length);
        return Merkle.sha256(in);
    }
}
