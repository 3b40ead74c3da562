package dev.cider.eval.stats;

import dev.cider.data.SentimentTask;

import java.util.Arrays;
import java.util.Objects;

/**
 * The observations of one system in one setting with one missing pattern, as {@link OutcomeCodes}: for every
 * training seed, every evaluation-mask seed and every point of the curve, one code per test utterance. Immutable
 * (the arrays are copied on the way in and out).
 * <p>
 * The points are either a rate sweep (strictly increasing missing rates in [0, 1]) or modality subsets (every rate
 * NaN, as SMM points have no rate and so no AUILC). Every code array holds the same test utterances in the same
 * order, so all have one length.
 * <p>
 * A curve with exactly one training seed, in a setting whose other systems have several, is "broadcast": it is the
 * same model for every seed (a model loaded from a file, or a deterministic system), and the bootstrap and the paired
 * comparisons use its one seed wherever another curve uses seed {@code s}.
 */
public final class CurveOutcomes {

    private final SentimentTask task;
    private final double[] rates;
    private final byte[][][][] codes;
    private final int utterances;

    /**
     * Creates the observations of one curve.
     * @param task The task whose codes these are.
     * @param rates One entry per point: the missing rate, or NaN for every point of a modality-subset curve.
     * @param codes {@code codes[trainingSeed][maskSeed][point]}: the outcome codes of the test utterances. At least
     *     one training seed; every training seed has the same number (at least one) of mask seeds; every mask seed
     *     one array per rate; every array the same (non-zero) length; every code valid for the task.
     * @throws IllegalArgumentException naming the offending index if a shape or code is invalid, or if the rates are
     *     neither all NaN nor strictly increasing values in [0, 1].
     */
    public CurveOutcomes(SentimentTask task, double[] rates, byte[][][][] codes) {
        this.task = Objects.requireNonNull(task, "task");
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(codes, "codes");
        this.rates = checkRates(rates);
        if (codes.length == 0) {
            throw new IllegalArgumentException("A curve needs outcome codes of at least one training seed");
        }
        int codeCount = OutcomeCodes.codeCount(task);
        int maskSeeds = -1;
        int n = -1;
        this.codes = new byte[codes.length][][][];
        for (int s = 0; s < codes.length; s++) {
            byte[][][] seed = codes[s];
            if (seed == null || seed.length == 0) {
                throw new IllegalArgumentException("Training seed " + s + " has no mask seeds");
            }
            if (maskSeeds < 0) {
                maskSeeds = seed.length;
            } else if (seed.length != maskSeeds) {
                throw new IllegalArgumentException("Training seed " + s + " has " + seed.length + " mask seeds, training seed 0 has " + maskSeeds);
            }
            this.codes[s] = new byte[maskSeeds][][];
            for (int m = 0; m < maskSeeds; m++) {
                byte[][] mask = seed[m];
                if (mask == null || mask.length != rates.length) {
                    throw new IllegalArgumentException("Training seed " + s + ", mask seed " + m + " has "
                            + (mask == null ? "no" : String.valueOf(mask.length)) + " points, the curve has " + rates.length + " rates");
                }
                this.codes[s][m] = new byte[rates.length][];
                for (int p = 0; p < rates.length; p++) {
                    byte[] point = mask[p];
                    String where = "Training seed " + s + ", mask seed " + m + ", point " + p;
                    if (point == null || point.length == 0) {
                        throw new IllegalArgumentException(where + " has no utterance codes");
                    }
                    if (n < 0) {
                        n = point.length;
                    } else if (point.length != n) {
                        throw new IllegalArgumentException(where + " has " + point.length + " utterance codes, the first point has " + n
                                + " (every point must hold the same test utterances)");
                    }
                    for (int i = 0; i < point.length; i++) {
                        if (point[i] < 0 || point[i] >= codeCount) {
                            throw new IllegalArgumentException(where + ", utterance " + i + " has code " + point[i] + ", outside [0, "
                                    + codeCount + ") of the " + task.name() + " task");
                        }
                    }
                    this.codes[s][m][p] = point.clone();
                }
            }
        }
        this.utterances = n;
    }

    private static double[] checkRates(double[] rates) {
        if (rates.length == 0) {
            throw new IllegalArgumentException("A curve needs at least one point");
        }
        boolean subsets = Double.isNaN(rates[0]);
        for (int i = 0; i < rates.length; i++) {
            if (subsets != Double.isNaN(rates[i])) {
                throw new IllegalArgumentException("Rates must be all NaN (modality subsets) or all missing rates, found "
                        + Arrays.toString(rates));
            }
            if (!subsets && (!(rates[i] >= 0 && rates[i] <= 1) || (i > 0 && !(rates[i] > rates[i - 1])))) {
                throw new IllegalArgumentException("Rates must be strictly increasing values in [0, 1], but rate " + i + " is "
                        + rates[i] + " in " + Arrays.toString(rates));
            }
        }
        return rates.clone();
    }

    /** @return The task whose codes these are. */
    public SentimentTask task() {
        return task;
    }

    /** @return A copy of the point rates (all NaN for modality subsets). */
    public double[] rates() {
        return rates.clone();
    }

    /** @return True if the points are missing rates rather than modality subsets. */
    public boolean isRateSweep() {
        return !Double.isNaN(rates[0]);
    }

    /** @return True if the curve has an AUILC: a rate sweep with at least two rates. */
    public boolean hasAuilc() {
        return isRateSweep() && rates.length >= 2;
    }

    /** @return The index of the complete-input point (rate exactly 0.0), or -1 if the curve has none. */
    public int completeInputPoint() {
        for (int p = 0; p < rates.length; p++) {
            if (rates[p] == 0.0) {
                return p;
            }
        }
        return -1;
    }

    /** @return The number of training seeds (1 for a broadcast curve). */
    public int seedCount() {
        return codes.length;
    }

    /** @return The number of evaluation-mask seeds of every training seed. */
    public int maskSeedCount() {
        return codes[0].length;
    }

    /** @return The number of points (rates or modality subsets). */
    public int pointCount() {
        return rates.length;
    }

    /** @return The number of test utterances of every point. */
    public int utteranceCount() {
        return utterances;
    }

    /**
     * The codes of one point.
     * @param seed The training seed index.
     * @param mask The mask seed index.
     * @param point The point index.
     * @return A copy of the codes.
     */
    public byte[] codes(int seed, int mask, int point) {
        return codes[seed][mask][point].clone();
    }

    /** The codes without a copy, for the bootstrap's inner loop; never modified there. */
    byte[] sharedCodes(int seed, int mask, int point) {
        return codes[seed][mask][point];
    }

    @Override
    public String toString() {
        return "CurveOutcomes(task=" + task.name() + ", rates=" + Arrays.toString(rates) + ", seeds=" + seedCount()
                + ", maskSeeds=" + maskSeedCount() + ", utterances=" + utterances + ")";
    }
}
