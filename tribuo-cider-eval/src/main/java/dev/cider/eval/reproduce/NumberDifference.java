package dev.cider.eval.reproduce;

import java.util.Objects;

/**
 * One number that differs between recorded results and a rerun.
 *
 * @param where    Which number: the curve, pair or run, and the field (e.g. {@code curve IID / LR (BINARY), AUILC acc2,
 *                 perSeed[seed 2]}).
 * @param recorded The recorded value (NaN where undefined).
 * @param rerun    The rerun's value (NaN where undefined).
 */
public record NumberDifference(String where, double recorded, double rerun) {

    /**
     * Creates a difference.
     */
    public NumberDifference {
        Objects.requireNonNull(where, "where");
    }

    /**
     * Whether two numbers are the same: equal, or both undefined.
     * @param a One number.
     * @param b The other.
     * @return True if they are the same.
     */
    public static boolean same(double a, double b) {
        return a == b || (Double.isNaN(a) && Double.isNaN(b));
    }

    /** @return True if both values are defined (not NaN). */
    public boolean definedInBoth() {
        return !Double.isNaN(recorded) && !Double.isNaN(rerun);
    }

    /** @return The rerun's value minus the recorded one (NaN if either is undefined). */
    public double difference() {
        return rerun - recorded;
    }

    /** @return The absolute difference (NaN if either is undefined). */
    public double absolute() {
        return Math.abs(difference());
    }
}
