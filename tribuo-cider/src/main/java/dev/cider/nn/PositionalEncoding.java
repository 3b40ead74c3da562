package dev.cider.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The parameter-free sinusoidal temporal encoding: {@code PE[t, 2i] = sin(t / 10000^(2i/d))},
 * {@code PE[t, 2i+1] = cos(t / 10000^(2i/d))}.
 */
public final class PositionalEncoding {

    private PositionalEncoding() {
    }

    /**
     * The encoding of positions {@code 0 .. steps-1}.
     * @param steps The number of positions.
     * @param dim The feature size {@code d}.
     * @return The values, row-major (steps x dim).
     */
    public static float[] sinusoid(int steps, int dim) {
        float[] values = new float[steps * dim];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < dim; i++) {
                double frequency = Math.pow(10000.0, -(double) (i - (i % 2)) / dim);
                double angle = t * frequency;
                values[t * dim + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return values;
    }

    /**
     * The encoding of the concatenation of {@code segments} sequences of {@code steps} positions each.
     * @param manager The manager of the result.
     * @param segments The number of segments (3 for text | audio | vision).
     * @param steps The positions per segment.
     * @param dim The feature size {@code d}.
     * @param restartPerSegment True: each segment is encoded {@code 0 .. steps-1} (time-aligned segments);
     *                          false: positions run {@code 0 .. segments*steps-1} over the concatenation.
     * @return (segments*steps, d), to be broadcast over the batch.
     */
    public static NDArray of(NDManager manager, int segments, int steps, int dim, boolean restartPerSegment) {
        float[] values;
        if (restartPerSegment) {
            float[] one = sinusoid(steps, dim);
            values = new float[segments * one.length];
            for (int s = 0; s < segments; s++) {
                System.arraycopy(one, 0, values, s * one.length, one.length);
            }
        } else {
            values = sinusoid(segments * steps, dim);
        }
        return OwnedArrays.create(manager, values, new ai.djl.ndarray.types.Shape(segments * (long) steps, dim));
    }
}
