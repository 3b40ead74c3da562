package dev.cider.data;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * An immutable dense sequence of feature frames: a {@code steps x dim} matrix of floats, row-major, of which the
 * first {@code length} steps are valid and the rest is padding.
 * <p>
 * A missing frame is represented by a zero vector inside the valid prefix; padding is never "missing".
 * Values must be finite.
 * <p>
 * Storage: only the valid prefix is held in memory, plus the padding up to its last non-zero value when the padding
 * is not all zero (zero padding is the common case: unaligned CMU-MOSEI has 500 audio and vision steps of which an
 * utterance uses a fraction). Every accessor ({@link #get}, {@link #copyTo}, {@link #toArray}, {@link #equals}, ...)
 * behaves as if the whole padded matrix were stored: the rows that are not stored read as zeros.
 */
public final class FeatureSequence implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    // The stored rows, [rows, dim] row-major with length <= rows <= steps; the rows after them are zero. The field
    // keeps its name and type so that the serialised form of the padded layout (rows == steps) still reads back.
    private final float[] values;
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
        this(values, steps, dim, length, true, true);
    }

    // Checks a padded array and keeps its stored rows (a copy unless the caller gave the array up and it is stored whole).
    private FeatureSequence(float[] padded, int steps, int dim, int length, boolean check, boolean copy) {
        if (steps < 0 || dim < 0) {
            throw new IllegalArgumentException("Negative shape " + steps + " x " + dim);
        }
        if ((long) steps * dim != padded.length) {
            throw new IllegalArgumentException("Expected " + steps + " x " + dim + " = " + ((long) steps * dim) + " values, found " + padded.length);
        }
        checkShape(steps, dim, length);
        if (check) {
            checkFinite(padded, dim, 0);
        }
        int rows = storedRows(padded, dim, length, steps);
        this.values = !copy && rows == steps ? padded : Arrays.copyOf(padded, rows * dim);
        this.steps = steps;
        this.dim = dim;
        this.length = length;
    }

    // Wraps stored rows as they are (no copy, no check): for the internal operations that produce them.
    private FeatureSequence(int steps, int dim, int length, float[] stored) {
        this.values = stored;
        this.steps = steps;
        this.dim = dim;
        this.length = length;
    }

    private static void checkShape(int steps, int dim, int length) {
        if (steps < 0 || dim < 0) {
            throw new IllegalArgumentException("Negative shape " + steps + " x " + dim);
        }
        if (length < 0 || length > steps) {
            throw new IllegalArgumentException("Valid length " + length + " outside [0, " + steps + "]");
        }
    }

    private static void checkFinite(float[] values, int dim, int firstStep) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("Non-finite value " + values[i] + " at step " + (firstStep + i / Math.max(dim, 1))
                        + ", dimension " + (i % Math.max(dim, 1)));
            }
        }
    }

    // The valid rows plus the padding rows up to the last one holding a value whose bits are not all zero (so -0.0
    // padding is kept exactly).
    private static int storedRows(float[] padded, int dim, int length, int steps) {
        if (dim == 0) {
            return length;
        }
        for (int i = padded.length - 1; i >= length * dim; i--) {
            if (Float.floatToRawIntBits(padded[i]) != 0) {
                return i / dim + 1;
            }
        }
        return length;
    }

    /**
     * An all-zero sequence of the given shape.
     * @param steps The number of steps.
     * @param dim The dimension.
     * @param length The valid length.
     * @return The sequence.
     */
    public static FeatureSequence zeros(int steps, int dim, int length) {
        checkShape(steps, dim, length);
        return new FeatureSequence(steps, dim, length, new float[length * dim]);
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
        checkShape(steps, dim, rows.length);
        float[] v = new float[rows.length * dim];
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != dim) {
                throw new IllegalArgumentException("Row " + t + " has " + rows[t].length + " values, expected " + dim);
            }
            System.arraycopy(rows[t], 0, v, t * dim, dim);
        }
        checkFinite(v, dim, 0);
        return new FeatureSequence(steps, dim, rows.length, v);
    }

    /**
     * Wraps an array the caller gives up (no copy when it is stored whole). For data sources that build large arrays
     * once. When its padding is zero only the valid prefix is kept (a copy of it), and the array can be discarded.
     * @param values The values, {@code steps * dim} floats, row-major; must not be modified afterwards.
     * @param steps The steps.
     * @param dim The dimension.
     * @param length The valid length.
     * @return The sequence.
     */
    public static FeatureSequence wrap(float[] values, int steps, int dim, int length) {
        return new FeatureSequence(values, steps, dim, length, true, false);
    }

    /**
     * Wraps the valid rows only, the padding being zero (no copy). For sources and caches that hold the valid prefix,
     * such as the token features of a text, so that it is not held twice.
     * @param validValues The {@code length * dim} values of the valid steps, row-major; must not be modified afterwards.
     * @param steps The padded number of steps.
     * @param dim The dimension.
     * @param length The valid length.
     * @return The sequence, equal to {@code wrap} of the zero-padded array.
     * @throws IllegalArgumentException if the sizes disagree or a value is NaN or infinite.
     */
    public static FeatureSequence wrapValid(float[] validValues, int steps, int dim, int length) {
        checkShape(steps, dim, length);
        if ((long) length * dim != validValues.length) {
            throw new IllegalArgumentException("Expected " + length + " x " + dim + " = " + ((long) length * dim)
                    + " valid values, found " + validValues.length);
        }
        checkFinite(validValues, dim, 0);
        return new FeatureSequence(steps, dim, length, validValues);
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

    // The number of stored rows (the rows after them are zero).
    private int rows() {
        return dim == 0 ? length : values.length / dim;
    }

    /**
     * One value.
     * @param step The step.
     * @param d The dimension index.
     * @return The value (zero in padding that is not stored).
     * @throws IndexOutOfBoundsException if the step or the dimension index is out of range.
     */
    public float get(int step, int d) {
        if (step < 0 || step >= steps || d < 0 || d >= dim) {
            throw new IndexOutOfBoundsException("Position (" + step + ", " + d + ") outside " + steps + " x " + dim);
        }
        int i = step * dim + d;
        return i < values.length ? values[i] : 0f;
    }

    /**
     * Copies all {@code steps * dim} values, padding included, into a destination array (for batch assembly).
     * @param dest The destination.
     * @param offset The offset in the destination.
     * @throws IndexOutOfBoundsException if the destination is too small (it is then unchanged).
     */
    public void copyTo(float[] dest, int offset) {
        copyStepsTo(dest, offset, steps);
    }

    /**
     * Copies the first {@code n} steps ({@code n * dim} values) into a destination array: the valid steps and as much
     * of the padding as a batch padded to {@code n} steps needs.
     * @param dest The destination.
     * @param offset The offset in the destination.
     * @param n The steps to copy, in [{@link #length()}, {@link #steps()}].
     * @throws IllegalArgumentException if {@code n} would cut valid steps or exceeds the steps.
     * @throws IndexOutOfBoundsException if the destination is too small (it is then unchanged).
     */
    public void copyStepsTo(float[] dest, int offset, int n) {
        copyStepsTo(FloatBuffer.wrap(dest), offset, n);
    }

    /**
     * Copies the first {@code n} steps ({@code n * dim} values) into a buffer at an absolute index (its position does
     * not move), writing zeros for the padding: every value of the range is written, whatever the buffer held.
     * @param dest The destination.
     * @param offset The index in the destination.
     * @param n The steps to copy, in [{@link #length()}, {@link #steps()}].
     * @throws IllegalArgumentException if {@code n} would cut valid steps or exceeds the steps.
     * @throws IndexOutOfBoundsException if the destination is too small (it is then unchanged).
     */
    public void copyStepsTo(FloatBuffer dest, int offset, int n) {
        if (n < length || n > steps) {
            throw new IllegalArgumentException("Cannot copy " + n + " steps of a sequence of " + length + " valid steps out of " + steps);
        }
        int total = n * dim;
        if (offset < 0 || offset > dest.limit() - total) {
            throw new ArrayIndexOutOfBoundsException("Cannot copy " + total + " values to offset " + offset + " of a buffer of "
                    + dest.limit());
        }
        int stored = Math.min(values.length, total);
        dest.put(offset, values, 0, stored);
        for (int i = offset + stored; i < offset + total; i++) {
            dest.put(i, 0f);
        }
    }

    /**
     * A copy of the values, padding included.
     * @return The {@code steps * dim} values, row-major.
     */
    public float[] toArray() {
        return Arrays.copyOf(values, steps * dim);
    }

    /**
     * Whether the frame at a step is entirely zero (a missing frame, or padding).
     * @param step The step.
     * @return True if every value of the frame is zero.
     * @throws IndexOutOfBoundsException if the step is out of range.
     */
    public boolean isZeroFrame(int step) {
        if (step < 0 || step >= steps) {
            throw new IndexOutOfBoundsException("Step " + step + " outside [0, " + steps + ")");
        }
        if (step >= rows()) {
            return true;
        }
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
        return new FeatureSequence(steps, dim, length, v);
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

    /**
     * Equal when the shapes, the valid lengths and all {@code steps * dim} values (compared as
     * {@link Arrays#equals(float[], float[])} does) are equal, however many rows each stores.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof FeatureSequence)) {
            return false;
        }
        FeatureSequence that = (FeatureSequence) o;
        if (steps != that.steps || dim != that.dim || length != that.length) {
            return false;
        }
        float[] shorter = values.length <= that.values.length ? values : that.values;
        float[] longer = shorter == values ? that.values : values;
        if (!Arrays.equals(shorter, 0, shorter.length, longer, 0, shorter.length)) {
            return false;
        }
        for (int i = shorter.length; i < longer.length; i++) {
            if (Float.floatToIntBits(longer[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The hash of the shape, the valid length and {@link Arrays#hashCode(float[])} of all {@code steps * dim} values.
     */
    @Override
    public int hashCode() {
        // Arrays.hashCode continued over the unstored zeros: each multiplies the hash by 31.
        int h = Arrays.hashCode(values);
        int factor = 31;
        for (int zeros = steps * dim - values.length; zeros > 0; zeros >>>= 1) {
            if ((zeros & 1) != 0) {
                h *= factor;
            }
            factor *= factor;
        }
        return 31 * (31 * (31 * steps + dim) + length) + h;
    }

    @Override
    public String toString() {
        return "FeatureSequence(" + steps + "x" + dim + ", length=" + length + ")";
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        try {
            checkShape(steps, dim, length);
        } catch (IllegalArgumentException e) {
            throw new InvalidObjectException(e.getMessage());
        }
        if (values == null || (dim == 0 ? values.length != 0 : values.length % dim != 0 || values.length / dim < length
                || values.length / dim > steps)) {
            throw new InvalidObjectException("Stored values do not fit a " + steps + " x " + dim + " sequence of valid length " + length);
        }
    }
}
