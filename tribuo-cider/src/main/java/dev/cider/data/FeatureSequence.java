package dev.cider.data;

import java.util.Arrays;

/**
 * An immutable dense sequence of feature frames: {@code steps x dim} floats stored row-major, of which the
 * first {@code length} steps are valid and the rest is padding.
 * <p>
 * A missing frame is represented by a zero vector inside the valid prefix; padding is never "missing".
 * Values must be finite.
 */
public final class FeatureSequence implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final float[] values; // [steps, dim] row-major
    private final int steps;
    private final int dim;
    private final int length;

    /**
     * Creates a sequence, copying the values.
     * @param values The values, {@code steps * dim} floats, row-major.
     * @param steps The number of time steps (including padding).
     * @param dim The feature dimension.
     * @param length The number of valid steps, a prefix.
     * @throws IllegalArgumentException if the sizes disagree or a value is NaN or infinite.
     */
    public FeatureSequence(float[] values, int steps, int dim, int length) {
        this(values.clone(), steps, dim, length, true);
    }

    private FeatureSequence(float[] values, int steps, int dim, int length, boolean check) {
        if (steps < 0 || dim < 0) {
            throw new IllegalArgumentException("Negative shape " + steps + " x " + dim);
        }
        if ((long) steps * dim != values.length) {
            throw new IllegalArgumentException("Expected " + steps + " x " + dim + " = " + ((long) steps * dim) + " values, found " + values.length);
        }
        if (length < 0 || length > steps) {
            throw new IllegalArgumentException("Valid length " + length + " outside [0, " + steps + "]");
        }
        if (check) {
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new IllegalArgumentException("Non-finite value " + values[i] + " at step " + (i / Math.max(dim, 1)) + ", dimension " + (i % Math.max(dim, 1)));
                }
            }
        }
        this.values = values;
        this.steps = steps;
        this.dim = dim;
        this.length = length;
    }

    /**
     * An all-zero sequence of the given shape.
     * @param steps The number of steps.
     * @param dim The dimension.
     * @param length The valid length.
     * @return The sequence.
     */
    public static FeatureSequence zeros(int steps, int dim, int length) {
        return new FeatureSequence(new float[steps * dim], steps, dim, length, false);
    }

    /**
     * Builds a sequence from rows, padding with zeros to {@code steps}.
     * @param rows The valid rows, each of length {@code dim}.
     * @param steps The padded number of steps.
     * @param dim The dimension.
     * @return The sequence with valid length {@code rows.length}.
     */
    public static FeatureSequence fromRows(float[][] rows, int steps, int dim) {
        if (rows.length > steps) {
            throw new IllegalArgumentException(rows.length + " rows do not fit in " + steps + " steps");
        }
        float[] v = new float[steps * dim];
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != dim) {
                throw new IllegalArgumentException("Row " + t + " has " + rows[t].length + " values, expected " + dim);
            }
            System.arraycopy(rows[t], 0, v, t * dim, dim);
        }
        return new FeatureSequence(v, steps, dim, rows.length, true);
    }

    /**
     * Wraps an array the caller gives up (no copy). For data sources that build large arrays once.
     * @param values The values; must not be modified afterwards.
     * @param steps The steps.
     * @param dim The dimension.
     * @param length The valid length.
     * @return The sequence.
     */
    public static FeatureSequence wrap(float[] values, int steps, int dim, int length) {
        return new FeatureSequence(values, steps, dim, length, true);
    }

    /** @return The number of steps including padding. */
    public int steps() {
        return steps;
    }

    /** @return The feature dimension. */
    public int dim() {
        return dim;
    }

    /** @return The number of valid steps. */
    public int length() {
        return length;
    }

    /**
     * One value.
     * @param step The step.
     * @param d The dimension index.
     * @return The value.
     */
    public float get(int step, int d) {
        return values[step * dim + d];
    }

    /**
     * Copies all {@code steps * dim} values into a destination array (for batch assembly).
     * @param dest The destination.
     * @param offset The offset in the destination.
     */
    public void copyTo(float[] dest, int offset) {
        System.arraycopy(values, 0, dest, offset, values.length);
    }

    /**
     * A copy of the values.
     * @return The values, row-major.
     */
    public float[] toArray() {
        return values.clone();
    }

    /**
     * Whether the frame at a step is entirely zero (a missing frame, or padding).
     * @param step The step.
     * @return True if every value of the frame is zero.
     */
    public boolean isZeroFrame(int step) {
        int base = step * dim;
        for (int d = 0; d < dim; d++) {
            if (values[base + d] != 0f) {
                return false;
            }
        }
        return true;
    }

    /**
     * A copy where every valid step whose keep flag is false becomes a zero frame. Padding is untouched.
     * @param keep One flag per step (at least {@code length} of them).
     * @return The masked copy.
     */
    public FeatureSequence withDroppedSteps(boolean[] keep) {
        if (keep.length < length) {
            throw new IllegalArgumentException("Keep mask has " + keep.length + " entries, the sequence has " + length + " valid steps");
        }
        float[] v = values.clone();
        for (int t = 0; t < length; t++) {
            if (!keep[t]) {
                Arrays.fill(v, t * dim, (t + 1) * dim, 0f);
            }
        }
        return new FeatureSequence(v, steps, dim, length, false);
    }

    /**
     * The per-dimension mean over the valid steps (zeros if there are none).
     * @return The mean, of length {@code dim}.
     */
    public double[] validMean() {
        double[] mean = new double[dim];
        if (length == 0) {
            return mean;
        }
        for (int t = 0; t < length; t++) {
            for (int d = 0; d < dim; d++) {
                mean[d] += values[t * dim + d];
            }
        }
        for (int d = 0; d < dim; d++) {
            mean[d] /= length;
        }
        return mean;
    }

    /**
     * The per-dimension population standard deviation over the valid steps.
     * @param mean The mean from {@link #validMean()}.
     * @return The standard deviation, of length {@code dim}.
     */
    public double[] validStd(double[] mean) {
        double[] std = new double[dim];
        if (length == 0) {
            return std;
        }
        for (int t = 0; t < length; t++) {
            for (int d = 0; d < dim; d++) {
                double diff = values[t * dim + d] - mean[d];
                std[d] += diff * diff;
            }
        }
        for (int d = 0; d < dim; d++) {
            std[d] = Math.sqrt(std[d] / length);
        }
        return std;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FeatureSequence)) {
            return false;
        }
        FeatureSequence that = (FeatureSequence) o;
        return steps == that.steps && dim == that.dim && length == that.length && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * steps + dim) + length) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FeatureSequence(" + steps + "x" + dim + ", length=" + length + ")";
    }
}
