package dev.cider.maci;

import java.util.Arrays;

/**
 * A numeric array read from a NumPy {@code .npy} file: its shape and its values in C (row-major) order,
 * widened to double.
 *
 * @param shape  The dimensions (empty for a scalar).
 * @param values The values, {@code product(shape)} of them, row-major.
 */
public record NpyArray(int[] shape, double[] values) {

    /**
     * Checks that the number of values matches the shape, and copies both.
     */
    public NpyArray {
        shape = shape.clone();
        values = values.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " needs " + n + " values, found " + values.length);
        }
    }

    /** @return A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** @return A copy of the values. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** @return The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** @return The number of values. */
    public int size() {
        return values.length;
    }

    /**
     * One value by flat (row-major) index.
     * @param index The index.
     * @return The value.
     */
    public double get(int index) {
        return values[index];
    }

    /**
     * The values narrowed to float.
     * @return A new float array, row-major.
     */
    public float[] toFloatArray() {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray && Arrays.equals(shape, ((NpyArray) o).shape) && Arrays.equals(values, ((NpyArray) o).values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "NpyArray(shape=" + Arrays.toString(shape) + ")";
    }
}
