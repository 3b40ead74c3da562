package dev.cider.repro;

/**
 * The comparison of one group of values of two models: a network parameter tensor (by its DJL name), a modality's
 * class prototypes or the class priors.
 *
 * @param name The group's name (e.g. {@code 02fusion_01layer_attention_weight}, {@code prototypes.text}).
 * @param originalSize Its number of values in the saved model (0 if it has none).
 * @param reproducedSize Its number of values in the reproduction (0 if it has none).
 * @param differing How many values differ bit for bit (every value of the larger side when the shapes differ).
 * @param maxAbsDifference The largest absolute difference of two values at the same position (0 when identical,
 *                         NaN when the shapes differ or a value is NaN on one side only).
 */
public record ParameterGroupComparison(String name, long originalSize, long reproducedSize, long differing, double maxAbsDifference) {

    /**
     * Compares two groups of float values.
     * @param name The group's name.
     * @param a The saved model's values, or null if it lacks the group.
     * @param b The reproduction's values, or null if it lacks the group.
     * @return The comparison.
     */
    static ParameterGroupComparison of(String name, float[] a, float[] b) {
        double[] da = a == null ? null : new double[a.length];
        double[] db = b == null ? null : new double[b.length];
        long differing = 0;
        if (a != null && b != null && a.length == b.length) {
            for (int i = 0; i < a.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                    differing++;
                }
                da[i] = a[i];
                db[i] = b[i];
            }
            return new ParameterGroupComparison(name, a.length, b.length, differing, maxAbs(da, db));
        }
        return mismatch(name, a == null ? 0 : a.length, b == null ? 0 : b.length);
    }

    /**
     * Compares two groups of double values.
     * @param name The group's name.
     * @param a The saved model's values.
     * @param b The reproduction's values.
     * @return The comparison.
     */
    static ParameterGroupComparison of(String name, double[] a, double[] b) {
        if (a.length != b.length) {
            return mismatch(name, a.length, b.length);
        }
        long differing = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                differing++;
            }
        }
        return new ParameterGroupComparison(name, a.length, b.length, differing, maxAbs(a, b));
    }

    private static ParameterGroupComparison mismatch(String name, long originalSize, long reproducedSize) {
        return new ParameterGroupComparison(name, originalSize, reproducedSize, Math.max(originalSize, reproducedSize), Double.NaN);
    }

    private static double maxAbs(double[] a, double[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs(a[i] - b[i]);
            if (Double.isNaN(d)) {
                if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                    return Double.NaN;
                }
            } else if (d > max) {
                max = d;
            }
        }
        return max;
    }

    /**
     * Whether both models have the group with the same values, bit for bit.
     * @return True when nothing differs.
     */
    public boolean identical() {
        return differing == 0 && originalSize == reproducedSize;
    }

    /**
     * Whether the two models have the group in different shapes (or only one has it).
     * @return True when the sizes differ.
     */
    public boolean shapesDiffer() {
        return originalSize != reproducedSize;
    }
}
