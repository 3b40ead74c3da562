package dev.cider.eval.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A value with its uncertainty: the mean over training seeds, the spread of the per-seed values, and an interval
 * from the {@link HierarchicalBootstrap} (which accounts for both the training seeds and the test utterances).
 *
 * @param mean               The mean of the per-seed values (NaN if any is NaN).
 * @param sd                 The sample standard deviation (divisor n - 1) of the per-seed values; NaN for one seed.
 * @param lower              The lower end of the interval (NaN when every replicate was NaN).
 * @param upper              The upper end of the interval (NaN when every replicate was NaN).
 * @param perSeed            Each training seed's value (averaged over mask seeds); copied in and out.
 * @param skippedReplicates  How many bootstrap replicates had a NaN value and were left out of the interval.
 */
public record Estimate(double mean, double sd, double lower, double upper, double[] perSeed, int skippedReplicates) {

    /**
     * Validates and copies.
     * @param mean The mean of the per-seed values.
     * @param sd The sample standard deviation of the per-seed values.
     * @param lower The lower end of the interval.
     * @param upper The upper end of the interval.
     * @param perSeed Each training seed's value.
     * @param skippedReplicates The NaN replicates left out of the interval.
     * @throws IllegalArgumentException if there are no per-seed values, the interval is reversed or the skipped count
     *     is negative.
     */
    public Estimate {
        Objects.requireNonNull(perSeed, "perSeed");
        if (perSeed.length == 0) {
            throw new IllegalArgumentException("An estimate needs at least one per-seed value");
        }
        if (lower > upper) {
            throw new IllegalArgumentException("Interval lower end " + lower + " exceeds its upper end " + upper);
        }
        if (skippedReplicates < 0) {
            throw new IllegalArgumentException("Negative skipped replicate count " + skippedReplicates);
        }
        perSeed = perSeed.clone();
    }

    /**
     * An estimate whose mean and standard deviation are computed from the per-seed values.
     * @param perSeed The per-seed values.
     * @param lower The lower end of the interval.
     * @param upper The upper end of the interval.
     * @param skippedReplicates The replicates left out of the interval.
     * @return The estimate.
     */
    public static Estimate of(double[] perSeed, double lower, double upper, int skippedReplicates) {
        return new Estimate(mean(perSeed), sampleSd(perSeed), lower, upper, perSeed, skippedReplicates);
    }

    /**
     * The arithmetic mean.
     * @param values The values, at least one.
     * @return Their mean (NaN if one is NaN).
     */
    public static double mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("The mean of no values is undefined");
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * The sample standard deviation, with divisor n - 1.
     * @param values The values, at least one.
     * @return The standard deviation, NaN for a single value.
     */
    public static double sampleSd(double[] values) {
        if (values.length < 2) {
            return Double.NaN;
        }
        double m = mean(values);
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt(ss / (values.length - 1));
    }

    /** @return A copy of each training seed's value. */
    @Override
    public double[] perSeed() {
        return perSeed.clone();
    }

    /** @return The number of training seeds behind the estimate. */
    public int n() {
        return perSeed.length;
    }

    /** @return True if the interval lies entirely above or entirely below zero (false if it is NaN). */
    public boolean excludesZero() {
        return lower > 0 || upper < 0;
    }

    /**
     * Whether the interval contains a value.
     * @param value The value.
     * @return True if {@code lower <= value <= upper} (false if the interval is NaN).
     */
    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }

    /** @return The interval's width, upper minus lower. */
    public double width() {
        return upper - lower;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Estimate e)) {
            return false;
        }
        return Double.compare(mean, e.mean) == 0 && Double.compare(sd, e.sd) == 0 && Double.compare(lower, e.lower) == 0
                && Double.compare(upper, e.upper) == 0 && Arrays.equals(perSeed, e.perSeed) && skippedReplicates == e.skippedReplicates;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mean, sd, lower, upper, Arrays.hashCode(perSeed), skippedReplicates);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f (sd %.4f, interval [%.4f, %.4f], n=%d%s)", mean, sd, lower, upper, perSeed.length,
                skippedReplicates == 0 ? "" : ", " + skippedReplicates + " NaN replicates");
    }
}
