package dev.cider.eval.stats;

import com.oracle.labs.mlrg.olcut.config.Config;
import com.oracle.labs.mlrg.olcut.config.Configurable;
import com.oracle.labs.mlrg.olcut.config.PropertyException;
import com.oracle.labs.mlrg.olcut.provenance.ConfiguredObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenancable;
import com.oracle.labs.mlrg.olcut.provenance.impl.ConfiguredObjectProvenanceImpl;
import dev.cider.data.SentimentTask;
import dev.cider.metrics.Auilc;
import dev.cider.metrics.SentimentMetric;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A two-level (training seeds, then test utterances) bootstrap of the metrics of a curve, giving intervals that account
 * for both the randomness of training and the finite test set.
 * <p>
 * Replicate {@code b} of a setting with S training seeds and N test utterances first draws S seed indices with
 * replacement, then N utterance indices with replacement, turned into per-utterance counts (weights). Both draws
 * depend only on the bootstrap's seed and {@code b} (each from its own stream, so the utterance weights do not
 * depend on S), so every curve of a setting sees the same replicates: that is what pairs the comparisons of
 * {@link PairedDifference}. The replicate value of a quantity is the mean over the drawn seeds of the seed's value on
 * the reweighted utterances (mask seeds averaged); a curve with one training seed (broadcast: the same model for every
 * seed) always uses that seed. Seeds and utterances are crossed (all seeds are evaluated on the same utterances), so one
 * set of utterance weights serves every drawn seed.
 * <p>
 * The interval is the percentile interval ({@link PercentileInterval}: quantiles {@code (1 - level) / 2} and
 * {@code (1 + level) / 2} of the replicates, linear interpolation of Hyndman and Fan's definition 7); replicates whose
 * value is NaN (e.g. "non0" metrics of a replicate without a non-neutral utterance) are left out and counted in
 * {@link Estimate#skippedReplicates()}.
 * <p>
 * Stateless once configured: {@link #summarize} may be called for several curves in parallel.
 */
public final class HierarchicalBootstrap implements Configurable, Provenancable<ConfiguredObjectProvenance> {

    /** The default number of replicates. */
    public static final int DEFAULT_REPLICATES = 2000;
    /** The default seed of the replicate draws. */
    public static final long DEFAULT_SEED = 20261207L;
    /** The default interval level. */
    public static final double DEFAULT_LEVEL = 0.95;

    private static final long SEED_STREAM = 0x5EEDL;
    private static final long UTTERANCE_STREAM = 0x0777L;

    @Config(description = "The number of bootstrap replicates B.")
    private int replicates = DEFAULT_REPLICATES;

    @Config(description = "The seed the replicates are drawn from; replicate b depends only on this seed and b.")
    private long seed = DEFAULT_SEED;

    @Config(description = "The coverage of the percentile intervals, in (0, 1).")
    private double level = DEFAULT_LEVEL;

    /** Creates a bootstrap with the defaults: 2000 replicates, seed 20261207, 95% intervals. */
    public HierarchicalBootstrap() {
    }

    /**
     * Creates a bootstrap.
     * @param replicates The number of replicates B, at least 1.
     * @param seed The seed of the replicate draws.
     * @param level The interval level in (0, 1).
     * @throws PropertyException if the replicates or the level are invalid.
     */
    public HierarchicalBootstrap(int replicates, long seed, double level) {
        this.replicates = replicates;
        this.seed = seed;
        this.level = level;
        postConfig();
    }

    @Override
    public void postConfig() {
        if (replicates < 1) {
            throw new PropertyException("", "replicates", "The bootstrap needs at least 1 replicate, found " + replicates);
        }
        if (!(level > 0 && level < 1)) {
            throw new PropertyException("", "level", "The interval level must be in (0, 1), found " + level);
        }
    }

    /** @return The number of replicates B. */
    public int replicates() {
        return replicates;
    }

    /** @return The seed of the replicate draws. */
    public long seed() {
        return seed;
    }

    /** @return The interval level. */
    public double level() {
        return level;
    }

    /**
     * The training seeds replicate {@code b} draws, with replacement.
     * @param replicate The replicate index b.
     * @param seeds The number of training seeds S of the setting.
     * @return S indices in [0, S).
     */
    public int[] seedDraws(int replicate, int seeds) {
        checkReplicate(replicate);
        if (seeds < 1) {
            throw new IllegalArgumentException("Need at least one training seed, found " + seeds);
        }
        SplittableRandom rng = stream(replicate, SEED_STREAM);
        int[] draws = new int[seeds];
        for (int j = 0; j < seeds; j++) {
            draws[j] = rng.nextInt(seeds);
        }
        return draws;
    }

    /**
     * The utterance weights of replicate {@code b}: how often each of N utterances was drawn in N draws with
     * replacement.
     * @param replicate The replicate index b.
     * @param utterances The number of test utterances N.
     * @return N non-negative counts summing to N.
     */
    public int[] utteranceWeights(int replicate, int utterances) {
        checkReplicate(replicate);
        if (utterances < 1) {
            throw new IllegalArgumentException("Need at least one utterance, found " + utterances);
        }
        SplittableRandom rng = stream(replicate, UTTERANCE_STREAM);
        int[] weights = new int[utterances];
        for (int j = 0; j < utterances; j++) {
            weights[rng.nextInt(utterances)]++;
        }
        return weights;
    }

    private void checkReplicate(int replicate) {
        if (replicate < 0 || replicate >= replicates) {
            throw new IllegalArgumentException("Replicate " + replicate + " is outside [0, " + replicates + ")");
        }
    }

    /** An independent random stream for (seed, replicate, purpose), by SplitMix64 finalisation of the three. */
    private SplittableRandom stream(int replicate, long purpose) {
        long z = mix(seed);
        z = mix(z ^ (replicate + 0x9E3779B97F4A7C15L));
        z = mix(z ^ purpose);
        return new SplittableRandom(z);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Summarizes one curve: every metric at every point, the AUILC of every metric (rate sweeps with at least two
     * rates), each with its per-seed values, their spread and a percentile interval, and the replicate values of the
     * AUILC and complete-input quantities.
     * @param curve The curve.
     * @return The summary.
     */
    public CurveSummary summarize(CurveOutcomes curve) {
        Objects.requireNonNull(curve, "curve");
        SeedEvaluator evaluator = new SeedEvaluator(curve);
        int metricCount = evaluator.metricCount;
        int points = curve.pointCount();
        int seeds = curve.seedCount();
        int n = curve.utteranceCount();
        boolean hasAuilc = curve.hasAuilc();

        double[][][] seedPoint = new double[metricCount][points][seeds];
        double[][] seedAuilc = new double[metricCount][seeds];
        for (int s = 0; s < seeds; s++) {
            evaluator.evaluate(s, null, seedPoint, seedAuilc);
        }

        double[][][] repPoint = new double[metricCount][points][replicates];
        double[][] repAuilc = new double[metricCount][replicates];
        double[][][] drawnPoint = new double[metricCount][points][seeds];
        double[][] drawnAuilc = new double[metricCount][seeds];
        boolean[] drawn = new boolean[seeds];
        for (int b = 0; b < replicates; b++) {
            int[] weights = utteranceWeights(b, n);
            int[] draws = seeds == 1 ? new int[1] : seedDraws(b, seeds);
            Arrays.fill(drawn, false);
            for (int s : draws) {
                if (!drawn[s]) {
                    drawn[s] = true;
                    evaluator.evaluate(s, weights, drawnPoint, drawnAuilc);
                }
            }
            for (int k = 0; k < metricCount; k++) {
                for (int p = 0; p < points; p++) {
                    repPoint[k][p][b] = meanOfDrawn(drawnPoint[k][p], draws);
                }
                repAuilc[k][b] = meanOfDrawn(drawnAuilc[k], draws);
            }
        }

        Estimate[][] pointEstimates = new Estimate[points][metricCount];
        for (int p = 0; p < points; p++) {
            for (int k = 0; k < metricCount; k++) {
                pointEstimates[p][k] = estimate(seedPoint[k][p], repPoint[k][p]);
            }
        }
        Estimate[] auilcEstimates = null;
        double[][] auilcReplicates = null;
        if (hasAuilc) {
            auilcEstimates = new Estimate[metricCount];
            for (int k = 0; k < metricCount; k++) {
                auilcEstimates[k] = estimate(seedAuilc[k], repAuilc[k]);
            }
            auilcReplicates = repAuilc;
        }
        double[][] completeReplicates = null;
        int complete = curve.completeInputPoint();
        if (complete >= 0) {
            completeReplicates = new double[metricCount][];
            for (int k = 0; k < metricCount; k++) {
                completeReplicates[k] = repPoint[k][complete];
            }
        }
        return new CurveSummary(curve, this, pointEstimates, auilcEstimates, auilcReplicates, completeReplicates);
    }

    private Estimate estimate(double[] perSeed, double[] replicateValues) {
        PercentileInterval interval = PercentileInterval.of(replicateValues, level);
        return Estimate.of(perSeed, interval.lower(), interval.upper(), interval.skipped());
    }

    private static double meanOfDrawn(double[] perSeed, int[] draws) {
        double sum = 0;
        for (int s : draws) {
            sum += perSeed[s];
        }
        return sum / draws.length;
    }

    @Override
    public ConfiguredObjectProvenance getProvenance() {
        return new ConfiguredObjectProvenanceImpl(this, "HierarchicalBootstrap");
    }

    @Override
    public String toString() {
        return "HierarchicalBootstrap(replicates=" + replicates + ", seed=" + seed + ", level=" + level + ")";
    }

    /**
     * Evaluates one training seed of a curve, with or without utterance weights: every metric at every point and the
     * AUILC, each averaged over the mask seeds. Holds the scratch arrays of one {@link #summarize} call.
     */
    private static final class SeedEvaluator {
        private final CurveOutcomes curve;
        private final SentimentTask task;
        private final double[] rates;
        private final boolean hasAuilc;
        private final int metricCount;
        private final long[] counts;
        private final double[] values;
        private final double[][] maskCurve;
        private final double[][] pointSum;
        private final double[] auilcSum;

        SeedEvaluator(CurveOutcomes curve) {
            this.curve = curve;
            this.task = curve.task();
            this.rates = curve.rates();
            this.hasAuilc = curve.hasAuilc();
            this.metricCount = SentimentMetric.forTask(task).size();
            this.counts = new long[OutcomeCodes.codeCount(task)];
            this.values = new double[metricCount];
            this.maskCurve = new double[metricCount][rates.length];
            this.pointSum = new double[metricCount][rates.length];
            this.auilcSum = new double[metricCount];
        }

        /**
         * Writes seed {@code s}'s values into {@code pointOut[k][p][s]} and {@code auilcOut[k][s]} (NaN without AUILC).
         */
        void evaluate(int s, int[] weights, double[][][] pointOut, double[][] auilcOut) {
            int masks = curve.maskSeedCount();
            for (double[] row : pointSum) {
                Arrays.fill(row, 0.0);
            }
            Arrays.fill(auilcSum, 0.0);
            for (int m = 0; m < masks; m++) {
                for (int p = 0; p < rates.length; p++) {
                    Arrays.fill(counts, 0L);
                    OutcomeCodes.tally(curve.sharedCodes(s, m, p), weights, counts);
                    OutcomeCodes.values(task, counts, values);
                    for (int k = 0; k < metricCount; k++) {
                        maskCurve[k][p] = values[k];
                        pointSum[k][p] += values[k];
                    }
                }
                if (hasAuilc) {
                    for (int k = 0; k < metricCount; k++) {
                        auilcSum[k] += auilcOrNaN(maskCurve[k]);
                    }
                }
            }
            for (int k = 0; k < metricCount; k++) {
                for (int p = 0; p < rates.length; p++) {
                    pointOut[k][p][s] = pointSum[k][p] / masks;
                }
                auilcOut[k][s] = hasAuilc ? auilcSum[k] / masks : Double.NaN;
            }
        }

        private double auilcOrNaN(double[] curveValues) {
            for (double v : curveValues) {
                if (Double.isNaN(v)) {
                    return Double.NaN;
                }
            }
            return Auilc.compute(rates, curveValues);
        }
    }
}
