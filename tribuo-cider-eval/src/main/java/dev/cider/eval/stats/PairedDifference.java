package dev.cider.eval.stats;

import dev.cider.metrics.SentimentMetric;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A paired comparison of two systems of the same setting on one quantity (AUILC or complete input) of one metric:
 * system A minus system B.
 * <p>
 * The observed difference is the mean over training seeds of the per-seed differences {@code A_s - B_s}; a broadcast
 * curve (one training seed) is paired with each seed of the other. The interval is the percentile interval of the
 * replicate differences {@code d_b = A_b - B_b}, which are paired because both summaries were made by the same
 * {@link HierarchicalBootstrap} and so saw the same seed draws and utterance weights in replicate {@code b}.
 * <p>
 * The two-sided p-value of "no difference" is from the same paired bootstrap by the shift method: the replicate
 * differences, shifted to be centred on zero, are the null distribution, and
 * {@code p = (1 + #{b : |d_b - d_obs| >= |d_obs|}) / (B' + 1)}, where B' counts the replicates whose difference is not
 * NaN. The comparison allows a rounding slack of {@value #TIE_TOLERANCE} so that a replicate exactly as far from
 * {@code d_obs} as zero is (common with discrete metrics) counts as extreme whatever the last bits of the two
 * subtractions. Identical systems give {@code d = 0}, the interval [0, 0] and {@code p = 1}. Adjust the p-values of a
 * family of comparisons with {@link MultipleComparisons}.
 *
 * @param metric     The metric compared.
 * @param quantity   The quantity compared.
 * @param difference The difference A minus B: mean and sd over the per-seed differences, the replicate interval and
 *                   the per-seed differences.
 * @param pValue     The two-sided bootstrap p-value (NaN if the difference is undefined).
 */
public record PairedDifference(SentimentMetric metric, Quantity quantity, Estimate difference, double pValue) {

    /** The slack allowed when counting replicates at least as extreme as the observed difference. */
    public static final double TIE_TOLERANCE = 1e-12;

    /**
     * Validates.
     * @param metric The metric compared.
     * @param quantity The quantity compared.
     * @param difference The difference A minus B.
     * @param pValue The two-sided p-value.
     * @throws IllegalArgumentException if the p-value is outside [0, 1].
     */
    public PairedDifference {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(difference, "difference");
        if (pValue < 0 || pValue > 1) {
            throw new IllegalArgumentException("A p-value must be in [0, 1], found " + pValue);
        }
    }

    /**
     * Compares system A with system B.
     * @param a The summary of system A.
     * @param b The summary of system B, of the same setting.
     * @param metric The metric.
     * @param quantity AUILC or complete input.
     * @return A minus B.
     * @throws IllegalArgumentException if the summaries are not of the same setting (task, bootstrap, utterance count,
     *     rates for the AUILC), their seed counts differ while neither is broadcast, or a summary lacks the quantity.
     */
    public static PairedDifference between(CurveSummary a, CurveSummary b, SentimentMetric metric, Quantity quantity) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(quantity, "quantity");
        checkPaired(a, b);
        for (CurveSummary s : new CurveSummary[] {a, b}) {
            if (!s.has(quantity)) {
                throw new IllegalArgumentException("Cannot compare on " + quantity.displayName() + ": a curve with rates "
                        + Arrays.toString(s.rates()) + " has none");
            }
        }
        if (quantity == Quantity.AUILC && !Arrays.equals(a.rates(), b.rates())) {
            throw new IllegalArgumentException("Cannot compare AUILCs over different rates: " + Arrays.toString(a.rates()) + " versus "
                    + Arrays.toString(b.rates()));
        }
        double[] seedsA = a.estimate(quantity, metric).perSeed();
        double[] seedsB = b.estimate(quantity, metric).perSeed();
        int seeds = Math.max(seedsA.length, seedsB.length);
        double[] perSeed = new double[seeds];
        for (int s = 0; s < seeds; s++) {
            perSeed[s] = seedsA[seedsA.length == 1 ? 0 : s] - seedsB[seedsB.length == 1 ? 0 : s];
        }
        double observed = Estimate.mean(perSeed);

        double[] repA = a.sharedReplicates(quantity, metric);
        double[] repB = b.sharedReplicates(quantity, metric);
        double[] diffs = new double[repA.length];
        for (int r = 0; r < diffs.length; r++) {
            diffs[r] = repA[r] - repB[r];
        }
        PercentileInterval interval = PercentileInterval.of(diffs, a.level());
        double p = shiftPValue(diffs, observed);
        Estimate difference = new Estimate(observed, Estimate.sampleSd(perSeed), interval.lower(), interval.upper(), perSeed,
                interval.skipped());
        return new PairedDifference(metric, quantity, difference, p);
    }

    /**
     * The two-sided shift-method p-value {@code (1 + #{b : |d_b - d_obs| >= |d_obs|}) / (B' + 1)}.
     * @param replicateDifferences The replicate differences (NaN ones are skipped).
     * @param observed The observed difference.
     * @return The p-value, NaN if the observed difference is NaN or no replicate difference is defined.
     */
    static double shiftPValue(double[] replicateDifferences, double observed) {
        if (Double.isNaN(observed)) {
            return Double.NaN;
        }
        double threshold = Math.abs(observed) - TIE_TOLERANCE;
        int used = 0;
        int extreme = 0;
        for (double d : replicateDifferences) {
            if (!Double.isNaN(d)) {
                used++;
                if (Math.abs(d - observed) >= threshold) {
                    extreme++;
                }
            }
        }
        return used == 0 ? Double.NaN : (1.0 + extreme) / (used + 1.0);
    }

    private static void checkPaired(CurveSummary a, CurveSummary b) {
        if (a.task() != b.task()) {
            throw new IllegalArgumentException("Cannot pair a " + a.task().name() + "-task curve with a " + b.task().name() + "-task curve");
        }
        if (a.replicates() != b.replicates() || a.bootstrapSeed() != b.bootstrapSeed() || a.level() != b.level()) {
            throw new IllegalArgumentException("Cannot pair summaries of different bootstraps: " + a.replicates() + " replicates, seed "
                    + a.bootstrapSeed() + ", level " + a.level() + " versus " + b.replicates() + " replicates, seed " + b.bootstrapSeed()
                    + ", level " + b.level());
        }
        if (a.utteranceCount() != b.utteranceCount()) {
            throw new IllegalArgumentException("Cannot pair curves of different test sets: " + a.utteranceCount() + " versus "
                    + b.utteranceCount() + " utterances");
        }
        if (a.seedCount() != b.seedCount() && a.seedCount() != 1 && b.seedCount() != 1) {
            throw new IllegalArgumentException("Cannot pair " + a.seedCount() + " training seeds with " + b.seedCount()
                    + " (only a one-seed, broadcast curve pairs with any seed count)");
        }
    }

    /** @return The observed difference A minus B. */
    public double observed() {
        return difference.mean();
    }

    /**
     * Whether the difference is significant at a level.
     * @param alpha The significance level, e.g. 0.05.
     * @return True if the p-value is below alpha.
     */
    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s difference %+.4f [%.4f, %.4f], p=%.4f", metric.displayName(), quantity.displayName(),
                difference.mean(), difference.lower(), difference.upper(), pValue);
    }
}
