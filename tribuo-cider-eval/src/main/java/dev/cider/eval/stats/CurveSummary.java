package dev.cider.eval.stats;

import dev.cider.data.SentimentTask;
import dev.cider.metrics.SentimentMetric;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the {@link HierarchicalBootstrap} says about one {@link CurveOutcomes}: an {@link Estimate} of every metric at
 * every point, the AUILC {@link Estimate} of every metric for a rate sweep with at least two rates, and the bootstrap
 * replicate values behind the AUILC and complete-input (rate 0.0) intervals, so that curves of the same setting can
 * be compared by {@link PairedDifference} without recomputing. Immutable; arrays are copied on the way out.
 */
public final class CurveSummary {

    private final SentimentTask task;
    private final List<SentimentMetric> metrics;
    private final double[] rates;
    private final int seedCount;
    private final int maskSeedCount;
    private final int utteranceCount;
    private final int replicates;
    private final long bootstrapSeed;
    private final double level;
    private final Estimate[][] points;
    private final Estimate[] auilc;
    private final double[][] auilcReplicates;
    private final int completeInputPoint;
    private final double[][] completeInputReplicates;

    /**
     * Assembled by {@link HierarchicalBootstrap#summarize(CurveOutcomes)}; takes ownership of the arrays.
     * @param curve The summarized curve (for its shape).
     * @param bootstrap The bootstrap that made the replicates.
     * @param points {@code points[point][metric]}, metrics in {@link SentimentMetric#forTask} order.
     * @param auilc One AUILC estimate per metric, or null if the curve has no AUILC.
     * @param auilcReplicates {@code [metric][replicate]}, or null with {@code auilc}.
     * @param completeInputReplicates {@code [metric][replicate]} of the rate-0.0 point, or null if there is none.
     */
    CurveSummary(CurveOutcomes curve, HierarchicalBootstrap bootstrap, Estimate[][] points, Estimate[] auilc,
                 double[][] auilcReplicates, double[][] completeInputReplicates) {
        this.task = curve.task();
        this.metrics = SentimentMetric.forTask(task);
        this.rates = curve.rates();
        this.seedCount = curve.seedCount();
        this.maskSeedCount = curve.maskSeedCount();
        this.utteranceCount = curve.utteranceCount();
        this.replicates = bootstrap.replicates();
        this.bootstrapSeed = bootstrap.seed();
        this.level = bootstrap.level();
        this.points = points;
        this.auilc = auilc;
        this.auilcReplicates = auilcReplicates;
        this.completeInputPoint = curve.completeInputPoint();
        this.completeInputReplicates = completeInputReplicates;
    }

    /** @return The task of the summarized curve. */
    public SentimentTask task() {
        return task;
    }

    /** @return The metrics summarized, in declaration order. */
    public List<SentimentMetric> metrics() {
        return metrics;
    }

    /** @return A copy of the point rates (all NaN for modality subsets). */
    public double[] rates() {
        return rates.clone();
    }

    /** @return The number of points. */
    public int pointCount() {
        return rates.length;
    }

    /** @return The number of training seeds of the curve (1 for a broadcast curve). */
    public int seedCount() {
        return seedCount;
    }

    /** @return The number of mask seeds averaged at each point. */
    public int maskSeedCount() {
        return maskSeedCount;
    }

    /** @return The number of test utterances. */
    public int utteranceCount() {
        return utteranceCount;
    }

    /** @return The number of bootstrap replicates B. */
    public int replicates() {
        return replicates;
    }

    /** @return The seed the bootstrap replicates were drawn from. */
    public long bootstrapSeed() {
        return bootstrapSeed;
    }

    /** @return The interval level, e.g. 0.95. */
    public double level() {
        return level;
    }

    /**
     * The estimate of a metric at one point.
     * @param point The point index.
     * @param metric The metric.
     * @return The estimate.
     * @throws IllegalArgumentException if the point is out of range or the metric belongs to the other task.
     */
    public Estimate point(int point, SentimentMetric metric) {
        if (point < 0 || point >= rates.length) {
            throw new IllegalArgumentException("Point " + point + " is out of range, the curve has " + rates.length + " points");
        }
        return points[point][metricIndex(metric)];
    }

    /** @return True if the curve is a rate sweep with at least two rates, so it has an AUILC. */
    public boolean hasAuilc() {
        return auilc != null;
    }

    /**
     * The AUILC estimate of a metric.
     * @param metric The metric.
     * @return The estimate.
     * @throws IllegalStateException if the curve has no AUILC.
     */
    public Estimate auilc(SentimentMetric metric) {
        int k = metricIndex(metric);
        if (auilc == null) {
            throw new IllegalStateException("The curve has no AUILC: it needs a rate sweep with at least two rates, its rates are "
                    + Arrays.toString(rates));
        }
        return auilc[k];
    }

    /** @return True if the curve has a complete-input point (rate 0.0). */
    public boolean hasCompleteInput() {
        return completeInputPoint >= 0;
    }

    /** @return The index of the complete-input point, or -1. */
    public int completeInputPoint() {
        return completeInputPoint;
    }

    /**
     * The estimate of a metric on complete input (the rate 0.0 point).
     * @param metric The metric.
     * @return The estimate.
     * @throws IllegalStateException if the curve has no rate 0.0 point.
     */
    public Estimate completeInput(SentimentMetric metric) {
        int k = metricIndex(metric);
        if (completeInputPoint < 0) {
            throw new IllegalStateException("The curve has no complete-input point (rate 0.0), its rates are " + Arrays.toString(rates));
        }
        return points[completeInputPoint][k];
    }

    /**
     * True if the curve has a quantity.
     * @param quantity The quantity.
     * @return True for AUILC with {@link #hasAuilc()}, for complete input with {@link #hasCompleteInput()}.
     */
    public boolean has(Quantity quantity) {
        return Objects.requireNonNull(quantity, "quantity") == Quantity.AUILC ? hasAuilc() : hasCompleteInput();
    }

    /**
     * The estimate of a quantity.
     * @param quantity AUILC or complete input.
     * @param metric The metric.
     * @return The estimate.
     * @throws IllegalStateException if the curve lacks the quantity.
     */
    public Estimate estimate(Quantity quantity, SentimentMetric metric) {
        return Objects.requireNonNull(quantity, "quantity") == Quantity.AUILC ? auilc(metric) : completeInput(metric);
    }

    /**
     * The bootstrap replicate values of a quantity.
     * @param quantity AUILC or complete input.
     * @param metric The metric.
     * @return A copy of the B replicate values (NaN where a replicate's value was undefined).
     * @throws IllegalStateException if the curve lacks the quantity.
     */
    public double[] replicateValues(Quantity quantity, SentimentMetric metric) {
        return sharedReplicates(quantity, metric).clone();
    }

    /** The replicate values without a copy, for {@link PairedDifference}; never modified there. */
    double[] sharedReplicates(Quantity quantity, SentimentMetric metric) {
        estimate(quantity, metric);
        int k = metricIndex(metric);
        return quantity == Quantity.AUILC ? auilcReplicates[k] : completeInputReplicates[k];
    }

    private int metricIndex(SentimentMetric metric) {
        Objects.requireNonNull(metric, "metric");
        int k = metrics.indexOf(metric);
        if (k < 0) {
            throw new IllegalArgumentException("Metric " + metric.displayName() + " is defined for the " + metric.task().name()
                    + " task, this curve is of the " + task.name() + " task, which has " + metrics);
        }
        return k;
    }

    @Override
    public String toString() {
        return "CurveSummary(task=" + task.name() + ", rates=" + Arrays.toString(rates) + ", seeds=" + seedCount
                + ", maskSeeds=" + maskSeedCount + ", utterances=" + utteranceCount + ", replicates=" + replicates + ")";
    }
}
