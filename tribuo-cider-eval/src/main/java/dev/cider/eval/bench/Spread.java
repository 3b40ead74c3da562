package dev.cider.eval.bench;

import java.util.Arrays;

/**
 * How far apart the timed runs of one measure lie: their count, median, smallest and largest value, and the relative
 * spread {@code (max - min) / median}.
 *
 * @param count  The number of values.
 * @param median The median (the mean of the two middle values for an even count).
 * @param min    The smallest value.
 * @param max    The largest value.
 */
public record Spread(int count, double median, double min, double max) {

    /**
     * The spread of some values.
     * @param values The values, at least one.
     * @return Their spread.
     * @throws IllegalArgumentException if there are no values.
     */
    public static Spread of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("No values to take the spread of");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Spread(sorted.length, Stats.median(sorted), sorted[0], sorted[sorted.length - 1]);
    }

    /**
     * The relative spread.
     * @return {@code (max - min) / median}; NaN when the median is zero.
     */
    public double relative() {
        return median == 0.0 ? Double.NaN : (max - min) / median;
    }
}
