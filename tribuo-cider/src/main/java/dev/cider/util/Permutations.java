package dev.cider.util;

import java.util.SplittableRandom;

/**
 * Seeded random permutations (Fisher-Yates), used to shuffle training epochs reproducibly.
 */
public final class Permutations {

    private Permutations() {
    }

    /**
     * A random permutation of {@code 0..n-1}.
     * @param n The size.
     * @param rng The random stream.
     * @return The permutation.
     */
    public static int[] of(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
