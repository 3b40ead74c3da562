package dev.cider.eval.stats;

import java.util.Arrays;
import java.util.Objects;

/**
 * A bootstrap percentile interval: the {@code (1 - level) / 2} and {@code (1 + level) / 2} quantiles of the replicate
 * values, NaN replicates left out.
 * <p>
 * The quantile is the linear interpolation between order statistics of Hyndman and Fan's definition 7 (the default of
 * R's {@code quantile} and of numpy's {@code percentile}): for {@code n} sorted values {@code x_0 <= ... <= x_{n-1}}
 * and probability {@code q}, {@code h = (n - 1) q} and the quantile is
 * {@code x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h))}.
 *
 * @param lower   The lower end (NaN if every replicate was NaN).
 * @param upper   The upper end (NaN likewise).
 * @param used    The number of replicates behind the interval.
 * @param skipped The number of NaN replicates left out.
 */
public record PercentileInterval(double lower, double upper, int used, int skipped) {

    /**
     * Computes the interval of some replicates.
     * @param replicates The replicate values (not modified).
     * @param level The coverage, in (0, 1), e.g. 0.95.
     * @return The interval.
     * @throws IllegalArgumentException if the level is outside (0, 1).
     */
    public static PercentileInterval of(double[] replicates, double level) {
        Objects.requireNonNull(replicates, "replicates");
        checkLevel(level);
        double[] kept = new double[replicates.length];
        int used = 0;
        for (double v : replicates) {
            if (!Double.isNaN(v)) {
                kept[used++] = v;
            }
        }
        int skipped = replicates.length - used;
        if (used == 0) {
            return new PercentileInterval(Double.NaN, Double.NaN, 0, skipped);
        }
        double[] sorted = Arrays.copyOf(kept, used);
        Arrays.sort(sorted);
        double tail = (1 - level) / 2;
        return new PercentileInterval(quantile(sorted, tail), quantile(sorted, 1 - tail), used, skipped);
    }

    /**
     * The linearly interpolated quantile (definition 7) of sorted values.
     * @param sorted Values in ascending order, at least one, no NaN.
     * @param q The probability in [0, 1].
     * @return The quantile.
     * @throws IllegalArgumentException if there are no values or the probability is outside [0, 1].
     */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("The quantile of no values is undefined");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("Quantile probability " + q + " is outside [0, 1]");
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = h - lo;
        return frac == 0 ? sorted[lo] : sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }

    /**
     * Throws if an interval level is not strictly between 0 and 1.
     * @param level The level.
     */
    static void checkLevel(double level) {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("Interval level must be in (0, 1), found " + level);
        }
    }
}
