package dev.cider.model;

import dev.cider.data.source.pickle.NpyFiles;
import dev.cider.data.source.pickle.NumpyArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The audio or vision frames a caller supplies for a new utterance: a {@code steps x dim} matrix of floats, row-major,
 * every row a frame. Only the shape is checked here; {@link UtteranceEncoder} checks the values and the dimension
 * against a model.
 *
 * @param steps  The number of frames, at least 1.
 * @param dim    The features per frame, at least 1.
 * @param values The {@code steps * dim} values, row-major.
 */
public record UtteranceFrames(int steps, int dim, float[] values) {

    /**
     * Checks the shape and copies the values.
     * @throws IllegalArgumentException if a dimension is not positive or the number of values does not match.
     */
    public UtteranceFrames {
        if (steps <= 0 || dim <= 0) {
            throw new IllegalArgumentException("frames of shape [" + steps + ", " + dim + "]: both dimensions must be at least 1"
                    + " (leave a modality out to declare it missing)");
        }
        if ((long) steps * dim != values.length) {
            throw new IllegalArgumentException("shape [" + steps + ", " + dim + "] needs " + ((long) steps * dim) + " values, found "
                    + values.length);
        }
        values = values.clone();
    }

    /**
     * Frames from rows.
     * @param rows One array per frame, all of the same length.
     * @return The frames.
     * @throws IllegalArgumentException if there are no rows or they differ in length.
     */
    public static UtteranceFrames ofRows(float[][] rows) {
        if (rows.length == 0) {
            return new UtteranceFrames(0, 0, new float[0]);
        }
        int dim = rows[0].length;
        float[] values = new float[rows.length * dim];
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != dim) {
                throw new IllegalArgumentException("frame " + t + " has " + rows[t].length + " values, frame 0 has " + dim);
            }
            System.arraycopy(rows[t], 0, values, t * dim, dim);
        }
        return new UtteranceFrames(rows.length, dim, values);
    }

    /**
     * Reads frames from a NumPy {@code .npy} file of shape {@code (T, D)} (a numeric dtype, C or Fortran order).
     * @param file The file.
     * @return The frames.
     * @throws IOException naming the file if it cannot be read or is not a float array.
     * @throws IllegalArgumentException naming the file if the array is not two-dimensional or is empty.
     */
    public static UtteranceFrames readNpy(Path file) throws IOException {
        NumpyArray array = NpyFiles.read(file);
        if (array.ndim() != 2) {
            throw new IllegalArgumentException(file + ": expected a 2-d array (frames x features), found shape "
                    + Arrays.toString(array.shape()));
        }
        try {
            return new UtteranceFrames(Math.toIntExact(array.dim(0)), Math.toIntExact(array.dim(1)), array.toFloatArray());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * One value.
     * @param step The frame.
     * @param d The feature.
     * @return The value.
     */
    public float get(int step, int d) {
        return values[step * dim + d];
    }

    /** @return A copy of the values, row-major. */
    @Override
    public float[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UtteranceFrames f && f.steps == steps && f.dim == dim && Arrays.equals(f.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * steps + dim) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "UtteranceFrames[" + steps + " x " + dim + "]";
    }
}
