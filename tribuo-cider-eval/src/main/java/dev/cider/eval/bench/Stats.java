package dev.cider.eval.bench;

import java.util.Arrays;

/**
 * Medians of timed runs.
 */
public final class Stats {

    private Stats() {
    }

    /**
     * The median (the mean of the two middle values for an even count).
     * @param values The values, at least one.
     * @return The median.
     */
    public static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("No values");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
