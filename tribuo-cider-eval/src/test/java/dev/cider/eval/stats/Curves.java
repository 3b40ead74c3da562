package dev.cider.eval.stats;

import dev.cider.data.SentimentTask;

import java.util.Random;

/**
 * Builds binary-task curves from right/wrong patterns. Every utterance has a positive truth; a right one is predicted
 * positive by both the 3-way and the has0 argmax (code 2*6 + 2*2 + 1 = 17), a wrong one negative by both (code 12),
 * so Acc2 (non0), Acc2 (has0) and Acc3 are all the fraction right.
 */
final class Curves {

    static final byte RIGHT = 17;
    static final byte WRONG = 12;

    private Curves() {
    }

    /** Codes of n utterances, the first {@code right} of them right. */
    static byte[] firstRight(int n, int right) {
        byte[] codes = new byte[n];
        for (int i = 0; i < n; i++) {
            codes[i] = i < right ? RIGHT : WRONG;
        }
        return codes;
    }

    /** Codes from a right/wrong mask. */
    static byte[] of(boolean[] right) {
        byte[] codes = new byte[right.length];
        for (int i = 0; i < right.length; i++) {
            codes[i] = right[i] ? RIGHT : WRONG;
        }
        return codes;
    }

    /** A one-point (rate 0.0) binary curve with one mask seed per training seed. */
    static CurveOutcomes completeOnly(byte[]... perSeed) {
        byte[][][][] codes = new byte[perSeed.length][1][1][];
        for (int s = 0; s < perSeed.length; s++) {
            codes[s][0][0] = perSeed[s];
        }
        return new CurveOutcomes(SentimentTask.BINARY, new double[] {0.0}, codes);
    }

    /** Random binary codes (any of the 18) for a rate sweep, fixed by the seed. */
    static CurveOutcomes random(double[] rates, int seeds, int masks, int n, long seed) {
        Random rng = new Random(seed);
        byte[][][][] codes = new byte[seeds][masks][rates.length][n];
        for (int s = 0; s < seeds; s++) {
            for (int m = 0; m < masks; m++) {
                for (int p = 0; p < rates.length; p++) {
                    for (int i = 0; i < n; i++) {
                        codes[s][m][p][i] = (byte) rng.nextInt(18);
                    }
                }
            }
        }
        return new CurveOutcomes(SentimentTask.BINARY, rates, codes);
    }

    /** The rates 0.0, 0.1, ..., 1.0. */
    static double[] elevenRates() {
        double[] r = new double[11];
        for (int i = 0; i <= 10; i++) {
            r[i] = i / 10.0;
        }
        return r;
    }
}
